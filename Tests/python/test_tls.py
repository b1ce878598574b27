"""HTTPS: browsers open the camera only on HTTPS (or localhost), so a station or phone on the
network needs it. The server serves TLS with a PEM certificate and key, and refuses a half
configuration before anything starts."""
import shutil
import ssl
import subprocess
import time
import urllib.error
import urllib.request

import pytest

from conftest import BIN
from library_server import free_port

pytestmark = pytest.mark.skipif(not shutil.which("openssl"), reason="needs the openssl command to make a test certificate")


def certificate(folder):
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True)
    return cert, key


def test_serves_https_with_the_given_certificate(tmp_path):
    cert, key = certificate(tmp_path)
    port = free_port()
    server = subprocess.Popen([str(BIN), "serve", "--port", str(port), "--data-dir", str(tmp_path / "data"),
                               "--tls-cert", str(cert), "--tls-key", str(key)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        trusting = ssl.create_default_context(cafile=str(cert))  # verifies the chain and the host name
        deadline, status = time.time() + 60, None
        while time.time() < deadline and status is None:
            try:
                with urllib.request.urlopen(f"https://127.0.0.1:{port}/healthz", context=trusting, timeout=5) as response:
                    status = response.status
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.3)
        assert status == 200
        with pytest.raises((urllib.error.URLError, ConnectionError)):
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5)
    finally:
        server.terminate()
        assert server.wait(timeout=30) == 0


def test_half_a_tls_configuration_is_refused_with_the_reason(tmp_path):
    cert, _ = certificate(tmp_path)
    only_cert = subprocess.run([str(BIN), "serve", "--data-dir", str(tmp_path), "--tls-cert", str(cert)], capture_output=True, text=True, timeout=60)
    assert only_cert.returncode == 2 and "needs PHOTOONCE_TLS_KEY (--tls-key)" in only_cert.stderr
    missing = subprocess.run([str(BIN), "serve", "--data-dir", str(tmp_path), "--tls-cert", str(cert), "--tls-key", str(tmp_path / "nope.pem")],
                             capture_output=True, text=True, timeout=60)
    assert missing.returncode == 2 and "nope.pem is not a readable file" in missing.stderr
    (tmp_path / "garbage.pem").write_text("not a key")
    garbage = subprocess.run([str(BIN), "serve", "--data-dir", str(tmp_path / "d2"), "--port", str(free_port()), "--tls-cert", str(cert),
                              "--tls-key", str(tmp_path / "garbage.pem")], capture_output=True, text=True, timeout=120)
    assert garbage.returncode != 0 and "PEM certificate chain and its private key" in garbage.stdout + garbage.stderr
