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


def relaxed_catalog(folder, image, *specs):
    """A copy of the catalog in which exactly the thresholds `image` fails (for `specs`, or
    the capture set) are widened around its measured values; returns the folder. Thresholds
    are catalog data, so this is how a test makes the project's smiling portrait pass."""
    spec_args = [a for s in specs for a in ("--spec", s)]
    outcomes = json.loads(run("check", image, "--json", *spec_args).stdout)
    outcome = outcomes[0] if isinstance(outcomes, list) else outcomes
    raws = {}
    for spec in outcome["quality"]["specs"]:
        for m in spec["measures"]:
            if m["verdict"] == "fail":
                raws.setdefault(m["name"], []).append(m["raw"])
    assert raws, "the image already passes; nothing to relax"
    source = json.loads(run("specs", "--json", check=True).stdout)
    catalog = Path(folder) / "catalog"
    (catalog / "specs").mkdir(parents=True)
    for name, values in raws.items():
        low, high = min(values) - 1, max(values) + 1
        source["quality"][name] = {"pass": {"min": low, "max": high}, "warn": {"min": low - 1, "max": high + 1}}
    (catalog / "catalog.json").write_text(json.dumps({"version": "relaxed", "colours": source["colours"], "quality": source["quality"], "papers": source["papers"]}))
    for spec in source["specs"]:
        for name in raws:
            (spec.get("quality") or {}).pop(name, None)
        (catalog / "specs" / f"{spec['code']}.json").write_text(json.dumps(spec))
    return catalog
