"""Citizen sign-in through an OpenID Connect provider, for real: a small provider in this
test (discovery, JWKS, authorize, token) signs RS256 ID tokens with its own key, and the
server, configured with it as issuer, must run the authorization code flow with PKCE, state
and nonce, verify the tokens, and refuse every bad one with a clear error."""
import base64
import hashlib
import json
import re
import secrets
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from library_server import LibraryServer, free_port, resident_id

crypto = pytest.importorskip("cryptography", reason="cryptography is not installed (scripts/bootstrap --test installs it)")
from cryptography.hazmat.primitives import hashes, serialization  # noqa: E402
from cryptography.hazmat.primitives.asymmetric import padding, rsa  # noqa: E402

CLIENT_ID, CLIENT_SECRET = "photoonce-node", "s3cret-for-tests"
CITIZEN = resident_id("33090219800101002")


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def b64url_uint(n):
    return b64url(n.to_bytes((n.bit_length() + 7) // 8, "big"))


class Provider:
    """A minimal OpenID provider. `mode` picks what the next ID token gets wrong."""

    def __init__(self):
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.other_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.port = free_port()
        self.issuer = f"http://127.0.0.1:{self.port}"
        self.mode = "good"
        self.codes = {}
        self.token_requests = []
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def reply(self, status, body=None, headers=None):
                data = json.dumps(body).encode() if body is not None else b""
                self.send_response(status)
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                if body is not None:
                    self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self):
                url = urllib.parse.urlparse(self.path)
                query = dict(urllib.parse.parse_qsl(url.query))
                if url.path == "/.well-known/openid-configuration":
                    return self.reply(200, {"issuer": provider.issuer, "authorization_endpoint": provider.issuer + "/authorize",
                                            "token_endpoint": provider.issuer + "/token", "jwks_uri": provider.issuer + "/jwks",
                                            "response_types_supported": ["code"], "id_token_signing_alg_values_supported": ["RS256"],
                                            "code_challenge_methods_supported": ["S256"]})
                if url.path == "/jwks":
                    numbers = provider.key.public_key().public_numbers()
                    return self.reply(200, {"keys": [{"kty": "RSA", "use": "sig", "alg": "RS256", "kid": "k1",
                                                      "n": b64url_uint(numbers.n), "e": b64url_uint(numbers.e)}]})
                if url.path == "/authorize":
                    assert query["response_type"] == "code" and query["client_id"] == CLIENT_ID
                    assert query["code_challenge_method"] == "S256" and len(query["code_challenge"]) == 43
                    assert "openid" in query["scope"].split()
                    code = secrets.token_urlsafe(16)
                    provider.codes[code] = query
                    target = query["redirect_uri"] + "?" + urllib.parse.urlencode({"code": code, "state": query["state"]})
                    return self.reply(302, headers={"Location": target})
                return self.reply(404, {"error": "not_found"})

            def do_POST(self):
                if self.path != "/token":
                    return self.reply(404, {"error": "not_found"})
                form = dict(urllib.parse.parse_qsl(self.rfile.read(int(self.headers["Content-Length"])).decode()))
                provider.token_requests.append(form)
                expected = "Basic " + base64.b64encode(f"{CLIENT_ID}:{CLIENT_SECRET}".encode()).decode()
                if self.headers.get("Authorization") != expected:
                    return self.reply(401, {"error": "invalid_client"})
                request = provider.codes.pop(form.get("code"), None)
                if form.get("grant_type") != "authorization_code" or request is None or form.get("redirect_uri") != request["redirect_uri"]:
                    return self.reply(400, {"error": "invalid_grant", "error_description": "unknown or used code"})
                challenge = b64url(hashlib.sha256(form.get("code_verifier", "").encode()).digest())
                if challenge != request["code_challenge"]:
                    return self.reply(400, {"error": "invalid_grant", "error_description": "PKCE verifier does not match"})
                return self.reply(200, {"access_token": "at", "token_type": "Bearer", "expires_in": 300,
                                        "id_token": provider.id_token(request["nonce"])})

        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def id_token(self, nonce):
        now = int(time.time())
        claims = {"iss": self.issuer, "sub": "citizen-42", "aud": CLIENT_ID, "iat": now, "exp": now + 300, "nonce": nonce,
                  "name": "柯林斯 Collins", "id_type": "resident-id", "id_number": CITIZEN}
        key = self.key
        if self.mode == "wrong_nonce":
            claims["nonce"] = "not-the-nonce"
        elif self.mode == "expired":
            claims["iat"], claims["exp"] = now - 900, now - 600
        elif self.mode == "bad_signature":
            key = self.other_key
        elif self.mode == "wrong_audience":
            claims["aud"] = "another-client"
        elif self.mode == "wrong_issuer":
            claims["iss"] = "http://127.0.0.1:1/evil"
        header = {"alg": "RS256", "typ": "JWT", "kid": "k1"}
        signing_input = b64url(json.dumps(header).encode()) + "." + b64url(json.dumps(claims).encode())
        signature = key.sign(signing_input.encode(), padding.PKCS1v15(), hashes.SHA256())
        return signing_input + "." + b64url(signature)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


OPENER = urllib.request.build_opener(NoRedirect)


def get(url, cookie=None):
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    try:
        with OPENER.open(request, timeout=60) as response:
            return response.status, response.read().decode(), response.headers
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(), error.headers


def begin(server):
    """Starts a sign-in: the server's redirect to the provider and the state cookie."""
    status, _, headers = get(server.base + "/me/sign-in/oidc")
    assert status == 303, status
    location = headers["Location"]
    assert location.startswith(server.env["PHOTOONCE_OIDC_ISSUER"] + "/authorize?")
    cookie = headers["Set-Cookie"].split(";")[0]
    assert cookie.startswith("photoonce_oidc_state=") and "HttpOnly" in headers["Set-Cookie"]
    status, _, headers = get(location)
    assert status == 302
    return headers["Location"], cookie


def finish(callback, cookie):
    return get(callback, cookie)


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    provider = Provider()
    server = LibraryServer(tmp_path_factory.mktemp("oidc"))
    server.env.update({"PHOTOONCE_OIDC_ISSUER": provider.issuer, "PHOTOONCE_OIDC_CLIENT_ID": CLIENT_ID,
                       "PHOTOONCE_OIDC_CLIENT_SECRET": CLIENT_SECRET,
                       "PHOTOONCE_OIDC_REDIRECT_URI": f"{server.base}/me/sign-in/oidc/callback"})
    server.start(timeout=120)
    yield provider, server
    assert server.stop() == 0
    provider.server.shutdown()


def test_sign_in_page_offers_the_platform_and_not_the_development_provider(setup):
    provider, server = setup
    status, options = server.json("GET", "/api/v1/me/sign-in-options")
    assert status == 200 and options["development"] is False
    assert options["openIdConnect"]["start"] == "/me/sign-in/oidc"
    assert server.json("POST", "/dev/identity/login", {"identity": {"type": "resident-id", "number": CITIZEN}, "name": "x"})[0] == 404


def test_good_sign_in_opens_a_citizen_session(setup):
    provider, server = setup
    provider.mode = "good"
    callback, cookie = begin(server)
    status, html, headers = finish(callback, cookie)
    assert status == 200, html
    assert headers["Cache-Control"] == "no-store"
    token = re.search(r'name="photoonce-citizen-token" content="(cit_[^"]+)"', html).group(1)
    assert token not in callback, "the token never travels in a URL"
    form = provider.token_requests[-1]
    assert len(form["code_verifier"]) >= 43
    status, me = server.json("GET", "/api/v1/me", token=token)
    assert status == 200, me
    assert me["person"]["name"] == "柯林斯 Collins" and me["person"]["identityMasked"].startswith("3309")
    status, log = server.json("GET", "/api/v1/me/access-log", token=token)
    assert any(e["action"] == "citizen.sign-in" and e["byThemselves"] for e in log["entries"])
    # The same answer again (a replayed callback) is refused: state is single use.
    status, html, _ = finish(callback, cookie)
    assert status == 400 and "oidc_state_mismatch" in html


def test_state_from_another_browser_is_refused(setup):
    provider, server = setup
    provider.mode = "good"
    callback, cookie = begin(server)
    status, html, _ = finish(callback, "photoonce_oidc_state=someone-elses")
    assert status == 400 and "oidc_state_mismatch" in html
    tampered = re.sub(r"state=[^&]+", "state=forged", callback)
    status, html, _ = finish(tampered, cookie)
    assert status == 400 and "oidc_state_mismatch" in html


@pytest.mark.parametrize("mode, code", [("wrong_nonce", "oidc_nonce_mismatch"), ("expired", "oidc_token_expired"),
                                        ("bad_signature", "oidc_bad_signature"), ("wrong_audience", "oidc_wrong_audience"),
                                        ("wrong_issuer", "oidc_wrong_issuer")])
def test_bad_id_tokens_are_refused_with_a_clear_error(setup, mode, code):
    provider, server = setup
    provider.mode = mode
    try:
        callback, cookie = begin(server)
        status, html, _ = finish(callback, cookie)
    finally:
        provider.mode = "good"
    assert status == 401, html
    assert f'data-error="{code}"' in html
    assert "cit_" not in html
    assert "重新登录" in html and "Sign in again" in html


def test_in_a_browser_the_platform_button_signs_in_and_opens_my_photos(setup):
    """The whole flow as a person does it: the sign-in page offers only the platform, its
    button goes through the provider and back, and My Photos opens signed in."""
    import shutil
    from conftest import ROOT
    selenium = pytest.importorskip("selenium")
    from selenium import webdriver
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait
    chromium, driver_path = shutil.which("chromium"), shutil.which("chromedriver")
    if not (chromium and driver_path):
        pytest.skip("needs Debian's chromium and chromium-driver")
    provider, server = setup
    provider.mode = "good"
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for argument in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=412,915", "--lang=zh-CN"]:
        options.add_argument(argument)
    driver = webdriver.Chrome(service=webdriver.ChromeService(executable_path=driver_path), options=options)
    try:
        driver.get(server.base + "/me/sign-in")
        WebDriverWait(driver, 20).until(lambda d: d.find_element(By.ID, "oidc").is_displayed())
        assert not driver.find_element(By.ID, "dev").is_displayed(), "no development sign-in on this server"
        (ROOT / "out" / "screenshots").mkdir(parents=True, exist_ok=True)
        driver.save_screenshot(str(ROOT / "out" / "screenshots" / "me-oidc-sign-in.png"))
        driver.find_element(By.ID, "oidc-button").click()
        WebDriverWait(driver, 30).until(lambda d: d.current_url == server.base + "/me")
        WebDriverWait(driver, 30).until(lambda d: "柯林斯" in d.find_element(By.ID, "who").text)
        assert "cit_" not in driver.current_url
        WebDriverWait(driver, 30).until(lambda d: d.find_element(By.ID, "no-photos").is_displayed())
        driver.save_screenshot(str(ROOT / "out" / "screenshots" / "me-oidc-signed-in.png"))
        # An expired token from the provider: the error page says so and offers to start again.
        provider.mode = "expired"
        driver.get(server.base + "/me/sign-in/oidc")
        WebDriverWait(driver, 30).until(lambda d: d.find_elements(By.CSS_SELECTOR, "[data-error]"))
        assert driver.find_element(By.CSS_SELECTOR, "[data-error]").get_attribute("data-error") == "oidc_token_expired"
        driver.save_screenshot(str(ROOT / "out" / "screenshots" / "me-oidc-expired.png"))
    finally:
        provider.mode = "good"
        driver.quit()
