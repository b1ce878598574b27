"""Shared helpers for the Python checks, which drive the built `photoonce` binary."""
import json
import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(os.environ.get("PHOTOONCE_FIXTURES", ROOT / ".fixtures"))
PORTRAITS = Path(os.environ.get("PHOTOONCE_PORTRAITS", ROOT.parent / "shared" / "testdata" / "portraits"))
BIN = Path(os.environ.get("PHOTOONCE_BIN", ROOT / ".build" / "debug" / "photoonce"))
if not BIN.is_absolute():
    BIN = ROOT / BIN


def run(*args, check=False):
    """Runs photoonce; returns the completed process (text output)."""
    return subprocess.run([str(BIN), *map(str, args)], capture_output=True, text=True, check=check)


@pytest.fixture(scope="session")
def catalog():
    listing = json.loads(run("specs", "--json", check=True).stdout)
    return {spec["code"]: spec for spec in listing["specs"]}
