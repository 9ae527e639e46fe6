"""Fuzzing the API with schemathesis: every GET operation of the OpenAPI document called
anonymously, and the project's contributor operations called with centre A's token.

No answer may be a server error, and every answer must be described by the document
(a documented status whose body matches its schema, a 4xx problem+json, or a redirect
within the API). Requests are generated from /api/v3/openapi.json, valid and invalid;
some parameters take values of the test's world (real ids, slugs, a valid preview
token, a plausible sheet), now and then one takes an awkward value (NUL character,
integer past bigint…). They are sent in-process through Django's test client; each
one's writes are rolled back, so every request meets the `world` fixture's state.
Generation is derandomized with a bounded number of examples: a run is fast and
repeatable. A failing test lists every faulty request with a traceback summary.
Server errors found once are replayed on every run (test_fuzzing_findings_stay_fixed).
"""

import json
import os

import pytest
from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st
from wagtail.models import Site

from core.preview import create_preview
from initiatives.models import REGION_CHOICES, Axis, Theme

from .conftest import DRAFT, SECRETS
from .fuzz_support import (
    PROJECT_TAGS,
    FuzzLog,
    Sent,
    cases,
    judge,
    openapi_document,
    operation_ids,
    operations,
    parameter_enum,
    prepare,
    replay,
    send,
)

# Examples per operation: Wagtail's own, and the project's routers' (twice as many).
# CI keeps the defaults; a deeper local hunt may raise the number (for every
# operation), change the seed or pick operations:
#   FUZZ_EXAMPLES=300 FUZZ_SEED=7 FUZZ_ONLY=search,centres_list pytest tests/api/test_fuzz.py
MAX_EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "25"))
PROJECT_EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "50"))
SEED = os.environ.get("FUZZ_SEED")
# A comma-separated list of operation ids to fuzz alone, when hunting one fault.
ONLY = set(filter(None, os.environ.get("FUZZ_ONLY", "").split(",")))
FUZZ_SETTINGS = settings(
    # Without FUZZ_SEED, the seed is derived from the test function: always the same.
    derandomize=SEED is None,
    database=None,
    deadline=None,
    # Findings are collected, not raised: nothing to shrink or replay.
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
    print_blob=False,
)

GET_OPERATIONS = operation_ids(method="GET")
PROJECT_OPERATIONS = operation_ids(tags=PROJECT_TAGS)
# The project's write operations, called with a contributor's token.
WRITE_OPERATIONS = ["sheets_create", "sheets_update", "sheets_submit", "preview_create"]
# The contribution router's read, meaningful only with a token.
CONTRIBUTOR_OPERATIONS = [*WRITE_OPERATIONS, "sheets_status"]

# Valid (if awkward) values for a sheet's fields: generation already makes invalid ones.
TITLES = [
    "Atelier cuisine",
    "Fête de quartier 2024 !",
    "  Jardin  ",
    "***",
    "É" * 255,
    "🌱 Potager",
]
RICH_TEXTS = [
    "<p>Un atelier <b>chaque</b> semaine.</p>",
    "Texte **en markdown** avec un [lien](https://example.org).",
    "<h2>Titre</h2><ul><li>un</li></ul>",
    "<script>alert(1)</script><p>Texte</p>",
    '<p><a href="javascript:alert(1)">lien</a></p>',
]
POINTS = [
    "Des habitants se rencontrent.",
    "Un deuxième effet.",
    "<b>gras</b> & <i>co</i>",
    "x" * 999,
]


@pytest.fixture
def make_hints(world):
    """A function giving the values of the world that generated parameters may take, by
    location and name (called per operation: its preview token is fresh, as tokens
    expire after PREVIEW_TOKEN_MAX_AGE seconds and a deep run lasts longer)."""
    pages = [
        world.home,
        world.index,
        world.public_sheet,
        world.public_sheet_b,
        world.resource,
        world.draft_sheet,
        world.awaiting_sheet,
        world.changed_sheet,
        world.restricted_page,
    ]
    page_ids = st.sampled_from([page.pk for page in pages])
    # For the contributor operations, A's own sheets come up more often.
    own = [world.public_sheet, world.draft_sheet, world.awaiting_sheet]
    own_page_ids = st.sampled_from([page.pk for page in [*own, *pages, *own]])
    impact = openapi_document()["components"]["schemas"]["ImpactIn"]
    audiences = impact["properties"]["audience"]["enum"]
    rich_text = st.one_of(
        st.sampled_from(RICH_TEXTS),
        st.fixed_dictionaries(
            {
                "format": st.sampled_from(["db_html", "db_markdown"]),
                "content": st.sampled_from(RICH_TEXTS),
            }
        ),
    )
    home_path = world.home.url_path
    html_paths = [page.url_path[len(home_path) - 1 :] for page in pages]
    revision_ids = [page.latest_revision_id for page in pages if page.latest_revision_id]
    theme_slugs = list(Theme.objects.values_list("slug", flat=True))
    axis_slugs = list(Axis.objects.values_list("slug", flat=True))
    centre_ids = st.sampled_from([world.centre_a.pk, world.centre_b.pk])
    site_ids = list(Site.objects.values_list("pk", flat=True))
    image_ids = [
        image.pk
        for image in (
            world.public_image,
            world.draft_image,
            world.private_image_b,
            world.shared_image,
        )
    ]

    def preview_tokens():
        token, _expires = create_preview(
            world.draft_sheet.get_latest_revision_as_object(), world.users["a"]
        )
        return st.sampled_from([token, token[:-1] + ("x" if token[-1] != "x" else "y")])

    return lambda: {
        "path": {
            "page_id": own_page_ids,
            "centre_id": centre_ids,
            "revision_id": st.sampled_from(revision_ids),
            "type": st.sampled_from(parameter_enum("snippets_detail", "type")),
            "site_id": st.sampled_from(site_ids),
            "image_id": st.sampled_from(image_ids),
        },
        "query": {
            "id": page_ids,
            "child_of": page_ids,
            "descendant_of": page_ids,
            "ancestor_of": page_ids,
            "html_path": st.sampled_from(html_paths),
            "token": preview_tokens(),
            "q": st.sampled_from(["jardin", "atel", "café du", *SECRETS, f"{DRAFT} jardin"]),
            "search": st.sampled_from(["jardin", "café", *SECRETS]),
            "type": st.sampled_from(
                ["fiche", "ressource", "initiatives.InitiativePage", "ressources.ResourcePage"]
            ),
            "theme": st.lists(st.sampled_from(theme_slugs), max_size=3),
            "axe": st.sampled_from(axis_slugs),
            "region": st.sampled_from([name for name, _label in REGION_CHOICES]),
        },
        "body": {
            "page_id": own_page_ids,
            "title": st.sampled_from(TITLES),
            "summary": st.sampled_from(["Un résumé.", "x" * 500]),
            "axis": st.sampled_from(axis_slugs),
            "themes": st.lists(st.sampled_from(theme_slugs), max_size=4),
            "centre": st.sampled_from([world.centre_a.pk, None]),
            "year": st.sampled_from([2024, 1990]),
            "territory_type": st.sampled_from(["", "urbain", "rural"]),
            "video_url": st.sampled_from(["", "https://www.youtube.com/watch?v=x"]),
            "more_link": st.sampled_from(["", "https://example.org/"]),
            "action": rich_text,
            "situation": rich_text,
            "impacts": st.lists(
                st.fixed_dictionaries(
                    {
                        "audience": st.sampled_from(audiences),
                        "points": st.lists(st.sampled_from(POINTS), min_size=1, max_size=3),
                    }
                ),
                min_size=1,
                max_size=5,
            ),
        },
    }


def fuzz(operation_id, hints, token=None):
    """Run the operation's examples; return the log of every request and finding."""
    operation = operations()[operation_id]
    log = FuzzLog()
    examples_count = PROJECT_EXAMPLES if operation_id in PROJECT_OPERATIONS else MAX_EXAMPLES

    @settings(FUZZ_SETTINGS, max_examples=examples_count)
    @given(generated=cases(operation, hints))
    def examples(generated):
        mode, case = generated
        sent = prepare(case, mode)
        response, elapsed = send(sent, token)
        judge(log, case, sent, response, elapsed)

    if SEED is not None:
        examples = seed(int(SEED))(examples)
    examples()
    return log


def fuzz_all(subtests, operation_ids, make_hints, token, caller):
    """Fuzz each operation in its own subtest (one world for all of them)."""
    if ONLY:
        operation_ids = [operation_id for operation_id in operation_ids if operation_id in ONLY]
    for operation_id in operation_ids:
        with subtests.test(operation=operation_id, caller=caller):
            log = fuzz(operation_id, make_hints(), token)
            print(f"{operation_id} ({caller}): {log.summary()}")
            assert log.examples > 0
            if log.findings:
                pytest.fail(log.report(f"{operation_id}, {caller}"), pytrace=False)


def test_get_operations_anonymous(subtests, make_hints):
    """Every GET operation, fuzzed anonymously: no server error, no undocumented answer."""
    fuzz_all(subtests, GET_OPERATIONS, make_hints, token=None, caller="anonymous")


def test_contributor_operations(subtests, world, make_hints):
    """The project's contributor operations, fuzzed with A's token: same requirements."""
    fuzz_all(subtests, CONTRIBUTOR_OPERATIONS, make_hints, token=world.tokens["a"], caller="A")


# Server errors fuzzing found (deeper runs included: FUZZ_EXAMPLES=300), replayed on
# every run so that they stay fixed whatever the generation happens to draw.
# (operation, caller, method, path, query, JSON body); {draft} is A's draft sheet, and a
# sheet's creation sends SHEET with the body's fields instead.
SHEET = {
    "title": "Atelier",
    "summary": "Un résumé.",
    "axis": "parole",
    "year": 2020,
    "action": "<p>Une action.</p>",
    "situation": "<p>Une situation.</p>",
    "impacts": [{"audience": "habitants", "points": ["Un effet."]}],
}
NUL = "a\x00b"
BIGINT_PLUS_ONE = "9223372036854775808"
FOUND = [
    ("centres_list", None, "GET", "/api/v3/centres/", "q=a%00b", None),
    ("centres_list", None, "GET", "/api/v3/centres/", f"offset={BIGINT_PLUS_ONE}", None),
    *[
        ("sheets_create", "a", "POST", "/api/v3/sheets/", "", {field: value})
        for field, value in [
            ("title", NUL),
            ("summary", NUL),
            ("video_url", NUL),
            ("more_link", NUL),
            ("axis", NUL),
            ("themes", [NUL]),
        ]
    ],
    ("sheets_update", "a", "PATCH", "/api/v3/sheets/{draft}/", "", {"title": NUL}),
    ("sheets_update", "a", "PATCH", "/api/v3/sheets/{draft}/", "", {"summary": NUL}),
    # Wagtail's own operations.
    ("pages_find", None, "GET", "/api/v3/pages/find/", "html_path=%2Fa%00b%2F", None),
    ("pages_find", None, "GET", "/api/v3/pages/find/", "html_path=%2F&site=%00", None),
    ("pages_find", None, "GET", "/api/v3/pages/find/", "html_path=%2F&site=localhost%3Ax", None),
    ("pages_list", None, "GET", "/api/v3/pages/", "site=%00", None),
    *[
        (f"{kind}_list", None, "GET", f"/api/v3/{kind}/", f"offset={BIGINT_PLUS_ONE}", None)
        for kind in ("pages", "images", "documents", "redirects")
    ],
]


def test_fuzzing_findings_stay_fixed(subtests, world):
    """Requests that once made the server fail no longer do (one subtest each)."""
    for operation_id, caller, method, path, query, fields in FOUND:
        body = {**SHEET, **fields} if operation_id == "sheets_create" else fields
        sent = Sent(
            operation_id=operation_id,
            mode="replayed",
            method=method,
            path=path.format(draft=world.draft_sheet.pk),
            query=query,
            headers={},
            body=None if body is None else json.dumps(body).encode(),
            content_type=None if body is None else "application/json",
        )
        request = sent.describe().splitlines()[0]
        with subtests.test(operation=operation_id, request=request, body=fields):
            log = FuzzLog()
            replay(log, sent, world.tokens[caller] if caller else None)
            if log.findings:
                pytest.fail(log.report(f"{operation_id}, replayed"), pytrace=False)


def test_every_project_write_operation_is_fuzzed():
    """The project's routers have no write operation the contributor run leaves out."""
    project_writes = set(PROJECT_OPERATIONS) - set(GET_OPERATIONS)
    assert project_writes == set(WRITE_OPERATIONS)
