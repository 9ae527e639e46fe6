"""The visibility matrix: hidden content × every endpoint × anonymous / A / B / comité.

Each check names the status an endpoint must answer, the public titles it must show
(a list that comes back empty or an endpoint that answers 400 fails), and the secret
words of hidden content it must show (only to those who may edit that content) or
may show (a draft's photo in its detail); any other secret word is a leak.
"""

import json
from dataclasses import dataclass

import pytest
from django.core.management import call_command
from django.utils import timezone
from wagtail.search.backends import get_search_backend

from figures.models import PageVisitDay
from tests.conftest import search_node_configured

from .conftest import (
    AWAITING,
    CHANGED_SHEET,
    CHANGES_PHOTO,
    DRAFT,
    DRAFT_CHANGES,
    DRAFT_DOCUMENT,
    DRAFT_PHOTO,
    DRAFT_RESOURCE,
    PRIVATE_B,
    PRIVATE_DOC_B,
    PUBLIC_DOCUMENT,
    PUBLIC_IMAGE,
    PUBLIC_RESOURCE,
    PUBLIC_SHEET,
    PUBLIC_SHEET_B,
    RESTRICTED,
    RESTRICTED_PHOTO,
    RESTRICTED_RESOURCE,
    RESTRICTED_SHEET,
    SECRETS,
    SHARED_IMAGE,
)

CALLERS = ["anonymous", "a", "b", "comite"]
# "session": the comité logged in to the site but calling without a token; the API
# must treat it as anonymous.
PUBLIC_CALLERS = [*CALLERS, "session"]

PUBLIC_SHEETS = {PUBLIC_SHEET, PUBLIC_SHEET_B, CHANGED_SHEET}
PUBLIC_PAGES = {*PUBLIC_SHEETS, PUBLIC_RESOURCE}
SHEET_SECRETS = {DRAFT, AWAITING, RESTRICTED_SHEET}
RESOURCE_SECRETS = {RESTRICTED_RESOURCE, DRAFT_RESOURCE}

# Where a token means "what this account may edit" (Wagtail's v3 pages, images and
# documents): the secret words in the titles each caller may edit, and the public
# titles among them. A session without a token is anonymous.
EDITABLE_PAGES = {
    "anonymous": set(),
    "session": set(),
    "a": SHEET_SECRETS,
    "b": set(),
    "comite": {*SHEET_SECRETS, RESTRICTED, *RESOURCE_SECRETS},
}
EDITABLE_PUBLIC_PAGES = {
    "anonymous": PUBLIC_PAGES,
    "session": PUBLIC_PAGES,
    "a": {PUBLIC_SHEET},
    "b": {PUBLIC_SHEET_B, CHANGED_SHEET},
    "comite": PUBLIC_PAGES,
}
EDITABLE_IMAGES = {
    "anonymous": set(),
    "session": set(),
    "a": {DRAFT_PHOTO, RESTRICTED_PHOTO},
    "b": {PRIVATE_B, CHANGES_PHOTO},
    "comite": {DRAFT_PHOTO, RESTRICTED_PHOTO, PRIVATE_B, CHANGES_PHOTO},
}
LISTED_PUBLIC_IMAGES = {
    "anonymous": {PUBLIC_IMAGE, SHARED_IMAGE},
    "session": {PUBLIC_IMAGE, SHARED_IMAGE},
    "a": {PUBLIC_IMAGE, SHARED_IMAGE},  # A's collection and the shared one
    "b": {SHARED_IMAGE},
    "comite": {PUBLIC_IMAGE, SHARED_IMAGE},
}
EDITABLE_DOCUMENTS = {
    "anonymous": set(),
    "session": set(),
    "a": set(),
    "b": {PRIVATE_DOC_B},
    "comite": {DRAFT_DOCUMENT, PRIVATE_DOC_B},
}
LISTED_PUBLIC_DOCUMENTS = {
    "anonymous": {PUBLIC_DOCUMENT},
    "session": {PUBLIC_DOCUMENT},
    "a": set(),  # the resources' documents are the comité's
    "b": set(),
    "comite": {PUBLIC_DOCUMENT},
}


@dataclass(frozen=True)
class Check:
    url: str
    status: int = 200
    shows: frozenset = frozenset()  # public titles the answer must contain
    secrets: frozenset = frozenset()  # secret words it must contain
    may_show: frozenset = frozenset()  # secret words it may contain besides
    post: dict | None = None  # a JSON body: POST instead of GET


def check(url, status=200, shows=(), secrets=(), may_show=(), post=None):
    return Check(url, status, frozenset(shows), frozenset(secrets), frozenset(may_show), post)


def editable(condition, url, secrets=(), may_show=(), shows=(), denied=404):
    """The check of a detail its editors read (200, with its secrets) and others do not."""
    if condition:
        return check(url, 200, shows=shows, secrets=secrets, may_show=may_show)
    return check(url, denied)


def readable(response):
    """A response's text, JSON decoded (accents unescaped), the search's echo of the
    query aside."""
    text = response.content.decode()
    if "json" in response.get("Content-Type", ""):
        data = json.loads(text)
        if isinstance(data, dict):
            data.pop("query", None)
        text = json.dumps(data, ensure_ascii=False)
    return text


def secrets_of(text):
    """The secret words a text shows, whole or stemmed (as the search engine indexes them)."""
    return {secret for secret in SECRETS if secret[:-2] in text}


def secrets_in(response):
    """The secret words a response shows."""
    return secrets_of(readable(response))


def typo(word):
    """`word` with its last but one letter changed: what a search suggestion corrects."""
    return word[:-2] + ("x" if word[-2] != "x" else "y") + word[-1]


def html_path(page):
    return page.get_url()


def public_checks(world):
    """Endpoints that show public content only, whoever asks."""
    theme = world.theme
    a, b = world.centre_a, world.centre_b
    return [
        # Search: empty query, a query, filters, and every secret (exact and misspelt).
        check("/api/v3/search/", shows=PUBLIC_PAGES),
        check("/api/v3/search/?q=jardin", shows={PUBLIC_SHEET, PUBLIC_RESOURCE}),
        check(f"/api/v3/search/?theme={theme.slug}&type=fiche", shows=PUBLIC_SHEETS),
        check("/api/v3/search/?region=Bretagne", shows={PUBLIC_SHEET}),
        check("/api/v3/search/?q=jardin&type=ressource", shows={PUBLIC_RESOURCE}),
        check(f"/api/v3/search/?q=atelier&type=fiche&theme={theme.slug}", shows={PUBLIC_SHEET}),
        *[check(f"/api/v3/search/?q={secret}") for secret in SECRETS],
        *[check(f"/api/v3/search/?q={typo(secret)}") for secret in SECRETS],
        *[check(f"/api/v3/search/?q=jardin {typo(secret)}") for secret in SECRETS],
        *[
            check(f"/api/v3/search/?q={secret}&theme={theme.slug}&region=Bretagne")
            for secret in SECRETS
        ],
        check("/api/v3/search/autocomplete/?q=jard", shows={PUBLIC_SHEET, PUBLIC_RESOURCE}),
        *[check(f"/api/v3/search/autocomplete/?q={secret[:6]}") for secret in SECRETS],
        *[check(f"/api/v3/search/autocomplete/?q={secret}") for secret in SECRETS],
        # Directory and figures.
        check("/api/v3/themes/", shows={theme.name}),
        check("/api/v3/centres/?limit=50", shows={a.name, b.name}),
        check(f"/api/v3/centres/{a.pk}/", shows={a.name}),
        check("/api/v3/figures/", shows={theme.name}),
        # API v2: pages, images, documents (lists, details, find).
        check("/api/v2/pages/?limit=50", shows=PUBLIC_PAGES),
        check(
            "/api/v2/pages/?limit=50&type=initiatives.InitiativePage&fields=*", shows=PUBLIC_SHEETS
        ),
        check(
            "/api/v2/pages/?limit=50&type=ressources.ResourcePage&fields=*",
            shows={PUBLIC_RESOURCE, PUBLIC_DOCUMENT},
        ),
        check("/api/v2/pages/?search=jardin", shows={PUBLIC_SHEET, PUBLIC_RESOURCE}),
        *[check(f"/api/v2/pages/?search={secret}") for secret in SECRETS],
        check(f"/api/v2/pages/{world.public_sheet.pk}/", shows={PUBLIC_SHEET}),
        check(f"/api/v2/pages/{world.changed_sheet.pk}/", shows={CHANGED_SHEET}),
        check(f"/api/v2/pages/{world.resource.pk}/", shows={PUBLIC_RESOURCE, PUBLIC_DOCUMENT}),
        *[check(f"/api/v2/pages/{page.pk}/", 404) for page in world.hidden_pages],
        check(
            f"/api/v2/pages/find/?html_path={html_path(world.public_sheet)}", shows={PUBLIC_SHEET}
        ),
        *[
            check(f"/api/v2/pages/find/?html_path={html_path(page)}", 404)
            for page in world.hidden_pages
        ],
        check("/api/v2/images/?limit=50", shows={PUBLIC_IMAGE, SHARED_IMAGE}),
        check(f"/api/v2/images/{world.public_image.pk}/", shows={PUBLIC_IMAGE}),
        *[check(f"/api/v2/images/{image.pk}/", 404) for image in world.hidden_images],
        check("/api/v2/documents/?limit=50", shows={PUBLIC_DOCUMENT}),
        check(f"/api/v2/documents/{world.public_document.pk}/", shows={PUBLIC_DOCUMENT}),
        *[check(f"/api/v2/documents/{item.pk}/", 404) for item in world.hidden_documents],
        # A preview needs a real token.
        check("/api/v3/preview/?token=pas-un-jeton", 401),
    ]


def editor_checks(world, who):
    """Endpoints where a token shows what its account may edit (and nothing without one)."""
    pages = EDITABLE_PAGES[who]
    public = EDITABLE_PUBLIC_PAGES[who]
    token = who not in ("anonymous", "session")
    edits_a = who in ("a", "comite")
    edits_b = who in ("b", "comite")
    comite = who == "comite"
    # Hidden pages: (page, who may edit it, its secret, what its detail may show).
    hidden = [
        (world.draft_sheet, edits_a, DRAFT, {DRAFT_PHOTO}),
        (world.awaiting_sheet, edits_a, AWAITING, set()),
        (world.restricted_page, comite, RESTRICTED, set()),
        (world.restricted_sheet, edits_a, RESTRICTED_SHEET, {RESTRICTED_PHOTO}),
        (world.restricted_resource, comite, RESTRICTED_RESOURCE, set()),
        (world.draft_resource, comite, DRAFT_RESOURCE, {DRAFT_DOCUMENT}),
    ]
    changed = world.changed_sheet
    changes = {DRAFT_CHANGES} if edits_b else set()
    # Without a token, the live version (version=draft is ignored); with B's or the
    # comité's, the draft changes; with A's, nothing.
    changed_draft = (
        check(f"/api/v3/pages/{changed.pk}/?version=draft", shows={CHANGED_SHEET})
        if not token
        else editable(
            edits_b,
            f"/api/v3/pages/{changed.pk}/?version=draft",
            secrets=changes,
            may_show={CHANGES_PHOTO},
        )
    )
    rows = [
        # Pages: lists, search, details, find.
        check("/api/v3/pages/?limit=50", shows=public, secrets=pages),
        check(
            "/api/v3/pages/?limit=50&type=initiatives.InitiativePage",
            shows=public & PUBLIC_SHEETS,
            secrets=pages & SHEET_SECRETS,
        ),
        check(
            "/api/v3/pages/?limit=50&type=ressources.ResourcePage",
            shows=public & {PUBLIC_RESOURCE},
            secrets=pages & RESOURCE_SECRETS,
        ),
        check("/api/v3/pages/?search=jardin", shows=public & {PUBLIC_SHEET, PUBLIC_RESOURCE}),
        *[
            check(f"/api/v3/pages/?search={secret}", secrets=pages & {secret})
            for secret in [*SHEET_SECRETS, *RESOURCE_SECRETS, RESTRICTED, DRAFT_CHANGES]
        ],
        *[
            editable(allowed, f"/api/v3/pages/{page.pk}/", {secret}, may_show)
            for page, allowed, secret, may_show in hidden
        ],
        *[
            editable(allowed, f"/api/v3/pages/find/?id={page.pk}", {secret}, may_show)
            for page, allowed, secret, may_show in hidden
        ],
        editable(
            edits_a,
            f"/api/v3/pages/find/?html_path={html_path(world.restricted_sheet)}",
            {RESTRICTED_SHEET},
            {RESTRICTED_PHOTO},
        ),
        # A draft has no address on the site, whoever asks.
        check(f"/api/v3/pages/find/?html_path={html_path(world.draft_sheet)}", 404),
        editable(
            who != "b",
            f"/api/v3/pages/find/?html_path={html_path(world.public_sheet)}",
            shows={PUBLIC_SHEET},
        ),
        editable(who != "a", f"/api/v3/pages/{changed.pk}/", shows={CHANGED_SHEET}),
        changed_draft,
        # Revisions: a token's, of the pages its account may edit.
        *[
            editable(
                allowed,
                f"/api/v3/pages/{page.pk}/revisions/",
                {secret},
                denied=404 if token else 401,
            )
            for page, allowed, secret, _may_show in hidden
        ],
        editable(
            edits_b,
            f"/api/v3/pages/{changed.pk}/revisions/",
            changes,
            shows={CHANGED_SHEET},
            denied=404 if token else 401,
        ),
        editable(
            edits_a,
            f"/api/v3/pages/{world.draft_sheet.pk}/revisions/"
            f"{world.draft_sheet.latest_revision_id}/",
            {DRAFT},
            {DRAFT_PHOTO},
            denied=404 if token else 401,
        ),
        editable(
            edits_b,
            f"/api/v3/pages/{changed.pk}/revisions/{changed.latest_revision_id}/",
            changes,
            {CHANGES_PHOTO},
            denied=404 if token else 401,
        ),
        # Images and documents.
        check(
            "/api/v3/images/?limit=50",
            shows=LISTED_PUBLIC_IMAGES[who],
            secrets=EDITABLE_IMAGES[who],
        ),
        *[
            editable(secret in EDITABLE_IMAGES[who], f"/api/v3/images/{image.pk}/", {secret})
            for image, secret in [
                (world.draft_image, DRAFT_PHOTO),
                (world.changes_image, CHANGES_PHOTO),
                (world.restricted_image, RESTRICTED_PHOTO),
                (world.private_image_b, PRIVATE_B),
            ]
        ],
        check(
            "/api/v3/documents/?limit=50",
            shows=LISTED_PUBLIC_DOCUMENTS[who],
            secrets=EDITABLE_DOCUMENTS[who],
        ),
        editable(
            who != "a" and who != "b",
            f"/api/v3/documents/{world.public_document.pk}/",
            shows={PUBLIC_DOCUMENT},
        ),
        *[
            editable(secret in EDITABLE_DOCUMENTS[who], f"/api/v3/documents/{item.pk}/", {secret})
            for item, secret in [
                (world.draft_document, DRAFT_DOCUMENT),
                (world.private_document_b, PRIVATE_DOC_B),
            ]
        ],
        # The project's typed sheet endpoints (a token's only).
        *[
            editable(allowed, f"/api/v3/sheets/{page.pk}/", {secret}, denied=404 if token else 401)
            for page, allowed, secret, _may_show in hidden
            if page.specific_class.__name__ == "InitiativePage"
        ],
        editable(edits_b, f"/api/v3/sheets/{changed.pk}/", changes, denied=404 if token else 401),
        editable(
            edits_b,
            f"/api/v3/sheets/{world.public_sheet_b.pk}/",
            shows={PUBLIC_SHEET_B},
            denied=404 if token else 401,
        ),
        # Preview tokens for hidden drafts: only for their editors.
        *[
            check(
                "/api/v3/preview/",
                201 if allowed else (404 if token else 401),
                post={"page_id": page.pk},
            )
            for page, allowed, _secret, _may_show in hidden
        ],
        check(
            "/api/v3/preview/",
            201 if edits_b else (404 if token else 401),
            post={"page_id": changed.pk},
        ),
    ]
    return rows


def run(client, checks):
    """Every check's mismatches: {url: what differs}."""
    mismatches = {}
    for item in checks:
        if item.post is not None:
            response = client.post(item.url, json.dumps(item.post), content_type="application/json")
        else:
            response = client.get(item.url, follow=True)
        text = readable(response)
        found = secrets_of(text)
        problems = {}
        if response.status_code != item.status:
            problems["statut"] = (response.status_code, item.status)
        if missing := sorted(title for title in item.shows if title not in text):
            problems["absents"] = missing
        if not item.secrets <= found or not found <= item.secrets | item.may_show:
            problems["secrets"] = {"vus": sorted(found), "attendus": sorted(item.secrets)}
        if problems:
            key = item.url if item.post is None else f"POST {item.url} {item.post}"
            mismatches[key] = problems
    return mismatches


@pytest.fixture
def indexed_world(world):
    """The world, indexed on the real search node (drafts included, as Wagtail does)."""
    assert search_node_configured(), "ces tests exigent le nœud de recherche (scripts/test)"
    call_command("update_index", verbosity=0)
    get_search_backend().refresh_indexes()
    return world


@pytest.mark.django_db
@pytest.mark.parametrize("who", PUBLIC_CALLERS)
def test_public_endpoints_show_public_content_only(indexed_world, who):
    """Search, directory, figures, v2 and previews: public content, whoever asks."""
    checks = public_checks(indexed_world)
    assert len(checks) > 100
    assert run(indexed_world.client(who), checks) == {}


@pytest.mark.django_db
@pytest.mark.parametrize("who", PUBLIC_CALLERS)
def test_token_aware_endpoints_show_only_what_the_caller_may_edit(indexed_world, who):
    """v3 pages, find, revisions, media, sheets and preview tokens: anonymous (or a
    session) sees public content, a token what its account may edit."""
    checks = editor_checks(indexed_world, who)
    assert len(checks) > 50
    assert run(indexed_world.client(who), checks) == {}


@pytest.mark.django_db
def test_hidden_content_answers_problem_json(world):
    """A hidden page's detail is a 404 in problem+json, in v2 and v3."""
    client = world.client("anonymous")
    for url in (
        f"/api/v2/pages/{world.draft_sheet.pk}/",
        f"/api/v3/pages/{world.restricted_sheet.pk}/",
        f"/api/v3/documents/{world.draft_document.pk}/",
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert response["Content-Type"] == "application/problem+json", url


@pytest.mark.django_db
def test_public_media_are_listed_anonymously(world):
    """The media of published, public pages and of the shared collection, and no other."""
    client = world.client("anonymous")
    for url in ("/api/v3/images/?limit=50", "/api/v2/images/?limit=50"):
        ids = {item["id"] for item in client.get(url).json()["items"]}
        assert ids == {world.public_image.pk, world.shared_image.pk}, url
    for url in ("/api/v3/documents/?limit=50", "/api/v2/documents/?limit=50"):
        ids = {item["id"] for item in client.get(url).json()["items"]}
        assert ids == {world.public_document.pk}, url


@pytest.mark.django_db
def test_a_draft_preview_is_for_its_editors_only(world):
    """B cannot get a preview of A's draft; A's preview token shows it to the front end."""
    body = json.dumps({"page_id": world.draft_sheet.pk})
    refused = world.client("b").post("/api/v3/preview/", body, content_type="application/json")
    assert refused.status_code == 404
    assert secrets_in(refused) == set()
    made = world.client("a").post("/api/v3/preview/", body, content_type="application/json")
    assert made.status_code == 201
    read = world.client("anonymous").get("/api/v3/preview/", {"token": made.json()["token"]})
    assert read.status_code == 200
    assert DRAFT in read.json()["title"]


@pytest.mark.django_db
@pytest.mark.parametrize("who", PUBLIC_CALLERS)
def test_counts_cover_published_public_content_only(indexed_world, who):
    """Search totals and facets, figures, themes and centres count the public content
    only: no draft, pending sheet, draft change or restricted page."""
    world = indexed_world
    client = world.client(who)
    theme = world.theme.slug

    search = client.get("/api/v3/search/").json()
    assert search["total"] == 4
    facets = {
        facet["name"]: {option["value"]: option["count"] for option in facet["options"]}
        for facet in search["facets"]
    }
    assert facets["kind"] == {"fiche": 3, "ressource": 1}
    assert facets["theme"] == {theme: 4}
    assert facets["territory"] == {"urbain": 1, "rural": 2}
    assert facets["region"] == {"Bretagne": 1, "Hauts-de-France": 2}
    narrowed = client.get("/api/v3/search/", {"type": "fiche", "region": "Bretagne"}).json()
    assert narrowed["total"] == 1
    assert [hit["id"] for hit in narrowed["results"]] == [world.public_sheet.pk]
    assert client.get("/api/v3/search/", {"q": RESTRICTED_SHEET}).json()["total"] == 0

    figures = client.get("/api/v3/figures/").json()
    assert figures["sheets"] == 3
    assert figures["resources"] == 1
    assert {line["value"]: line["count"] for line in figures["by_territory_type"]} == {
        "urbain": 1,
        "rural": 2,
    }
    assert {line["value"]: line["count"] for line in figures["by_theme"]}[theme] == 3
    assert {line["value"]: line["count"] for line in figures["by_region"]} == {
        "Bretagne": 1,
        "Hauts-de-France": 2,
    }

    themes = {item["slug"]: item for item in client.get("/api/v3/themes/").json()}
    assert (themes[theme]["sheets"], themes[theme]["resources"]) == (3, 1)
    centres = {row["id"]: row["sheets"] for row in client.get("/api/v3/centres/").json()["items"]}
    assert centres[world.centre_a.pk] == 1
    assert centres[world.centre_b.pk] == 2
    assert client.get(f"/api/v3/centres/{world.centre_a.pk}/").json()["sheets"] == 1


@pytest.mark.django_db
def test_most_viewed_pages_are_public_pages(world):
    """The key figures' most viewed sheets and resources leave out hidden pages, however
    visited."""
    today = timezone.localdate()
    for page, visits in [
        (world.public_sheet, 3),
        (world.restricted_sheet, 90),
        (world.draft_sheet, 80),
        (world.changed_sheet, 2),
        (world.resource, 1),
        (world.restricted_resource, 70),
        (world.draft_resource, 60),
    ]:
        PageVisitDay.objects.create(page=page, day=today, visits=visits)
    response = world.client("anonymous").get("/api/v3/figures/")
    assert response.status_code == 200
    audience = response.json()["visits"]
    assert [(line["id"], line["visits"]) for line in audience["most_viewed_sheets"]] == [
        (world.public_sheet.pk, 3),
        (world.changed_sheet.pk, 2),
    ]
    assert [line["id"] for line in audience["most_viewed_resources"]] == [world.resource.pk]
    assert secrets_in(response) == set()
