"""The department portal in a real browser (Debian's headless Chromium): a department user
signs in, types a citizen's code, sees the photo and downloads it; a used code is refused
in words; a second code is read from the camera (a fake camera showing the QR image the
citizen got). Screenshots go to out/screenshots/share-*.png for a person to look at."""
import base64
import shutil

import cv2
import numpy as np
import pytest

from test_sharing_flow import set_up_library
from browser_support import browser as station_browser, finished_download, shot
from test_station_browser import write_y4m

selenium = pytest.importorskip("selenium", reason="selenium is not installed (scripts/bootstrap --test installs it)")
from selenium import webdriver  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

CHROMIUM = shutil.which("chromium")
DRIVER = shutil.which("chromedriver")
pytestmark = pytest.mark.skipif(not (CHROMIUM and DRIVER),
                                reason="needs Debian's chromium and chromium-driver (scripts/bootstrap --test installs them)")


def phone_showing(qr_png, out_path):
    """A camera frame: the QR code on a phone-like white card, on a grey counter."""
    code = cv2.imdecode(np.frombuffer(qr_png, np.uint8), cv2.IMREAD_COLOR)
    frame = np.full((720, 1280, 3), 120, np.uint8)
    card = cv2.resize(code, (420, 420), interpolation=cv2.INTER_NEAREST)
    frame[150:570, 430:850] = card
    cv2.imwrite(str(out_path), frame)
    return out_path


def browser(y4m, downloads, width=1366, height=1000):
    """The station test's Chromium with a fake camera, saving downloads to `downloads`."""
    driver = station_browser(y4m, width=width, height=height)
    driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    return driver


def view(driver, name, timeout=30):
    WebDriverWait(driver, timeout).until(lambda d: d.execute_script("return document.body.dataset.view") == name)


def test_department_user_types_a_code_sees_and_downloads_the_photo_then_scans_another(tmp_path):
    data, cli, server, citizen = set_up_library(tmp_path)
    driver = None
    try:
        status, typed = server.json("POST", "/api/v1/me/grants", {"matterCode": "MED-INS-CARD"}, token=citizen)
        assert status == 201, typed
        status, scanned = server.json("POST", "/api/v1/me/grants", {"matterCode": "MED-INS-CARD"}, token=citizen)
        camera = phone_showing(base64.b64decode(scanned["qrPng"]), tmp_path / "phone.png")
        downloads = tmp_path / "downloads"
        downloads.mkdir()
        driver = browser(write_y4m(camera, tmp_path / "camera.y4m"), downloads)

        driver.get(server.base + "/share")
        view(driver, "signin")
        assert driver.switch_to.active_element.get_attribute("name") == "username", "the username field has the focus"
        shot(driver, "share-1-signin")
        driver.find_element(By.NAME, "username").send_keys("health-desk")
        driver.find_element(By.NAME, "password").send_keys("department-password\n")
        view(driver, "redeem")
        assert driver.switch_to.active_element.get_attribute("id") == "code", "ready to type the code"

        # Typed as a person reads it off a phone: lower case, without the dash; Enter submits.
        driver.switch_to.active_element.send_keys(typed["code"].replace("-", "").lower())
        shot(driver, "share-2-code")
        driver.switch_to.active_element.send_keys(Keys.ENTER)
        view(driver, "result")
        WebDriverWait(driver, 10).until(lambda d: d.execute_script("return document.getElementById('photo').naturalWidth") > 0)
        size = driver.execute_script("const i = document.getElementById('photo'); return [i.naturalWidth, i.naturalHeight]")
        assert size == [358, 441], size
        facts = driver.find_element(By.ID, "facts").text
        assert "测试 Alice" in facts and "MED-INS-CARD" in facts and "有 · yes" in facts
        shot(driver, "share-3-photo")

        # Download by keyboard: Tab from the result heading's section reaches the download link.
        link = driver.find_element(By.ID, "download")
        assert link.get_attribute("href").startswith("blob:") and link.get_attribute("download").endswith(".jpg")
        link.send_keys(Keys.ENTER)
        saved = finished_download(downloads, "*.jpg", timeout=15)
        assert saved and saved.read_bytes()[:2] == b"\xff\xd8", "the photo was downloaded"
        photo = cv2.imread(str(saved))
        assert photo.shape[:2] == (441, 358)

        # The same code again: refused in words, the field selected for the next try.
        driver.find_element(By.ID, "next").click()
        view(driver, "redeem")
        driver.switch_to.active_element.send_keys(typed["code"] + Keys.ENTER)
        WebDriverWait(driver, 10).until(lambda d: "已使用过" in d.find_element(By.ID, "redeem-error").text)
        assert "has been used" in driver.find_element(By.ID, "redeem-error").text
        shot(driver, "share-4-used")

        # The camera: the citizen holds up the QR code; the server reads it and the photo follows.
        driver.find_element(By.ID, "scan-start").click()
        WebDriverWait(driver, 10).until(lambda d: d.execute_script("return document.getElementById('scan-video').videoWidth") > 0
                                        or d.execute_script("return document.body.dataset.view") == "result")
        shot(driver, "share-5-scanning")
        view(driver, "result", timeout=60)
        WebDriverWait(driver, 10).until(lambda d: d.execute_script("return document.getElementById('photo').naturalWidth") > 0)
        assert driver.find_element(By.ID, "code").get_attribute("value") == scanned["code"]
        shot(driver, "share-6-scanned")

        status, grants = server.json("GET", "/api/v1/me/grants", token=citizen)
        assert sorted(g["status"] for g in grants) == ["used", "used"]
    finally:
        if driver:
            driver.quit()
        assert server.stop() == 0


def test_portal_fits_a_narrow_window(tmp_path):
    data, cli, server, citizen = set_up_library(tmp_path)
    driver = None
    try:
        blank = np.full((480, 640, 3), 90, np.uint8)
        cv2.imwrite(str(tmp_path / "blank.png"), blank)
        driver = browser(write_y4m(tmp_path / "blank.png", tmp_path / "blank.y4m"), tmp_path, width=420, height=900)
        driver.get(server.base + "/share")
        view(driver, "signin")
        driver.find_element(By.NAME, "username").send_keys("health-desk")
        driver.find_element(By.NAME, "password").send_keys("department-password\n")
        view(driver, "redeem")
        overflow = driver.execute_script("return document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"the page scrolls sideways by {overflow}px"
        shot(driver, "share-7-narrow")
    finally:
        if driver:
            driver.quit()
        assert server.stop() == 0
