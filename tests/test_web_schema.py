"""The API against its own OpenAPI document, with schemathesis: whatever a client sends that the
schema allows (and a good deal it does not), the server never fails with a 5xx, and every
answer matches the status codes, content types and shapes the document promises.

Bounded so it runs in well under a minute: a few examples per operation.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from pathlib import Path
from typing import Any

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from backcare.web.app import create_app
from backcare.web.settings import WebSettings

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance]


# Loaded when the module is imported, as schemathesis parametrizes at collection time; the
# diary is a throwaway file.
SCRATCH = Path(tempfile.mkdtemp(prefix="backcare-schema-"))
atexit.register(shutil.rmtree, SCRATCH, True)
APP = create_app(WebSettings(diary=str(SCRATCH / "diary.sqlite3"), allowed_hosts=()))
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)


@schema.parametrize()
@settings(max_examples=12, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much,
                                 ])
def test_the_api_keeps_the_promises_of_its_schema(case: Any) -> None:
    case.call_and_validate(checks=CHECKS)


def test_the_schema_documents_the_contracts_error_shape() -> None:
    document = schema.raw_schema
    refused = document["paths"]["/api/assess"]["post"]["responses"]["422"]
    assert refused["content"]["application/json"]["schema"]["$ref"].endswith("/ErrorBody")
    error = document["components"]["schemas"]["ErrorDetail"]
    assert set(error["required"]) == {"code", "message", "field"}
