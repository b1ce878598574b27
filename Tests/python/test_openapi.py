"""The OpenAPI document is the contract: it is valid OpenAPI 3.1, and the running server
keeps to it under schemathesis's generated requests (statuses, content types, schemas)."""
import subprocess
import sys
from pathlib import Path

import yaml
from openapi_spec_validator import validate

from conftest import ROOT
from library_server import LibraryServer

DOCUMENT = ROOT / "Sources" / "PhotoServer" / "OpenAPI" / "openapi.yaml"


def test_document_is_valid_openapi_3_1():
    document = yaml.safe_load(DOCUMENT.read_text())
    validate(document)
    assert document["openapi"] == "3.1.0"
    paths = document["paths"]
    for path in ["/api/v1/captures", "/api/v1/persons/{identityType}/{identityNumber}/status", "/api/v1/photos/{photoId}",
                 "/api/v1/components/detect", "/api/v1/components/quality", "/api/v1/components/crop", "/api/v1/components/recapture",
                 "/api/v1/components/preview", "/api/v1/components/guidance",
                 "/api/v1/audit", "/api/v1/audit/verify", "/dev/identity/login"]:
        assert path in paths


def test_server_keeps_to_the_document_under_generated_requests(tmp_path):
    server = LibraryServer(tmp_path, demo=True).start(timeout=120)
    try:
        served = server.request("GET", "/openapi.yaml")[1]
        assert served == DOCUMENT.read_bytes(), "the server serves the document the tests check"
        token = server.login("admin", "demo-admin-2026")
        schemathesis = Path(sys.executable).parent / "schemathesis"
        result = subprocess.run(
            [str(schemathesis), "run", f"{server.base}/openapi.yaml", "-H", f"Authorization: Bearer {token}",
             # Logging out would revoke the token the rest of the run signs in with.
             "--exclude-path", "/api/v1/auth/logout",
             "--checks", "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance,response_headers_conformance",
             "-n", "25", "--request-timeout", "60", "--no-color"],
            capture_output=True, text=True, timeout=600)
        assert result.returncode == 0, result.stdout[-6000:]
        assert " passed" in result.stdout
    finally:
        assert server.stop() == 0
