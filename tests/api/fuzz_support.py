"""Helpers of the API fuzzing run (tests/api/test_fuzz.py): schemathesis generates the
requests from the served OpenAPI document, the Django test client sends them in-process
(inside the test's transaction, each in a savepoint rolled back), and every answer is
judged and recorded so that a failing run lists every faulty request at once, with the
request and a traceback summary."""

import json
import time
import traceback
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import requests
import schemathesis
from django.db import transaction
from django.test import Client
from hypothesis import strategies as st
from schemathesis.core.failures import Failure, FailureGroup
from schemathesis.core.transport import Response as SchemathesisResponse
from schemathesis.generation import GenerationMode

SCHEMA_URL = "/api/v3/openapi.json"
PROBLEM_JSON = "application/problem+json"
BASE_URL = "http://testserver"
API_PREFIX = "/api/v3/"
# Tags of the project's own routers (search, initiatives, figures, core).
PROJECT_TAGS = {"recherche", "annuaire", "chiffres clés", "aperçu", "contribution"}
# Headers schemathesis adds for a network client, meaningless in-process.
TRANSPORT_HEADERS = {"user-agent", "accept-encoding", "connection", "content-type"}
BODY_EXCERPT = 600
INNERMOST_FRAMES = 5
DATABASE_LAYERS = ("/django/db/", "/psycopg/")
PROJECT_ROOT = str(Path(__file__).resolve().parents[2]) + "/"


@cache
def openapi_document():
    """The OpenAPI document exactly as the API serves it."""
    response = Client().get(SCHEMA_URL)
    assert response.status_code == 200, response.content[:500]
    return response.json()


@cache
def openapi_schema():
    return schemathesis.openapi.from_dict(openapi_document())


@cache
def operations():
    """{operationId: schemathesis APIOperation} for the whole document."""
    found = {}
    for result in openapi_schema().get_all_operations():
        operation = result.ok()
        found[operation.definition.raw["operationId"]] = operation
    return found


def operation_ids(method=None, tags=None):
    """Operation ids of the document, in its order, by method and/or tags."""
    selected = []
    for path_item in openapi_document()["paths"].values():
        for verb, definition in path_item.items():
            if method is not None and verb.upper() != method:
                continue
            if tags is not None and not set(definition.get("tags", [])) & tags:
                continue
            selected.append(definition["operationId"])
    return selected


def parameter_enum(operation_id, name):
    """The values a parameter of an operation is documented to take."""
    for parameter in operations()[operation_id].definition.raw.get("parameters", []):
        if parameter["name"] == name:
            return list(parameter["schema"].get("enum", []))
    raise LookupError(f"{operation_id} has no parameter {name}")


# --- Generation ----------------------------------------------------------------------


# A fuzzing dictionary: values that break servers more often than random ones do (NUL
# characters that PostgreSQL refuses in text, integers past its bigint range, LIKE and
# regex metacharacters, a host:port with no port number…). A bounded run would rarely
# draw them from the schemas alone.
AWKWARD_STRINGS = [
    "\x00",
    "a\x00b",
    "%_\\",
    "' OR '1'='1",
    "localhost:x",
    "\u202eabc",
    "𝕏" * 50,
    " ",
    "../../etc/passwd",
    "<script>",
]
AWKWARD_INTEGERS = [2**63, -(2**63) - 1, 2**31, -1, 0]


def _parameters(operation, location):
    """{name: schema} of the operation's parameters in `location` (path, query)."""
    return {
        parameter["name"]: parameter.get("schema", {})
        for parameter in operation.definition.raw.get("parameters", [])
        if parameter.get("in") == location
    }


def _parameter_names(operation, location):
    return set(_parameters(operation, location))


def _resolve(schema):
    ref = schema.get("$ref", "")
    if ref.startswith("#/components/schemas/"):
        return openapi_document()["components"]["schemas"][ref.rsplit("/", 1)[1]]
    return schema


def _body_schemas(operation):
    """{name: schema} of the JSON request body's top-level properties."""
    content = operation.definition.raw.get("requestBody", {}).get("content", {})
    body_schema = _resolve(content.get("application/json", {}).get("schema", {}))
    return body_schema.get("properties", {})


def _body_properties(operation):
    return set(_body_schemas(operation))


def _types(schema):
    """The JSON types a schema admits (through `anyOf`/`oneOf` and one `$ref`)."""
    schema = _resolve(schema)
    found = {schema["type"]} if isinstance(schema.get("type"), str) else set()
    for key in ("anyOf", "oneOf"):
        for option in schema.get(key, []):
            found |= _types(option)
    return found


def _awkward_values(schema):
    """A strategy of awkward values fitting the schema's type, or None."""
    types = _types(schema)
    if "integer" in types or "number" in types:
        return st.sampled_from(AWKWARD_INTEGERS)
    if "string" in types:
        return st.sampled_from(AWKWARD_STRINGS)
    if "array" in types:
        return st.lists(st.sampled_from(AWKWARD_STRINGS), min_size=1, max_size=2)
    return None


def _has_inputs(operation):
    raw = operation.definition.raw
    return bool(raw.get("parameters") or raw.get("requestBody"))


def _impossible_path_parameters(operation):
    """Path parameters documented as "only the empty string", so that no URL of the
    operation is valid: Wagtail documents its snippet revision routes with
    `type: const ""` when no snippet model keeps revisions. They are given a value."""
    names = []
    for parameter in operation.definition.raw.get("parameters", []):
        schema = parameter.get("schema", {})
        if parameter.get("in") == "path" and (
            schema.get("const") == "" or schema.get("enum") in ([], [""])
        ):
            names.append(parameter["name"])
    return names


@cache
def _strategy(operation, mode, fixed_path):
    return operation.as_strategy(generation_mode=mode, path_parameters=dict(fixed_path) or None)


@st.composite
def _hinted(draw, operation, mode, hints):
    """A generated case where parameters may take values of the test's world (a real
    page id, a real axis slug, a valid preview token, a plausible sheet…), so that
    generation reaches past the 404s and "unknown slug" answers. Per case, no hint is
    used, some are, or all of them (the last makes valid, complete requests likely)."""
    level = draw(st.sampled_from(["none", "some", "all"]))

    def use_hint():
        return level == "all" or (level == "some" and draw(st.booleans()))

    fixed_path = tuple(
        (name, draw(hints.get("path", {}).get(name, st.just("x"))))
        for name in _impossible_path_parameters(operation)
    )
    case = draw(_strategy(operation, mode, fixed_path))
    for location, container in (("path", case.path_parameters), ("query", case.query)):
        names = _parameter_names(operation, location)
        for name, strategy in hints.get(location, {}).items():
            if name in names and use_hint():
                container[name] = draw(strategy)
    if isinstance(case.body, dict):
        properties = _body_properties(operation)
        for name, strategy in hints.get("body", {}).items():
            if name in properties and use_hint():
                case.body[name] = draw(strategy)
    _spoil(draw, operation, case)
    return mode.value, case


def _spoil(draw, operation, case):
    """Now and then, give one parameter or body property an awkward value."""
    slots = [
        (container, name, schema)
        for container, schemas in (
            (case.path_parameters, _parameters(operation, "path")),
            (case.query, _parameters(operation, "query")),
            (case.body if isinstance(case.body, dict) else None, _body_schemas(operation)),
        )
        if container is not None
        for name, schema in schemas.items()
        if _awkward_values(schema) is not None
    ]
    if not slots or not draw(st.sampled_from([False, False, True])):
        return
    container, name, schema = draw(st.sampled_from(slots))
    container[name] = draw(_awkward_values(schema))


def cases(operation, hints):
    """(mode, case): valid and invalid requests for `operation` (invalid ones only if it
    has inputs to spoil)."""
    strategies = [_hinted(operation, GenerationMode.POSITIVE, hints)]
    if _has_inputs(operation):
        strategies.append(_hinted(operation, GenerationMode.NEGATIVE, hints))
    return st.one_of(strategies)


# --- Sending and judging -------------------------------------------------------------


@dataclass
class Sent:
    """One request as sent to the application, in a form fit for a report."""

    operation_id: str
    mode: str
    method: str
    path: str
    query: str
    headers: dict
    body: bytes | None
    content_type: str | None

    def describe(self):
        lines = [f"{self.method} {self.path}" + (f"?{self.query}" if self.query else "")]
        lines.append(f"  operation: {self.operation_id} ({self.mode} data)")
        if self.headers:
            lines.append(f"  headers: {self.headers!r}")
        if self.body is not None:
            body = self.body[:BODY_EXCERPT].decode("utf-8", "backslashreplace")
            more = "…" if len(self.body) > BODY_EXCERPT else ""
            lines.append(f"  body ({self.content_type}): {body}{more}")
        return "\n".join(lines)


@dataclass
class Finding:
    """A faulty answer: a server error, or an answer the document does not describe."""

    kind: str
    sent: Sent
    status: int
    detail: str
    traceback: str = ""
    exception: str = ""

    def signature(self):
        """What tells two faults apart: the operation, the status and the exception."""
        return (self.kind, self.sent.operation_id, self.status, self.exception or self.detail)

    def describe(self):
        text = f"[{self.kind}] HTTP {self.status} — {self.detail}\n{self.sent.describe()}"
        if self.traceback:
            text += "\n" + self.traceback
        return text


@dataclass
class FuzzLog:
    """Every request of a run, and the faulty answers among them."""

    findings: list = field(default_factory=list)
    statuses: dict = field(default_factory=dict)
    examples: int = 0

    def record(self, status):
        self.examples += 1
        self.statuses[status] = self.statuses.get(status, 0) + 1

    def summary(self):
        return f"{self.examples} requests, statuses {dict(sorted(self.statuses.items()))}"

    def report(self, title):
        """All findings, grouped: each distinct fault in full, then its other triggers."""
        groups = {}
        for finding in self.findings:
            groups.setdefault(finding.signature(), []).append(finding)
        parts = [
            f"{title}: {len(self.findings)} faulty answer(s) out of {self.examples} requests, "
            f"{len(groups)} distinct fault(s); {self.summary()}"
        ]
        for number, found in enumerate(groups.values(), start=1):
            parts.append(
                f"\n--- Fault {number} ({len(found)} request(s)) ---\n" + found[0].describe()
            )
            for other in found[1:]:
                parts.append("  also triggered by:\n" + _indent(other.sent.describe(), 4))
        return "\n".join(parts)


def _indent(text, width):
    return "\n".join(" " * width + line for line in text.splitlines())


def _as_bytes(kwargs):
    if "json" in kwargs:
        return json.dumps(kwargs["json"]).encode()
    data = kwargs.get("data")
    if data is None:
        return None
    if isinstance(data, str):
        return data.encode("utf-8", "surrogatepass")
    if isinstance(data, bytes):
        return data
    return urlencode(data, doseq=True).encode()


def prepare(case, mode):
    """The request `case` describes, without generated credentials (`send` adds the
    caller's)."""
    kwargs = case.as_transport_kwargs(base_url=BASE_URL)
    headers = {name: str(value) for name, value in kwargs.get("headers", {}).items()}
    content_type = next(
        (value for name, value in headers.items() if name.lower() == "content-type"), None
    )
    headers = {
        name: value
        for name, value in headers.items()
        if name.lower() not in TRANSPORT_HEADERS | {"authorization", "x-schemathesis-testcaseid"}
    }
    params = {
        name: value for name, value in (kwargs.get("params") or {}).items() if value is not None
    }
    body = _as_bytes(kwargs)
    return Sent(
        operation_id=case.operation.definition.raw["operationId"],
        mode=mode,
        method=case.method.upper(),
        path=urlsplit(kwargs["url"]).path,
        query=urlencode(params, doseq=True),
        headers=headers,
        body=body,
        content_type=content_type if body is not None else None,
    )


def send(sent, token):
    """Send `sent` through Django's test client; the request's writes are rolled back."""
    client = Client(raise_request_exception=False)
    headers = dict(sent.headers)
    if token:
        headers["Authorization"] = f"Bearer {token}"
    extra = {"QUERY_STRING": sent.query}
    if sent.body is not None:
        extra["content_type"] = sent.content_type or "application/octet-stream"
    with transaction.atomic():
        started = time.monotonic()
        response = client.generic(
            sent.method, sent.path, data=sent.body or b"", headers=headers, **extra
        )
        elapsed = time.monotonic() - started
        # Every example starts from the world fixture's state: repeatable runs.
        transaction.set_rollback(True)
    return response, elapsed


def _documented_statuses(operation):
    return set(operation.definition.raw.get("responses", {}))


def _status_documented(status, documented):
    return (
        str(status) in documented
        or f"{str(status)[0]}XX" in documented
        or ("default" in documented)
    )


def _schemathesis_response(sent, response, elapsed):
    """The Django response as schemathesis' transport-neutral Response."""
    request = requests.Request(
        method=sent.method,
        url=f"{BASE_URL}{sent.path}" + (f"?{sent.query}" if sent.query else ""),
        headers=sent.headers,
        data=sent.body,
    ).prepare()
    headers = {}
    for name, value in response.items():
        headers.setdefault(name.lower(), []).append(value)
    return SchemathesisResponse(
        status_code=response.status_code,
        headers=headers,
        content=response.content,
        request=request,
        elapsed=elapsed,
        verify=True,
    )


def _traceback_summary(exc_info):
    """The exception, and where it came from: the project's frames, the innermost frames
    above the database layer, and the raising one. Returns (summary, exception line)."""
    if not exc_info:
        return "", ""
    _type, exc, tb = exc_info
    frames = traceback.extract_tb(tb)
    above_database = [
        number
        for number, frame in enumerate(frames)
        if not any(layer in frame.filename for layer in DATABASE_LAYERS)
    ]
    shown = set(above_database[-INNERMOST_FRAMES:]) | {len(frames) - 1}
    lines = []
    for number, frame in enumerate(frames):
        in_project = frame.filename.startswith(PROJECT_ROOT) and "/.venv/" not in frame.filename
        if in_project or number in shown:
            where = frame.filename.removeprefix(PROJECT_ROOT).split("/site-packages/")[-1]
            lines.append(f"    {where}:{frame.lineno} in {frame.name}: {frame.line}")
    exception = "".join(traceback.format_exception_only(type(exc), exc)).strip()
    summary = "  traceback (project frames, innermost frames above the database, the last):\n"
    return summary + "\n".join(lines) + f"\n  {exception}", exception.splitlines()[0][:300]


def _server_error(sent, response):
    summary, exception = _traceback_summary(getattr(response, "exc_info", None))
    return Finding(
        kind="server error",
        sent=sent,
        status=response.status_code,
        detail=exception or _response_excerpt(response),
        traceback=summary,
        exception=exception,
    )


def replay(log, sent, token):
    """Send a recorded request again; a server error is a finding."""
    response, _elapsed = send(sent, token)
    log.record(response.status_code)
    if response.status_code >= 500:
        log.findings.append(_server_error(sent, response))


def judge(log, case, sent, response, elapsed):
    """Record the answer; a server error or an undescribed answer becomes a finding."""
    status = response.status_code
    log.record(status)
    content_type = response.get("Content-Type", "")
    if status >= 500:
        log.findings.append(_server_error(sent, response))
        return
    documented = _documented_statuses(case.operation)
    if _status_documented(status, documented):
        try:
            case.operation.validate_response(_schemathesis_response(sent, response, elapsed))
        except (Failure, FailureGroup) as exc:
            log.findings.append(
                Finding(
                    kind="response does not match its schema",
                    sent=sent,
                    status=status,
                    detail=_failure_text(exc),
                )
            )
        return
    if 400 <= status < 500 and content_type.startswith(PROBLEM_JSON):
        return
    location = response.get("Location", "")
    if 300 <= status < 400 and location.removeprefix(BASE_URL).startswith(API_PREFIX):
        # A redirect to another resource of the API (Wagtail's `find` operations).
        return
    log.findings.append(
        Finding(
            kind="undocumented answer",
            sent=sent,
            status=status,
            detail=(
                f"status not in {sorted(documented)}, not a 4xx {PROBLEM_JSON}, not a "
                f"redirect within {API_PREFIX} "
                f"(Content-Type: {content_type!r}): {_response_excerpt(response)}"
            ),
        )
    )


def _failure_text(exc):
    failures = getattr(exc, "exceptions", None) or [exc]
    return "; ".join(
        f"{getattr(failure, 'title', type(failure).__name__)}: "
        f"{getattr(failure, 'message', str(failure))}"
        for failure in failures
    )[:2000]


def _response_excerpt(response):
    text = response.content[:BODY_EXCERPT].decode("utf-8", "backslashreplace")
    return text.replace("\n", " ") or "(empty body)"
