"""Department sharing over HTTP against the real server: a citizen grants, the department
redeems once, the second redemption is refused, the auditor sees both, the audit chain
verifies, and a record altered directly in the SQLite file makes verify fail at that record.
Also: a department system's signed fetch with the documented signing recipe."""
import base64
import hashlib
import hmac
import json
import sqlite3
import subprocess
import time
import uuid

from conftest import BIN, FIXTURES, relaxed_catalog
from library_server import LibraryServer, resident_id, setup_site_and_staff

ALICE = resident_id("33090219800101002")


def capture_metadata(number):
    return {"identity": {"type": "resident-id", "number": number}, "name": "测试 Alice", "siteCode": "DH-W01",
            "deviceId": "CAM-1", "channel": "window", "location": {"lat": 30.0197, "lon": 122.1067}}


def set_up_library(tmp_path):
    """A site, an operator, a department with a matter, a department user and an auditor,
    all through the command line; Alice photographed once."""
    catalog = relaxed_catalog(tmp_path, FIXTURES / "portrait.jpg")
    data = tmp_path / "library"
    data.mkdir()
    cli = setup_site_and_staff(data)
    for args, stdin in [
        (("departments", "add", "HEALTHCARE", "--name", "市医疗保障局 Healthcare Security Administration"), None),
        (("matters", "add", "MED-INS-CARD", "--department", "HEALTHCARE", "--spec", "cn-id-card", "--name", "医保卡申领 Medical insurance card",
          "--purpose", "医保卡申领", "--purpose-en", "medical insurance card", "--consent", "required", "--watermark"), None),
        (("departments", "add", "MSA", "--name", "海事局 Maritime Safety Administration"), None),
        (("staff", "add", "health-desk", "--role", "department-user", "--department", "HEALTHCARE", "--password-stdin"), "department-password\n"),
        (("staff", "add", "msa-desk", "--role", "department-user", "--department", "MSA", "--password-stdin"), "department-password\n"),
        (("staff", "add", "auditor1", "--role", "auditor", "--password-stdin"), "auditor-password\n"),
    ]:
        result = cli(*args, stdin=stdin)
        assert result.returncode == 0, (args, result.stdout, result.stderr)
    server = LibraryServer(data, catalog=catalog)
    server.args.append("--dev-identity")
    server.start(timeout=120)
    operator = server.login("op1", "operator-password")
    status, body = server.upload(operator, (FIXTURES / "portrait.jpg").read_bytes(), capture_metadata(ALICE))
    assert status == 201, body
    status, citizen = server.json("POST", "/dev/identity/login", {"identity": {"type": "resident-id", "number": ALICE}, "name": "测试 Alice"})
    assert status == 200, citizen
    return data, cli, server, citizen["token"]


def verify(data):
    return subprocess.run([str(BIN), "audit", "verify", "--data-dir", str(data)], capture_output=True, text=True)


def test_mistakes_in_the_registry_are_refused_with_a_reason(tmp_path):
    data = tmp_path / "library"
    data.mkdir()
    cli = setup_site_and_staff(data)
    assert cli("departments", "add", "HRSS", "--name", "人社局").returncode == 0
    refused = [
        (cli("matters", "add", "X", "--department", "NOPE", "--spec", "cn-id-card", "--name", "x"), "NOPE"),
        (cli("matters", "add", "X", "--department", "HRSS", "--spec", "cn-id-card", "--name", "x", "--background", "blue"), "white"),
        (cli("matters", "add", "X", "--department", "HRSS", "--spec", "two-inch", "--name", "x"), "not stored"),
        (cli("matters", "add", "X", "--department", "HRSS", "--spec", "cn-id-card", "--name", "x", "--consent", "maybe"), "legal-basis"),
        (cli("staff", "add", "d1", "--role", "department-user", "--password-stdin", stdin="long-enough\n"), "--department"),
        (cli("staff", "add", "d1", "--role", "operator", "--site", "DH-W01", "--department", "HRSS", "--password-stdin", stdin="long-enough\n"), "leave out"),
    ]
    for result, reason in refused:
        assert result.returncode != 0
        assert reason in result.stderr + result.stdout, result.stderr
    added = cli("matters", "add", "CITIZEN-CARD", "--department", "HRSS", "--spec", "cn-id-card", "--name", "市民卡")
    assert added.returncode == 0, added.stderr
    listed = cli("matters", "list")
    assert "CITIZEN-CARD\tHRSS\tv1\tcn-id-card/white\trequired" in listed.stdout
    assert cli("matters", "policy", "CITIZEN-CARD", "--spec", "cn-id-card", "--watermark").returncode == 0
    assert "v2" in cli("matters", "list", "--department", "HRSS").stdout
    assert "1 matters" in cli("departments", "list").stdout


def test_grant_redeem_audit_and_tampering(tmp_path):
    data, cli, server, citizen = set_up_library(tmp_path)
    try:
        status, matters = server.json("GET", "/api/v1/matters")
        assert status == 200 and [m["code"] for m in matters] == ["MED-INS-CARD"] and matters[0]["watermark"] is True

        status, grant = server.json("POST", "/api/v1/me/grants", {"matterCode": "MED-INS-CARD"}, token=citizen)
        assert status == 201, grant
        code = grant["code"]
        assert len(code.replace("-", "")) >= 8 and base64.b64decode(grant["qrPng"])[:8] == b"\x89PNG\r\n\x1a\n"

        desk = server.login("health-desk", "department-password")
        other = server.login("msa-desk", "department-password")
        status, refused = server.json("POST", "/api/v1/share/redeem", {"code": code}, token=other)
        assert (status, refused["error"]) == (403, "wrong_department")

        status, photo = server.json("POST", "/api/v1/share/redeem", {"code": code, "purpose": "医保卡新办"}, token=desk)
        assert status == 200, photo
        jpeg = base64.b64decode(photo["photo"])
        assert jpeg[:2] == b"\xff\xd8" and photo["watermarked"] is True and photo["spec"] == "cn-id-card"
        (tmp_path / "shared.jpg").write_bytes(jpeg)

        status, again = server.json("POST", "/api/v1/share/redeem", {"code": code}, token=desk)
        assert (status, again["error"]) == (409, "grant_used")

        status, grants = server.json("GET", "/api/v1/me/grants", token=citizen)
        assert status == 200 and grants[0]["status"] == "used"

        auditor = server.login("auditor1", "auditor-password")
        status, found = server.json("GET", f"/api/v1/audit?identityType=resident-id&identityNumber={ALICE}&action=grant.redeem", token=auditor)
        assert status == 200, found
        redemptions = [r for r in found["records"] if r["grantId"] == grant["grantId"]]
        outcomes = sorted(r["outcome"] for r in redemptions)
        assert outcomes == ["allowed", "grant_used", "wrong_department"], outcomes
        allowed = next(r for r in redemptions if r["outcome"] == "allowed")
        assert allowed["actorName"] == "health-desk" and allowed["departmentCode"] == "HEALTHCARE" and allowed["purpose"] == "医保卡新办"
        assert allowed["matterCode"] == "MED-INS-CARD" and allowed["photoId"] == photo["photoId"]
    finally:
        assert server.stop() == 0

    intact = verify(data)
    assert intact.returncode == 0, intact.stdout + intact.stderr
    assert "intact" in intact.stdout

    # An administrator with the database file drops the append-only triggers and edits the
    # record of the allowed redemption to hide who received the photo.
    database = sqlite3.connect(data / "photoonce.sqlite")
    database.execute("DROP TRIGGER audit_records_no_update")
    database.execute("DROP TRIGGER audit_records_no_delete")
    seq, = database.execute("SELECT seq FROM audit_records WHERE action = 'grant.redeem' AND outcome = 'allowed'").fetchone()
    database.execute("UPDATE audit_records SET actor_name = 'someone-else' WHERE seq = ?", (seq,))
    database.commit()
    database.close()
    broken = verify(data)
    assert broken.returncode == 4, broken.stdout + broken.stderr
    assert f"broken at record {seq}" in broken.stdout, broken.stdout


def sign(key_id, secret, method, path, body, timestamp=None, nonce=None):
    """The signing recipe exactly as the API document states it."""
    timestamp = str(int(time.time()) if timestamp is None else timestamp)
    nonce = nonce or uuid.uuid4().hex
    message = "\n".join([method, path, timestamp, nonce, hashlib.sha256(body).hexdigest()])
    signature = hmac.new(secret.encode(), message.encode(), hashlib.sha256).hexdigest()
    return {"Content-Type": "application/json", "X-PhotoOnce-Key-Id": key_id, "X-PhotoOnce-Timestamp": timestamp,
            "X-PhotoOnce-Nonce": nonce, "X-PhotoOnce-Signature": signature}


def test_department_system_fetches_with_a_signed_request(tmp_path):
    data, cli, server, citizen = set_up_library(tmp_path)
    try:
        issued = cli("departments", "credentials", "add", "HEALTHCARE")
        assert issued.returncode == 0, issued.stderr
        lines = dict(line.split(": ", 1) for line in issued.stdout.splitlines() if ": " in line)
        key_id, secret = lines["key id"], lines["secret"]
        stored = sqlite3.connect(data / "photoonce.sqlite").execute("SELECT secret_sealed FROM department_credentials").fetchone()[0]
        assert secret not in stored

        status, grant = server.json("POST", "/api/v1/me/grants", {"matterCode": "MED-INS-CARD"}, token=citizen)
        body = json.dumps({"matterCode": "MED-INS-CARD", "purpose": "医保卡制卡", "grantCode": grant["code"]}).encode()
        path = "/api/v1/system/photos"
        stale = sign(key_id, secret, "POST", path, body, timestamp=int(time.time()) - 400)
        status, answer, _ = server.request("POST", path, body, headers=stale)
        assert status == 401 and json.loads(answer)["error"] == "signature_stale"
        headers = sign(key_id, secret, "POST", path, body)
        status, answer, _ = server.request("POST", path, body, headers=headers)
        assert status == 200, answer
        assert json.loads(answer)["grantId"] == grant["grantId"]
        status, answer, _ = server.request("POST", path, body, headers=headers)
        assert status == 401 and json.loads(answer)["error"] == "signature_replayed"
        forged = sign(key_id, "sk_guess", "POST", path, body)
        status, answer, _ = server.request("POST", path, body, headers=forged)
        assert status == 401 and json.loads(answer)["error"] == "signature_invalid"
    finally:
        assert server.stop() == 0
