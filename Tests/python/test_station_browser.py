"""The capture station in a real browser: Debian's headless Chromium with a fake camera that
plays a y4m made from the project's portrait. The passing portrait is shot automatically,
accepted and found in the library through the API; two faces get guidance and no shot.
Screenshots of every view go to out/screenshots/ for a person to look at."""
import json
import subprocess
import time
from pathlib import Path

import cv2
import numpy as np
import pytest

from conftest import BIN, FIXTURES, PORTRAITS, relaxed_catalog
from library_server import LibraryServer, resident_id, setup_site_and_staff

from browser_support import SCREENSHOTS, browser, needs_chromium, shot  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

pytestmark = needs_chromium
CITIZEN = resident_id("33090219800101002")


def write_y4m(image_path, y4m_path, frames=2):
    """A y4m (a text header, then raw I420 frames) showing the image; Chromium loops it."""
    image = cv2.imread(str(image_path))
    height, width = (image.shape[0] // 2) * 2, (image.shape[1] // 2) * 2
    i420 = cv2.cvtColor(image[:height, :width], cv2.COLOR_BGR2YUV_I420)
    with open(y4m_path, "wb") as out:
        out.write(f"YUV4MPEG2 W{width} H{height} F5:1 Ip A1:1 C420jpeg\n".encode())
        for _ in range(frames):
            out.write(b"FRAME\n")
            out.write(i420.tobytes())
    return y4m_path


def framed(image_path, out_path):
    """The portrait as a station camera frames it: the fixture's head touches the top edge,
    so the wall above it is extended (edge rows repeated) until the face sits in the oval."""
    image = cv2.imread(str(image_path))
    padded = cv2.copyMakeBorder(image, image.shape[0] * 2 // 5, 0, 0, 0, cv2.BORDER_REPLICATE)
    cv2.imwrite(str(out_path), padded)
    return out_path


def widened_catalog(folder, image):
    """The relaxed catalog with its relaxed bands widened: the camera path (I420, canvas,
    JPEG, 640-px live frames) moves the measured values a little from the file's."""
    catalog = relaxed_catalog(folder, image)
    manifest = json.loads((catalog / "catalog.json").read_text())
    for name, band in manifest["quality"].items():
        if "min" in band.get("pass", {}) and "max" in band.get("pass", {}) and "note" not in band:
            low, high = band["pass"]["min"], band["pass"]["max"]
            if band.get("warn", {}).get("min") == low - 1:
                slack = max(2.0, 0.3 * abs((low + high) / 2))
                band["pass"] = {"min": low - slack, "max": high + slack}
                band["warn"] = {"min": low - 2 * slack, "max": high + 2 * slack}
    (catalog / "catalog.json").write_text(json.dumps(manifest))
    return catalog


def view(driver, name, timeout=30):
    WebDriverWait(driver, timeout).until(lambda d: d.execute_script("return document.body.dataset.view") == name)


def sign_in_and_identify(driver, server, prefix, reuse=False):
    driver.get(server.base + "/station")
    view(driver, "signin")
    shot(driver, f"{prefix}-1-signin")
    driver.find_element(By.NAME, "username").send_keys("op1")
    driver.find_element(By.NAME, "password").send_keys("operator-password\n")
    view(driver, "place")
    WebDriverWait(driver, 10).until(lambda d: d.find_element(By.CSS_SELECTOR, "#place-form [name=device] option"))
    shot(driver, f"{prefix}-2-place")
    driver.find_element(By.CSS_SELECTOR, "#place-form button[type=submit]").click()
    view(driver, "identify")
    # A card reader types the number and Enter; the name follows.
    number = driver.find_element(By.CSS_SELECTOR, "#identify-form [name=number]")
    number.send_keys(CITIZEN + "\n")
    driver.switch_to.active_element.send_keys("测试 王小明\n")
    WebDriverWait(driver, 10).until(lambda d: d.find_element(By.ID, "reuse").is_displayed())
    if reuse:
        WebDriverWait(driver, 10).until(lambda d: d.find_element(By.ID, "reuse-yes").is_displayed())
    shot(driver, f"{prefix}-3-identify")
    driver.find_element(By.ID, "reuse-new").click()
    view(driver, "camera")


@pytest.fixture
def station(tmp_path):
    started = []

    def start(portrait):
        camera = framed(portrait, tmp_path / "camera.png")
        y4m = write_y4m(camera, tmp_path / "camera.y4m")
        passing = camera if portrait.name == "portrait.jpg" else framed(FIXTURES / "portrait.jpg", tmp_path / "passing.png")
        catalog = widened_catalog(tmp_path, passing)
        setup_site_and_staff(tmp_path)
        server = LibraryServer(tmp_path, catalog=catalog, env={"PHOTOONCE_DEV_IDENTITY": "1"}).start(timeout=120)
        driver = browser(y4m)
        started.append((server, driver))
        return server, driver

    yield start
    for server, driver in started:
        driver.quit()
        server.stop()


def test_station_shoots_automatically_accepts_and_the_library_has_the_capture(station):
    server, driver = station(FIXTURES / "portrait.jpg")
    sign_in_and_identify(driver, server, "station-pass")
    # Guidance shows, then every check passes for a moment and the station shoots by itself.
    WebDriverWait(driver, 30).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#checks li"))
    shot(driver, "station-pass-4-camera")
    view(driver, "result", timeout=60)
    WebDriverWait(driver, 90).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#photos img"))
    WebDriverWait(driver, 10).until(lambda d: d.find_element(By.ID, "accept").is_enabled())
    shot(driver, "station-pass-5-result")
    sizes = driver.execute_script("return [...document.querySelectorAll('#photos img')].map(i => [i.naturalWidth, i.naturalHeight])")
    assert [358, 441] in sizes, sizes
    driver.find_element(By.ID, "accept").click()
    view(driver, "done", timeout=60)
    shot(driver, "station-pass-6-done")
    capture_id = driver.find_element(By.ID, "done").get_attribute("data-capture-id")

    token = server.login("op1", "operator-password")
    status, capture = server.json("GET", f"/api/v1/captures/{capture_id}", token=token)
    assert status == 200, capture
    assert capture["channel"] == "window" and capture["deviceId"] == "CAM-1"
    assert capture["person"]["name"] == "测试 王小明"
    status, reuse = server.json("GET", f"/api/v1/persons/resident-id/{CITIZEN}/status", token=token)
    assert reuse["captureID"] == capture_id

    # The next identification of the same person offers the library's photos.
    driver.find_element(By.ID, "next").click()
    view(driver, "identify")
    driver.find_element(By.CSS_SELECTOR, "#identify-form [name=number]").send_keys(CITIZEN + "\n")
    driver.switch_to.active_element.send_keys("测试 王小明\n")
    WebDriverWait(driver, 10).until(lambda d: d.find_element(By.ID, "reuse-yes").is_displayed())
    assert "已有有效照片" in driver.find_element(By.ID, "reuse-text").text
    # The library's photos are shown so the operator can compare the face at the window.
    WebDriverWait(driver, 20).until(lambda d: d.execute_script(
        "const i = [...document.querySelectorAll('#reuse-photos img')]; return i.length >= 4 && i.every(x => x.complete && x.naturalWidth > 0)"))
    shot(driver, "station-pass-7-reuse")

    # A phone link for the person, as a QR code they scan at the window: it holds the link.
    driver.find_element(By.ID, "phone-link").click()
    WebDriverWait(driver, 20).until(lambda d: d.execute_script("const i = document.getElementById('phone-link-qr'); return !i.hidden && i.complete && i.naturalWidth > 0"))
    shot(driver, "station-pass-8-phone-link")
    png = driver.execute_script("return document.getElementById('phone-link-qr').src").split(",", 1)[1]
    code = cv2.imdecode(np.frombuffer(__import__("base64").b64decode(png), np.uint8), cv2.IMREAD_GRAYSCALE)
    # The Aruco-based reader: the classic QRCodeDetector misses valid codes of this size (version 15+).
    decoded, _, _ = cv2.QRCodeDetectorAruco().detectAndDecode(cv2.resize(code, None, fx=2, fy=2, interpolation=cv2.INTER_NEAREST))
    assert decoded == driver.find_element(By.ID, "phone-link-url").get_attribute("value")
    assert decoded.startswith(server.base + "/capture#link1.")


def test_station_guides_and_never_shoots_two_faces(station):
    server, driver = station(FIXTURES / "two-faces.jpg")
    sign_in_and_identify(driver, server, "station-two-faces")
    WebDriverWait(driver, 30).until(lambda d: "只有您一人" in d.find_element(By.ID, "advice").text)
    deadline = time.time() + 8
    while time.time() < deadline:
        assert driver.execute_script("return document.body.dataset.view") == "camera", "the station shot two faces"
        time.sleep(0.5)
    assert "Make sure only you are in the picture" in driver.find_element(By.ID, "advice").text
    # Read in one step: the live guidance redraws the list every frame, so an element found
    # first and asked later may already be gone (a stale element failed it once).
    assert driver.execute_script("return document.querySelector('#checks li[data-check=single_face]')?.className") == "fail"
    shot(driver, "station-two-faces-4-camera")
    token = server.login("op1", "operator-password")
    status, reuse = server.json("GET", f"/api/v1/persons/resident-id/{CITIZEN}/status", token=token)
    assert status == 200 and reuse["registered"] is False, "nothing reached the library"


def test_offline_capture_waits_in_the_queue_and_arrives_once_when_the_server_returns(station):
    server, driver = station(FIXTURES / "portrait.jpg")
    sign_in_and_identify(driver, server, "station-offline")
    WebDriverWait(driver, 30).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#checks li"))
    driver.find_element(By.ID, "auto").click()  # the operator shoots by hand while the line is down
    assert server.stop() == 0
    driver.find_element(By.ID, "shutter").click()
    view(driver, "result", timeout=30)
    WebDriverWait(driver, 30).until(lambda d: d.find_element(By.ID, "accept").is_enabled())
    shot(driver, "station-offline-5-result")
    driver.find_element(By.ID, "accept").click()
    view(driver, "done", timeout=30)
    WebDriverWait(driver, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#queue-list li[data-state=waiting]"))
    shot(driver, "station-offline-6-queued")
    capture_id = driver.find_element(By.CSS_SELECTOR, "#queue-list li").get_attribute("data-capture-id")

    server.start(timeout=120)
    WebDriverWait(driver, 60).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#queue-list li[data-state=uploaded]"))
    shot(driver, "station-offline-7-uploaded")
    # A second flush of the same entry changes nothing: the library is idempotent on captureId.
    driver.execute_script("window.dispatchEvent(new Event('online'))")
    time.sleep(2)
    token = server.login("op1", "operator-password")
    status, capture = server.json("GET", f"/api/v1/captures/{capture_id}", token=token)
    assert status == 200, capture
    status, history = server.json("GET", f"/api/v1/persons/resident-id/{CITIZEN}/photos", token=token)
    assert [c["captureId"].lower() for c in history["captures"]] == [capture_id.lower()]


def test_phone_self_capture_with_a_link_lands_on_channel_phone(station):
    server, driver = station(FIXTURES / "portrait.jpg")
    driver.set_window_size(412, 915)
    token = server.login("op1", "operator-password")
    status, issued = server.json("POST", "/api/v1/capture-links", {"identity": {"type": "resident-id", "number": CITIZEN},
                                                                   "name": "测试 王小明", "siteCode": "DH-W01"}, token=token)
    assert status == 201, issued
    driver.get(server.base + issued["url"])
    view(driver, "before")
    assert "#" not in driver.current_url, "the token is taken out of the address bar"
    shot(driver, "capture-1-before")
    driver.find_element(By.ID, "start").click()
    view(driver, "camera")
    WebDriverWait(driver, 30).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#checks li"))
    shot(driver, "capture-2-camera")
    view(driver, "result", timeout=60)
    WebDriverWait(driver, 90).until(lambda d: d.find_element(By.ID, "accept").is_enabled())
    shot(driver, "capture-3-result")
    driver.find_element(By.ID, "accept").click()
    view(driver, "done", timeout=60)
    shot(driver, "capture-4-done")
    capture_id = driver.find_element(By.ID, "done").get_attribute("data-capture-id")
    status, capture = server.json("GET", f"/api/v1/captures/{capture_id}", token=token)
    assert status == 200 and capture["channel"] == "phone", capture


def test_signed_in_citizen_takes_their_own_photo_on_the_phone(station):
    server, driver = station(FIXTURES / "portrait.jpg")
    driver.set_window_size(412, 915)
    added = subprocess.run([str(BIN), "sites", "add", "ONLINE", "--name", "网上自助拍照", "--kind", "online", "--data-dir", str(server.data_dir)],
                           capture_output=True, text=True)
    assert added.returncode == 0, added.stderr
    driver.get(server.base + "/capture")
    view(driver, "nolink")
    driver.find_element(By.ID, "sign-in").click()
    form = WebDriverWait(driver, 20).until(lambda d: d.find_element(By.ID, "dev-form"))
    WebDriverWait(driver, 20).until(lambda d: form.is_displayed())
    form.find_element(By.NAME, "number").send_keys(CITIZEN)
    form.find_element(By.NAME, "name").send_keys("测试 王小明\n")
    view(driver, "before", timeout=30)
    assert driver.current_url.endswith("/capture"), "sign-in returns to the page that asked for it"
    assert "测试 王小明" in driver.find_element(By.ID, "who").text
    shot(driver, "capture-citizen-1-before")
    driver.find_element(By.ID, "start").click()
    view(driver, "result", timeout=90)
    WebDriverWait(driver, 90).until(lambda d: d.find_element(By.ID, "accept").is_enabled())
    driver.find_element(By.ID, "accept").click()
    view(driver, "done", timeout=60)
    shot(driver, "capture-citizen-2-done")
    capture_id = driver.find_element(By.ID, "done").get_attribute("data-capture-id")
    added = subprocess.run([str(BIN), "staff", "add", "city1", "--role", "city-admin", "--password-stdin", "--data-dir", str(server.data_dir)],
                           input="city-password\n", capture_output=True, text=True)
    assert added.returncode == 0, added.stderr
    token = server.login("city1", "city-password")
    status, capture = server.json("GET", f"/api/v1/captures/{capture_id}", token=token)
    assert status == 200 and capture["channel"] == "phone" and capture["siteCode"] == "ONLINE", capture
    assert capture["person"]["identityNumber"] == CITIZEN


def test_phone_page_without_a_link_says_so(station):
    server, driver = station(FIXTURES / "portrait.jpg")
    driver.set_window_size(412, 915)
    driver.get(server.base + "/capture")
    view(driver, "nolink")
    shot(driver, "capture-0-no-link")


@pytest.mark.skipif(not (PORTRAITS / "deepface__img13.jpg").exists(), reason="needs the shared portraits (../shared/testdata/portraits)")
def test_a_different_face_for_the_same_number_needs_a_site_admin_on_the_spot(station):
    server, driver = station(FIXTURES / "portrait.jpg")
    added = subprocess.run([str(BIN), "staff", "add", "adm1", "--role", "site-admin", "--site", "DH-W01", "--password-stdin",
                            "--data-dir", str(server.data_dir)], input="admin-password\n", capture_output=True, text=True)
    assert added.returncode == 0, added.stderr
    token = server.login("op1", "operator-password")
    earlier = (PORTRAITS / "deepface__img13.jpg").read_bytes()
    status, body = server.upload(token, earlier, {"identity": {"type": "resident-id", "number": CITIZEN}, "name": "测试 王小明",
                                                 "siteCode": "DH-W01", "deviceId": "CAM-1", "channel": "window"})
    assert status == 201, body
    sign_in_and_identify(driver, server, "station-mismatch", reuse=True)
    view(driver, "result", timeout=90)
    WebDriverWait(driver, 90).until(lambda d: d.find_element(By.ID, "accept").is_enabled())
    driver.find_element(By.ID, "accept").click()
    WebDriverWait(driver, 60).until(lambda d: d.find_element(By.ID, "override").is_displayed())
    shot(driver, "station-mismatch-6-override")
    form = driver.find_element(By.ID, "override")
    form.find_element(By.NAME, "username").send_keys("adm1")
    form.find_element(By.NAME, "password").send_keys("admin-password")
    form.find_element(By.NAME, "reason").send_keys("本人持证现场核验 / ID checked in person")
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    view(driver, "done", timeout=60)
    capture_id = driver.find_element(By.ID, "done").get_attribute("data-capture-id")
    status, capture = server.json("GET", f"/api/v1/captures/{capture_id}", token=token)
    assert status == 200 and capture["override"], capture


def keys(driver, *sequence):
    """Presses keys on whatever has the focus, as a person at the keyboard would."""
    from selenium.webdriver.common.action_chains import ActionChains
    ActionChains(driver).send_keys(*sequence).perform()


def focus_is_visible(driver):
    """The focused element draws the focus ring (a 4-px outline), not just the browser's default."""
    return driver.execute_script(
        "const s = getComputedStyle(document.activeElement, ':focus-visible');"
        "const e = document.activeElement; const c = getComputedStyle(e);"
        "const el = e.closest('label.file-button') || e;"
        "const w = parseFloat(getComputedStyle(el).outlineWidth);"
        "return e !== document.body && getComputedStyle(el).outlineStyle !== 'none' && w >= 3;")


def test_mobile_team_by_keyboard_alone_with_a_studio_file_and_its_gps_position(station):
    """A mobile team's station, keyboard only: sign in, choose the site, identify, upload the
    studio camera's file, accept; the capture carries the device's GPS position."""
    from selenium.webdriver.common.keys import Keys
    server, driver = station(FIXTURES / "portrait.jpg")
    cli = lambda *args, stdin=None: subprocess.run([str(BIN), *args, "--data-dir", str(server.data_dir)], input=stdin,  # noqa: E731
                                                   capture_output=True, text=True)
    for result in [cli("sites", "add", "SS-M01", "--name", "嵊泗 mobile team", "--kind", "mobile", "--lat", "30.7252", "--lon", "122.4514"),
                   cli("devices", "add", "CAM-M1", "--site", "SS-M01"),
                   cli("staff", "add", "mob1", "--role", "operator", "--site", "SS-M01", "--password-stdin", stdin="mobile-password\n")]:
        assert result.returncode == 0, result.stderr
    driver.execute_cdp_cmd("Browser.grantPermissions", {"origin": server.base, "permissions": ["geolocation"]})
    driver.execute_cdp_cmd("Emulation.setGeolocationOverride", {"latitude": 30.7081, "longitude": 122.8213, "accuracy": 12})

    driver.get(server.base + "/station")
    view(driver, "signin")
    keys(driver, "mob1", Keys.TAB, "mobile-password", Keys.ENTER)
    view(driver, "place")
    WebDriverWait(driver, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#place-form [name=device] option"))
    assert focus_is_visible(driver)
    keys(driver, Keys.TAB, Keys.TAB, Keys.ENTER)  # site → device → Save
    view(driver, "identify")
    keys(driver, CITIZEN, Keys.ENTER, "测试 王小明", Keys.ENTER)
    WebDriverWait(driver, 10).until(lambda d: d.find_element(By.ID, "reuse").is_displayed())
    assert driver.switch_to.active_element.get_attribute("id") == "reuse-new" and focus_is_visible(driver)
    keys(driver, Keys.ENTER)
    view(driver, "camera")
    WebDriverWait(driver, 20).until(lambda d: "±12" in d.find_element(By.ID, "location").text)
    driver.find_element(By.ID, "auto").send_keys(Keys.SPACE)  # no automatic shot: the file is the master
    # Tab to the file button; the file chooser itself is the operating system's, so the file
    # is handed to the input as the chooser would.
    for _ in range(6):
        if driver.switch_to.active_element.get_attribute("id") == "file":
            break
        keys(driver, Keys.SHIFT, Keys.TAB, Keys.SHIFT)
    assert driver.switch_to.active_element.get_attribute("id") == "file" and focus_is_visible(driver)
    shot(driver, "station-keyboard-4-camera")
    driver.switch_to.active_element.send_keys(str(server.data_dir / "camera.png"))
    view(driver, "result", timeout=60)
    WebDriverWait(driver, 90).until(lambda d: d.find_element(By.ID, "accept").is_enabled())
    # A passing photo puts the focus on Accept: Enter saves it.
    assert driver.switch_to.active_element.get_attribute("id") == "accept" and focus_is_visible(driver)
    shot(driver, "station-keyboard-5-result")
    keys(driver, Keys.ENTER)
    view(driver, "done", timeout=60)
    assert driver.switch_to.active_element.get_attribute("id") == "next"
    capture_id = driver.find_element(By.ID, "done").get_attribute("data-capture-id")
    token = server.login("mob1", "mobile-password")
    status, capture = server.json("GET", f"/api/v1/captures/{capture_id}", token=token)
    assert status == 200, capture
    assert capture["channel"] == "mobile" and capture["deviceId"] == "CAM-M1"
    assert capture["location"] == {"lat": 30.7081, "lon": 122.8213}


def test_a_refused_queue_entry_can_be_retried_or_removed(station):
    server, driver = station(FIXTURES / "portrait.jpg")
    sign_in_and_identify(driver, server, "station-queue")
    # An entry the library refused while the operator was away (here: not an image).
    driver.execute_script("""
        const done = arguments[0];
        const open = indexedDB.open("photoonce", 1);
        open.onupgradeneeded = () => open.result.createObjectStore("captures", { keyPath: "captureId" });
        open.onsuccess = () => {
          const tx = open.result.transaction("captures", "readwrite");
          tx.objectStore("captures").put({ captureId: crypto.randomUUID(), image: new Blob(["not a photo"], { type: "image/jpeg" }),
            metadata: JSON.stringify({ identity: { type: "resident-id", number: arguments[1] }, name: "测试 王小明", siteCode: "DH-W01",
                                       deviceId: "CAM-1", channel: "window" }),
            state: "attention", label: "测试 王小明 · 09:00", queuedAt: new Date().toISOString(), message: "earlier refusal" });
          tx.oncomplete = () => done();
        };""".replace("arguments[1]", json.dumps(CITIZEN)).replace("const done = arguments[0];", "const done = arguments[arguments.length - 1];"))
    driver.execute_script("window.dispatchEvent(new Event('online'))")
    # The list is redrawn whenever the queue moves, so elements are looked up and used in one step.
    def press(action):
        return driver.execute_script(f"const b = document.querySelector('#queue-list li[data-state=attention] [data-action={action}]');"
                                     "if (b) b.click(); return Boolean(b);")

    def attention_text():
        return driver.execute_script("return document.querySelector('#queue-list li[data-state=attention]')?.textContent || ''")

    WebDriverWait(driver, 20).until(lambda d: "earlier refusal" in attention_text())
    shot(driver, "station-queue-1-attention")
    assert press("retry")
    # Sent again, refused again, with the library's reason.
    WebDriverWait(driver, 30).until(lambda d: "not a JPEG, PNG or WebP photo" in attention_text())
    shot(driver, "station-queue-2-refused-again")
    press("remove")  # the confirmation opens while the click runs, so the script returns no value
    driver.switch_to.alert.dismiss()
    assert driver.find_elements(By.CSS_SELECTOR, "#queue-list li"), "dismissing the question keeps the entry"
    press("remove")
    driver.switch_to.alert.accept()
    WebDriverWait(driver, 10).until(lambda d: not d.find_elements(By.CSS_SELECTOR, "#queue-list li"))
    assert not driver.find_element(By.ID, "queue").is_displayed()
