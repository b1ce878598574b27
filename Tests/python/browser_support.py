"""Headless Chromium for the page tests: Debian's chromium and chromium-driver through
selenium, an optional fake camera, and screenshots under out/screenshots/ to look at."""
import shutil
import time

import pytest

from conftest import ROOT

selenium = pytest.importorskip("selenium", reason="selenium is not installed (scripts/bootstrap --test installs it)")
from selenium import webdriver  # noqa: E402

CHROMIUM = shutil.which("chromium")
DRIVER = shutil.which("chromedriver")
needs_chromium = pytest.mark.skipif(not (CHROMIUM and DRIVER),
                                    reason="needs Debian's chromium and chromium-driver (scripts/bootstrap --test installs them)")
SCREENSHOTS = ROOT / "out" / "screenshots"


def browser(y4m=None, width=1366, height=1000):
    """Headless Chromium; with `y4m`, a fake camera that loops that video."""
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    arguments = ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", f"--window-size={width},{height}", "--lang=zh-CN"]
    if y4m:
        arguments += ["--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream", f"--use-file-for-fake-video-capture={y4m}"]
    for argument in arguments:
        options.add_argument(argument)
    return webdriver.Chrome(service=webdriver.ChromeService(executable_path=DRIVER), options=options)


def shot(driver, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    driver.save_screenshot(str(SCREENSHOTS / f"{name}.png"))


def finished_download(folder, pattern, timeout):
    """The first file in `folder` matching `pattern` once Chromium has finished writing it
    (no partial .crdownload left, and a size that no longer changes), or None at `timeout`
    seconds. The name can appear before the bytes are in it."""
    deadline, last = time.time() + timeout, None
    while time.time() < deadline:
        files = sorted(folder.glob(pattern))
        if files and not list(folder.glob("*.crdownload")):
            size = files[0].stat().st_size
            if size > 0 and size == last:
                return files[0]
            last = size
        time.sleep(0.2)
    return None
