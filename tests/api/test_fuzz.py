"""Fuzzing the API with schemathesis: every GET operation of the OpenAPI document called
anonymously, and the project's contributor operations called with centre A's token.

No answer may be a server error, and every answer must be described by the document
(a documented status whose body matches its schema, or a 4xx problem+json). Requests
are generated from /api/v3/openapi.json, some parameters taking values of the test's
world (real ids, slugs, a valid preview token), and sent in-process through Django's
test client; each one's writes are rolled back, so every request meets the `world`
fixture's state. Generation is derandomized with a bounded number of examples: a run
is fast and repeatable. A failing test lists every faulty request with its traceback.
"""

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from wagtail.models import Site

from core.preview import create_preview
from initiatives.models import REGION_CHOICES, Axis, Theme

from .conftest import DRAFT, SECRETS
from .fuzz_support import (
    PROJECT_TAGS,
    FuzzLog,
    cases,
    judge,
    operation_ids,
    operations,
    parameter_enum,
    prepare,
    send,
)

MAX_EXAMPLES = 20
FUZZ_SETTINGS = settings(
    max_examples=MAX_EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    # Findings are collected, not raised: nothing to shrink or replay.
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
    print_blob=False,
)

GET_OPERATIONS = operation_ids(method="GET")
# The project's write operations, called with a contributor's token.
WRITE_OPERATIONS = ["sheets_create", "sheets_update", "sheets_submit", "preview_create"]
# The contribution router's read, meaningful only with a token.
CONTRIBUTOR_OPERATIONS = [*WRITE_OPERATIONS, "sheets_status"]


@pytest.fixture
def hints(world):
    """Values of the world that generated parameters may take, by location and name."""
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
    home_path = world.home.url_path
    html_paths = [page.url_path[len(home_path) - 1 :] for page in pages]
    preview_token, _expires = create_preview(
        world.draft_sheet.get_latest_revision_as_object(), world.users["a"]
    )
    revision_ids = [page.latest_revision_id for page in pages if page.latest_revision_id]
    theme_slugs = list(Theme.objects.values_list("slug", flat=True))
    axis_slugs = list(Axis.objects.values_list("slug", flat=True))
    centre_ids = st.sampled_from([world.centre_a.pk, world.centre_b.pk])
    return {
        "path": {
            "page_id": page_ids,
            "centre_id": centre_ids,
            "revision_id": st.sampled_from(revision_ids),
            "type": st.sampled_from(parameter_enum("snippets_detail", "type")),
            "site_id": st.sampled_from(list(Site.objects.values_list("pk", flat=True))),
            "image_id": st.sampled_from(
                [
                    image.pk
                    for image in (
                        world.public_image,
                        world.draft_image,
                        world.private_image_b,
                        world.shared_image,
                    )
                ]
            ),
        },
        "query": {
            "id": page_ids,
            "child_of": page_ids,
            "descendant_of": page_ids,
            "ancestor_of": page_ids,
            "html_path": st.sampled_from(html_paths),
            "token": st.sampled_from([preview_token, preview_token[:-1] + "x"]),
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
            "page_id": page_ids,
            "axis": st.sampled_from(axis_slugs),
            "themes": st.lists(st.sampled_from(theme_slugs), max_size=4),
            "centre": centre_ids,
        },
    }


def fuzz(operation_id, hints, token=None):
    """Run the operation's examples; return the log of every request and finding."""
    operation = operations()[operation_id]
    log = FuzzLog()

    @FUZZ_SETTINGS
    @given(generated=cases(operation, hints))
    def examples(generated):
        mode, case = generated
        sent = prepare(case, mode)
        response, elapsed = send(sent, token)
        judge(log, case, sent, response, elapsed)

    examples()
    return log


def fuzz_all(subtests, operation_ids, hints, token, caller):
    """Fuzz each operation in its own subtest (one world for all of them)."""
    for operation_id in operation_ids:
        with subtests.test(operation=operation_id, caller=caller):
            log = fuzz(operation_id, hints, token)
            print(f"{operation_id} ({caller}): {log.summary()}")
            assert log.examples > 0
            assert not log.findings, log.report(f"{operation_id}, {caller}")


def test_get_operations_anonymous(subtests, hints):
    """Every GET operation, fuzzed anonymously: no server error, no undocumented answer."""
    fuzz_all(subtests, GET_OPERATIONS, hints, token=None, caller="anonymous")


def test_contributor_operations(subtests, world, hints):
    """The project's contributor operations, fuzzed with A's token: same requirements."""
    fuzz_all(subtests, CONTRIBUTOR_OPERATIONS, hints, token=world.tokens["a"], caller="A")


def test_every_project_write_operation_is_fuzzed():
    """The project's routers have no write operation the contributor run leaves out."""
    project_writes = set(operation_ids(tags=PROJECT_TAGS)) - set(GET_OPERATIONS)
    assert project_writes == set(WRITE_OPERATIONS)
