"""Starts the real `photoonce serve` for a test and talks to it over HTTP on loopback."""
import json
import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
import uuid

from conftest import BIN


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LibraryServer:
    def __init__(self, data_dir, catalog=None, demo=False, env=None):
        self.data_dir = data_dir
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.args = [str(BIN), "serve", "--port", str(self.port), "--data-dir", str(data_dir)]
        if catalog:
            self.args += ["--catalog", str(catalog)]
        if demo:
            self.args.append("--demo")
        self.env = {**os.environ, **(env or {})}
        self.process = None

    def start(self, timeout=60):
        self.log = open(os.path.join(self.data_dir, f"server-{time.time_ns()}.log"), "w")
        self.process = subprocess.Popen(self.args, stdout=self.log, stderr=subprocess.STDOUT, env=self.env)
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited with {self.process.returncode}: {open(self.log.name).read()}")
            try:
                if self.request("GET", "/healthz")[0] == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError("server did not become ready")

    def kill(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()

    def stop(self):
        """SIGTERM, as a service manager would; returns the exit status."""
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            return self.process.wait(timeout=30)
        return self.process.returncode if self.process else None

    def request(self, method, path, body=None, headers=None, token=None, timeout=60):
        headers = dict(headers or {})
        if token:
            headers["Authorization"] = f"Bearer {token}"
        if isinstance(body, (dict, list)):
            body = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        req = urllib.request.Request(self.base + path, data=body, method=method, headers=headers)
        try:
            with urllib.request.urlopen(req, timeout=timeout) as response:
                return response.status, response.read(), dict(response.headers)
        except urllib.error.HTTPError as error:
            return error.code, error.read(), dict(error.headers)

    def json(self, method, path, body=None, token=None, headers=None):
        status, data, _ = self.request(method, path, body, headers=headers, token=token)
        return status, (json.loads(data) if data else None)

    def login(self, username, password):
        status, body = self.json("POST", "/api/v1/auth/login", {"username": username, "password": password})
        assert status == 200, body
        return body["token"]

    def upload(self, token, image_bytes, metadata):
        boundary = uuid.uuid4().hex
        parts = [
            (f'--{boundary}\r\nContent-Disposition: form-data; name="metadata"\r\nContent-Type: application/json\r\n\r\n').encode()
            + json.dumps(metadata).encode() + b"\r\n",
            (f'--{boundary}\r\nContent-Disposition: form-data; name="image"; filename="master.jpg"\r\nContent-Type: image/jpeg\r\n\r\n').encode()
            + image_bytes + b"\r\n",
            f"--{boundary}--\r\n".encode(),
        ]
        return self.json("POST", "/api/v1/captures", b"".join(parts), token=token,
                         headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})


def resident_id(body17):
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    return body17 + "10X98765432"[sum(int(c) * w for c, w in zip(body17, weights)) % 11]


def setup_site_and_staff(data_dir, env=None):
    """Registers a site, a device and an operator through the command line."""
    environment = {**os.environ, **(env or {})}
    def cli(*args, stdin=None):
        return subprocess.run([str(BIN), *args, "--data-dir", str(data_dir)], input=stdin, capture_output=True, text=True, env=environment)
    results = [
        cli("sites", "add", "DH-W01", "--name", "定海 window 1", "--kind", "window", "--lat", "30.0197", "--lon", "122.1067"),
        cli("devices", "add", "CAM-1", "--site", "DH-W01"),
        cli("staff", "add", "op1", "--role", "operator", "--site", "DH-W01", "--password-stdin", stdin="operator-password\n"),
    ]
    for result in results:
        assert result.returncode == 0, result.stderr
    return cli
