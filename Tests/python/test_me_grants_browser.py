"""Consent on My Photos in a real browser (phone size): the citizen picks a published
matter, makes a one-time code shown as text and QR code, the department redeems it, the
grant then shows as used; a second code is revoked on the page and its redemption refused.
Screenshots go to out/screenshots/me-grants-*.png."""
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from browser_support import browser, needs_chromium, shot
from conftest import FIXTURES, relaxed_catalog
from library_server import LibraryServer, resident_id, setup_site_and_staff

pytestmark = needs_chromium
CITIZEN = resident_id("33090219800101002")


def test_citizen_makes_a_code_the_department_redeems_it_and_a_revoked_one_is_refused(tmp_path):
    catalog = relaxed_catalog(tmp_path, FIXTURES / "portrait.jpg")
    data = tmp_path / "library"
    data.mkdir()
    cli = setup_site_and_staff(data)
    for args, stdin in [
        (("departments", "add", "HEALTHCARE", "--name", "市医疗保障局 Healthcare Security Administration"), None),
        (("matters", "add", "MED-INS-CARD", "--department", "HEALTHCARE", "--spec", "cn-id-card", "--name", "医保卡申领 Medical insurance card",
          "--purpose", "医保卡申领", "--purpose-en", "medical insurance card", "--consent", "required"), None),
        (("staff", "add", "health-desk", "--role", "department-user", "--department", "HEALTHCARE", "--password-stdin"), "department-password\n"),
    ]:
        result = cli(*args, stdin=stdin)
        assert result.returncode == 0, (args, result.stdout, result.stderr)
    server = LibraryServer(data, catalog=catalog, env={"PHOTOONCE_DEV_IDENTITY": "1"}).start(timeout=120)
    driver = browser(width=412, height=915)
    try:
        operator = server.login("op1", "operator-password")
        status, body = server.upload(operator, (FIXTURES / "portrait.jpg").read_bytes(), {
            "identity": {"type": "resident-id", "number": CITIZEN}, "name": "王建国", "siteCode": "DH-W01", "deviceId": "CAM-1", "channel": "window"})
        assert status == 201, body
        clerk = server.login("health-desk", "department-password")

        driver.get(server.base + "/me/sign-in")
        form = WebDriverWait(driver, 20).until(lambda d: d.find_element(By.ID, "dev-form"))
        WebDriverWait(driver, 20).until(lambda d: form.is_displayed())
        form.find_element(By.NAME, "number").send_keys(CITIZEN)
        form.find_element(By.NAME, "name").send_keys("王建国\n")
        grants = WebDriverWait(driver, 30).until(lambda d: d.find_element(By.ID, "grants"))
        WebDriverWait(driver, 30).until(lambda d: grants.is_displayed())
        assert driver.find_element(By.ID, "grant-empty").is_displayed()

        def make_code():
            Select(driver.find_element(By.CSS_SELECTOR, "#grant-form [name=matter]")).select_by_value("MED-INS-CARD")
            assert "valid 10 min, 1 use" in driver.find_element(By.ID, "matter-policy").text
            driver.find_element(By.CSS_SELECTOR, "#grant-form button[type=submit]").click()
            WebDriverWait(driver, 20).until(lambda d: d.find_element(By.ID, "grant-issued").is_displayed()
                                            and d.execute_script("const i = document.getElementById('grant-qr'); return i.complete && i.naturalWidth > 0"))
            return driver.find_element(By.ID, "grant-code").text

        code = make_code()
        assert len(code.replace("-", "")) >= 8
        assert "min" in driver.find_element(By.ID, "grant-expiry").text
        WebDriverWait(driver, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#grant-list li[data-status=active]"))
        shot(driver, "me-grants-1-code")

        status, photo = server.json("POST", "/api/v1/share/redeem", {"code": code}, token=clerk)
        assert status == 200, photo
        driver.refresh()
        WebDriverWait(driver, 30).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#grant-list li[data-status=used]"))
        assert "已使用" in driver.find_element(By.CSS_SELECTOR, "#grant-list li[data-status=used]").text

        second = make_code()
        revoke = WebDriverWait(driver, 10).until(lambda d: d.find_element(By.CSS_SELECTOR, "#grant-list li[data-status=active] button"))
        revoke.click()
        WebDriverWait(driver, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#grant-list li[data-status=revoked]"))
        assert not driver.find_element(By.ID, "grant-issued").is_displayed(), "a revoked code is no longer shown"
        shot(driver, "me-grants-2-revoked")
        status, refused = server.json("POST", "/api/v1/share/redeem", {"code": second}, token=clerk)
        assert status == 410 and refused["error"] == "grant_revoked"
    finally:
        driver.quit()
        assert server.stop() == 0
