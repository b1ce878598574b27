#!/usr/bin/env python3
"""make bench-server: figures for the photo library server (prints them; asserts nothing).

  ingest     sustained accepted captures per second (durable: blobs fsynced, rows committed)
             with C concurrent uploaders of the project's 1536x1536 portrait, on the database
             of DATABASE_URL (PostgreSQL) or SQLite in a temporary folder; meanwhile a reader
             lists the sites (GET /api/v1/sites, a database query) every 50 ms, to show how
             long other users wait while captures are processed
  downloads  GET /api/v1/photos/{id} per second with wrk on loopback, against nginx serving
             the same decrypted JPEG from disk, and the ratio; and the server's ceiling, a page
             asset from memory through the same middleware (no token, database or audit)
  memory     the server's resident set after loading the models and at its peak

The portrait passes the quality check only with the thresholds it fails relaxed (as in the
tests); every other stage is the real one.
"""
import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "Tests" / "python"))
os.environ.setdefault("PHOTOONCE_BIN", str(ROOT / ".build" / "release" / "photoonce"))

from conftest import FIXTURES, relaxed_catalog  # noqa: E402
from library_server import LibraryServer, free_port, resident_id, setup_site_and_staff  # noqa: E402


def rss(pid):
    fields = dict(line.split(":", 1) for line in open(f"/proc/{pid}/status") if ":" in line)
    kb = lambda key: int(fields[key].split()[0]) // 1024  # noqa: E731
    return kb("VmRSS"), kb("VmHWM")


def ingest(server, token, clients, seconds):
    image = (FIXTURES / "portrait.jpg").read_bytes()
    latencies, statuses, stop = [], {}, time.time() + seconds
    accepted = []
    lock = threading.Lock()

    def worker(w):
        n = 0
        while time.time() < stop:
            n += 1
            number = resident_id(f"3309{w:02d}19{60 + n // 336 % 40:02d}{n // 28 % 12 + 1:02d}{n % 28 + 1:02d}{n % 1000:03d}")
            metadata = {"identity": {"type": "resident-id", "number": number}, "name": "bench", "siteCode": "DH-W01",
                        "deviceId": "CAM-1", "channel": "window"}
            started = time.perf_counter()
            status, body = server.upload(token, image, metadata)
            with lock:
                if status == 201:
                    accepted.append(body["captureId"])
                latencies.append(time.perf_counter() - started)
                statuses[status] = statuses.get(status, 0) + 1

    reads = []

    def reader():
        while time.time() < stop:
            started = time.perf_counter()
            status, _ = server.json("GET", "/api/v1/sites", token=token)
            if status == 200:
                reads.append(time.perf_counter() - started)
            time.sleep(0.05)

    began = time.time()
    threads = [threading.Thread(target=worker, args=(w,)) for w in range(clients)] + [threading.Thread(target=reader)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.time() - began
    reads.sort()
    read = (statistics.median(reads) * 1000, reads[int(0.9 * (len(reads) - 1))] * 1000) if reads else (float("nan"),) * 2
    return statuses.get(201, 0) / elapsed, statistics.median(latencies) * 1000, statuses, accepted, read


def wrk(url, header=None, seconds=15, connections=32):
    args = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency"]
    if header:
        args += ["-H", header]
    out = subprocess.run(args + [url], capture_output=True, text=True, check=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return rate, int(errors.group(1)) if errors else 0


def nginx(folder, port):
    conf = folder / "nginx.conf"
    conf.write_text(f"""
worker_processes 2; daemon off; pid {folder}/nginx.pid; error_log {folder}/error.log;
events {{ worker_connections 1024; }}
http {{ access_log off; sendfile on; tcp_nopush on; keepalive_requests 100000;
  types {{ image/jpeg jpg; }}
  server {{ listen 127.0.0.1:{port}; root {folder}/www; }} }}
""")
    return subprocess.Popen(["nginx", "-c", str(conf), "-p", str(folder)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--clients", type=int, nargs="+", default=[2, 4])
    parser.add_argument("--skip-downloads", action="store_true")
    options = parser.parse_args()
    database = "PostgreSQL" if os.environ.get("DATABASE_URL") else "SQLite"
    work = Path(tempfile.mkdtemp(prefix="photoonce-bench-"))
    try:
        catalog = relaxed_catalog(work, FIXTURES / "portrait.jpg")
        data = work / "library"
        data.mkdir()
        setup_site_and_staff(data)
        server = LibraryServer(data, catalog=catalog).start(timeout=120)
        token = server.login("op1", "operator-password")
        idle, _ = rss(server.process.pid)
        print(f"server: models loaded, {idle} MB resident ({database}, release build, {os.cpu_count()} cores)")
        for clients in options.clients:
            rate, median, statuses, accepted, read = ingest(server, token, clients, options.seconds)
            print(f"ingest  {database:10} {clients} uploaders: {rate:5.1f} captures/s accepted, median {median:6.0f} ms per capture, statuses {statuses}")
            print(f"        meanwhile GET /api/v1/sites: median {read[0]:6.1f} ms, 90th percentile {read[1]:6.1f} ms")
        if not options.skip_downloads:
            capture = accepted[0]
            _, body = server.json("GET", f"/api/v1/captures/{capture}", token=token)
            photo = next(p for p in body["photos"] if p["spec"] == "cn-id-card")
            _, jpeg, _ = server.request("GET", photo["url"], token=token)
            (work / "www").mkdir()
            (work / "www" / "photo.jpg").write_bytes(jpeg)
            port = free_port()
            web = nginx(work, port)
            time.sleep(1)
            try:
                ours, ours_errors = wrk(f"{server.base}{photo['url']}", f"Authorization: Bearer {token}")
                theirs, _ = wrk(f"http://127.0.0.1:{port}/photo.jpg")
                # The server's own ceiling: a page asset held in memory, through the same
                # middleware but with no token, database, audit or photo.
                ceiling, _ = wrk(f"{server.base}/assets/pages.css")
            finally:
                web.terminate()
                web.wait()
            print(f"download {len(jpeg)} B ID-card photo, wrk -t2 -c32 15 s: server {ours:8.0f} req/s ({ours_errors} errors), "
                  f"nginx {theirs:8.0f} req/s, ratio {ours / theirs:5.1%}")
            print(f"ceiling GET /assets/pages.css from memory (no token, database or audit): {ceiling:8.0f} req/s, "
                  f"{ceiling / theirs:5.1%} of nginx's photo rate")
        current, peak = rss(server.process.pid)
        print(f"memory  resident now {current} MB, peak {peak} MB")
        server.stop()
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
