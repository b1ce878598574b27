"""My Photos in a real browser (Debian's headless Chromium at phone size): a citizen signs
in through the development provider by keyboard, sees their photos, previews and downloads
one in another background, opens their child's page in the family album, and reads "who used
my photo". Screenshots go to out/screenshots/me-*.png for a person to look at."""

import pytest

from conftest import FIXTURES, relaxed_catalog
from library_server import LibraryServer, resident_id, setup_site_and_staff

from browser_support import SCREENSHOTS, browser as headless, finished_download, needs_chromium  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.support.ui import Select, WebDriverWait  # noqa: E402

pytestmark = needs_chromium
PARENT = resident_id("33090219800101002")
CHILD = resident_id("33090220150601003")


def shot(driver, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    # The whole page, as a person scrolling a phone would see it in turn.
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(412, min(max(height + 140, 915), 6000))
    driver.save_screenshot(str(SCREENSHOTS / f"me-{name}.png"))
    driver.set_window_size(412, 915)


def metadata(number, name):
    return {"identity": {"type": "resident-id", "number": number}, "name": name, "siteCode": "DH-W01", "deviceId": "CAM-1",
            "channel": "window", "location": {"lat": 30.0197, "lon": 122.1067}}


@pytest.fixture
def library(tmp_path):
    catalog = relaxed_catalog(tmp_path, FIXTURES / "portrait.jpg")
    cli = setup_site_and_staff(tmp_path)
    assert cli("staff", "add", "sa1", "--role", "site-admin", "--site", "DH-W01", "--password-stdin", stdin="siteadmin-password\n").returncode == 0
    server = LibraryServer(tmp_path, catalog=catalog, env={"PHOTOONCE_DEV_IDENTITY": "1"}).start(timeout=120)
    try:
        operator = server.login("op1", "operator-password")
        portrait = (FIXTURES / "portrait.jpg").read_bytes()
        for number, name in [(PARENT, "王建国"), (CHILD, "王小雨")]:
            status, body = server.upload(operator, portrait, metadata(number, name))
            assert status == 201, body
        assert server.json("GET", f"/api/v1/persons/resident-id/{PARENT}/status", token=operator)[0] == 200
        admin = server.login("sa1", "siteadmin-password")
        status, link = server.json("POST", "/api/v1/family-links", {
            "kind": "guardian", "person": {"type": "resident-id", "number": PARENT}, "relative": {"type": "resident-id", "number": CHILD},
            "relationship": "父亲 father", "evidence": "户口簿 household register"}, token=admin)
        assert status == 201, link
        yield server, tmp_path, link["linkId"], admin
    finally:
        server.stop()


def browser(downloads):
    driver = headless(width=412, height=915)
    driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    return driver


def loaded_images(driver, selector):
    return driver.execute_script(f"return [...document.querySelectorAll('{selector}')].filter(i => i.complete && i.naturalWidth > 0).length")


def test_citizen_signs_in_sees_downloads_and_opens_the_family_album(library):
    server, tmp_path, link_id, admin = library
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    driver = browser(downloads)
    try:
        # Not signed in: My Photos sends the citizen to sign in.
        driver.get(server.base + "/me")
        WebDriverWait(driver, 20).until(lambda d: d.current_url.endswith("/me/sign-in"))
        WebDriverWait(driver, 20).until(lambda d: d.find_element(By.ID, "dev").is_displayed())
        assert not driver.find_element(By.ID, "oidc").is_displayed(), "no platform button when OIDC is not configured"
        assert "开发用" in driver.find_element(By.ID, "dev-title").text
        shot(driver, "1-sign-in")

        # By keyboard only: Tab to the number, type, Tab to the name, Enter.
        body = driver.find_element(By.TAG_NAME, "body")
        body.send_keys(Keys.TAB)
        for _ in range(6):
            if driver.switch_to.active_element.get_attribute("name") == "number":
                break
            driver.switch_to.active_element.send_keys(Keys.TAB)
        active = driver.switch_to.active_element
        assert active.get_attribute("name") == "number"
        outline = driver.execute_script("return getComputedStyle(document.activeElement).outlineStyle")
        assert outline not in ("none", ""), "focus is visible"
        active.send_keys(PARENT, Keys.TAB)
        driver.switch_to.active_element.send_keys("王建国", Keys.ENTER)

        WebDriverWait(driver, 30).until(lambda d: d.current_url.endswith("/me"))
        WebDriverWait(driver, 60).until(lambda d: loaded_images(d, "#photos img") == 5)
        assert "王建国" in driver.find_element(By.ID, "who").text
        WebDriverWait(driver, 30).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#access-list li"))
        WebDriverWait(driver, 30).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#family-list li"))
        shot(driver, "2-my-photos")

        # Preview and download one-inch on blue as PNG.
        form = driver.find_element(By.ID, "download-form")
        Select(form.find_element(By.NAME, "spec")).select_by_value("one-inch")
        Select(form.find_element(By.NAME, "background")).select_by_value("blue")
        Select(form.find_element(By.NAME, "format")).select_by_value("png")
        form.find_element(By.CSS_SELECTOR, "[data-action=preview]").click()
        WebDriverWait(driver, 90).until(lambda d: loaded_images(d, "#download-form .preview img") == 1)
        driver.execute_script("document.getElementById('download').scrollIntoView()")
        shot(driver, "3-preview-blue")
        form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        saved = finished_download(downloads, "one-inch-blue.png", timeout=90)
        assert saved, list(downloads.iterdir())
        assert saved.read_bytes()[:4] == b"\x89PNG"

        # An official spec offers only its regulated background.
        Select(form.find_element(By.NAME, "spec")).select_by_value("cn-id-card")
        options = [o.get_attribute("value") for o in form.find_elements(By.CSS_SELECTOR, "[name=background] option")]
        assert options == ["white"], options

        # Who used my photo: the photo site's lookup (by role and site, no staff name) and the citizen's own views.
        log = driver.find_element(By.ID, "access-list").text
        assert "拍照点工作人员" in log and "op1" not in log
        assert "本人" in log

        # The family album: the child's page.
        link = driver.find_element(By.CSS_SELECTOR, "#family-list a.button")
        assert "王小雨" in link.text
        link.click()
        WebDriverWait(driver, 30).until(lambda d: "/me/family/" in d.current_url)
        WebDriverWait(driver, 60).until(lambda d: loaded_images(d, "#photos img") == 5)
        assert "王小雨" in driver.find_element(By.ID, "title").text
        WebDriverWait(driver, 30).until(lambda d: "家庭成员" in d.find_element(By.ID, "access-list").text)
        assert driver.find_element(By.ID, "back").is_displayed()
        assert not driver.find_element(By.ID, "family").is_displayed()
        shot(driver, "4-family-member")

        # A site admin ends the link (a court decision): the page says so instead of the photos.
        status, _ = server.json("DELETE", f"/api/v1/family-links/{link_id}?reason=court%20decision", token=admin)
        assert status == 200
        driver.refresh()
        WebDriverWait(driver, 30).until(lambda d: d.find_element(By.ID, "notice").is_displayed())
        notice = driver.find_element(By.ID, "notice").text
        assert "撤销" in notice and "revoked" in notice and "court decision" in notice
        assert not driver.find_element(By.ID, "current").is_displayed()
        shot(driver, "5-family-link-ended")

        # Back on one's own page the link shows as revoked; signing out returns to the sign-in page.
        driver.find_element(By.ID, "back").click()
        WebDriverWait(driver, 30).until(lambda d: d.current_url.endswith("/me"))
        WebDriverWait(driver, 30).until(lambda d: "已撤销" in d.find_element(By.ID, "family-list").text)
        assert not driver.find_elements(By.CSS_SELECTOR, "#family-list a.button"), "no way in through a revoked link"
        WebDriverWait(driver, 30).until(lambda d: d.find_element(By.ID, "sign-out").is_displayed())
        driver.find_element(By.ID, "sign-out").click()
        WebDriverWait(driver, 30).until(lambda d: d.current_url.endswith("/me/sign-in"))
    finally:
        driver.quit()
