"""The audit log end to end: identity lookups over HTTP are recorded, the auditor's page
finds them and verifies the chain, and `photoonce audit verify` passes on the intact log
and fails at the record someone edited in the database file."""
import sqlite3
import subprocess

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from browser_support import browser, needs_chromium, shot
from conftest import BIN
from library_server import LibraryServer, resident_id, setup_site_and_staff

CITIZEN = resident_id("33090219800101002")


def audit_verify(data_dir):
    return subprocess.run([str(BIN), "audit", "verify", "--data-dir", str(data_dir)], capture_output=True, text=True)


def test_lookups_are_audited_and_verify_finds_an_edited_record(tmp_path):
    cli = setup_site_and_staff(tmp_path)
    assert cli("staff", "add", "aud1", "--role", "auditor", "--password-stdin", stdin="auditor-password\n").returncode == 0
    server = LibraryServer(tmp_path).start(timeout=120)
    try:
        operator = server.login("op1", "operator-password")
        for _ in range(3):
            status, _ = server.json("GET", f"/api/v1/persons/resident-id/{CITIZEN}/status", token=operator)
            assert status == 200
        auditor = server.login("aud1", "auditor-password")
        status, page = server.json("GET", f"/api/v1/audit?identityType=resident-id&identityNumber={CITIZEN}", token=auditor)
        assert status == 200
        # The auditor's own search by identity is recorded before it runs; it names no
        # person here (the citizen was never photographed), so the three lookups remain.
        lookups = [r for r in page["records"] if r["action"] == "person.status"]
        assert len(lookups) == 0, "a person never photographed has no person id to search by"
        status, page = server.json("GET", "/api/v1/audit?action=person.status&actor=op1", token=auditor)
        assert status == 200 and len(page["records"]) == 3
        assert all(r["ip"] == "127.0.0.1" and r["outcome"] == "allowed" for r in page["records"])
        status, operator_search = server.json("GET", "/api/v1/audit", token=operator)
        assert status == 403 and operator_search["error"] == "forbidden"
    finally:
        assert server.stop() == 0

    intact = audit_verify(tmp_path)
    assert intact.returncode == 0, intact.stdout + intact.stderr
    assert "intact" in intact.stdout

    database = sqlite3.connect(tmp_path / "photoonce.sqlite")
    try:
        database.execute("UPDATE audit_records SET ip = '10.0.0.1' WHERE seq = 2")
        raise AssertionError("the database refused no edit of the audit log")
    except sqlite3.DatabaseError as refused:
        assert "append-only" in str(refused)
    # A database administrator can drop the triggers; the chain still gives the edit away.
    database.execute("DROP TRIGGER audit_records_no_update")
    database.execute("UPDATE audit_records SET ip = '10.0.0.1' WHERE seq = 2")
    database.commit()
    database.close()
    broken = audit_verify(tmp_path)
    assert broken.returncode == 4
    assert "broken at record 2" in broken.stdout and "altered" in broken.stdout


@needs_chromium
def test_auditor_page_searches_and_verifies(tmp_path):
    cli = setup_site_and_staff(tmp_path)
    assert cli("staff", "add", "aud1", "--role", "auditor", "--password-stdin", stdin="auditor-password\n").returncode == 0
    server = LibraryServer(tmp_path).start(timeout=120)
    driver = browser()
    try:
        operator = server.login("op1", "operator-password")
        assert server.json("GET", f"/api/v1/persons/resident-id/{CITIZEN}/status", token=operator)[0] == 200
        driver.get(server.base + "/audit")
        WebDriverWait(driver, 10).until(lambda d: d.find_element(By.ID, "signin").is_displayed())
        shot(driver, "audit-1-signin")
        driver.find_element(By.NAME, "username").send_keys("op1")
        driver.find_element(By.NAME, "password").send_keys("operator-password\n")
        WebDriverWait(driver, 10).until(lambda d: "auditors" in d.find_element(By.CSS_SELECTOR, "#signin-form .error").text)
        driver.find_element(By.NAME, "username").clear()
        driver.find_element(By.NAME, "username").send_keys("aud1")
        driver.find_element(By.NAME, "password").send_keys("auditor-password\n")
        WebDriverWait(driver, 10).until(lambda d: d.find_element(By.ID, "log").is_displayed())
        WebDriverWait(driver, 10).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#records tbody tr")) >= 1)
        first = driver.find_element(By.CSS_SELECTOR, "#records tbody tr").text
        assert "op1" in first and "Reuse check" in first and "allowed" in first
        driver.find_element(By.ID, "verify").click()
        WebDriverWait(driver, 10).until(lambda d: "Intact" in d.find_element(By.ID, "chain-result").text)
        shot(driver, "audit-2-log")
        # Keyboard only: choose an action and search.
        action = driver.find_element(By.CSS_SELECTOR, "#search-form [name=action]")
        action.send_keys("授权")
        driver.find_element(By.CSS_SELECTOR, "#search-form [name=actor]").send_keys("nobody\n")
        WebDriverWait(driver, 10).until(lambda d: "No records" in d.find_element(By.ID, "summary").text)
    finally:
        driver.quit()
        assert server.stop() == 0
