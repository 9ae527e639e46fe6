"""The visibility matrix: hidden content × every endpoint × anonymous / A / B / comité."""

import json

import pytest
from django.core.management import call_command
from wagtail.search.backends import get_search_backend

from tests.conftest import search_node_configured

from .conftest import (
    AWAITING,
    DRAFT,
    DRAFT_CHANGES,
    DRAFT_PHOTO,
    PRIVATE_B,
    RESTRICTED,
    SECRETS,
)

CALLERS = ["anonymous", "a", "b", "comite"]

# What each caller may see where a token means "what this account may edit"
# (Wagtail's v3 pages, images and documents endpoints).
EDITABLE_PAGES = {
    "anonymous": set(),
    "a": {DRAFT, AWAITING},
    "b": set(),
    "comite": {DRAFT, AWAITING, RESTRICTED},
}
EDITABLE_MEDIA = {
    "anonymous": set(),
    "a": {DRAFT_PHOTO},
    "b": {PRIVATE_B},
    "comite": {DRAFT_PHOTO, PRIVATE_B},
}


def secrets_in(response):
    """The secret words a response shows (the search's echo of the query aside)."""
    text = response.content.decode()
    if "json" in response.get("Content-Type", ""):
        data = json.loads(text)
        if isinstance(data, dict):
            data.pop("query", None)
        text = json.dumps(data, ensure_ascii=False)
    return {secret for secret in SECRETS if secret in text}


def public_endpoints(world):
    """Endpoints that show public content only, whoever asks (never a secret)."""
    a = world.centre_a.pk
    return [
        "/api/v3/search/?q=jardin",
        *[f"/api/v3/search/?q={secret}" for secret in SECRETS],
        "/api/v3/search/?q=atelier&type=fiche",
        *[f"/api/v3/search/autocomplete/?q={secret[:6]}" for secret in SECRETS],
        "/api/v3/search/autocomplete/?q=atel",
        "/api/v3/themes/",
        "/api/v3/centres/?limit=50",
        f"/api/v3/centres/{a}/",
        "/api/v3/figures/",
        "/api/v2/pages/?limit=50",
        "/api/v2/pages/?limit=50&type=initiatives.InitiativePage&fields=*",
        *[f"/api/v2/pages/?search={secret}" for secret in SECRETS],
        *[f"/api/v2/pages/{page.pk}/" for page in world.hidden_pages],
        f"/api/v2/pages/{world.changed_sheet.pk}/",
        f"/api/v2/pages/find/?html_path={world.draft_sheet.url_path[len('/accueil') :]}",
        "/api/v2/images/?limit=50",
        f"/api/v2/images/{world.draft_image.pk}/",
        f"/api/v2/images/{world.private_image_b.pk}/",
        "/api/v2/documents/?limit=50",
        "/api/v3/preview/?token=pas-un-jeton",
    ]


def editor_endpoints(world):
    """(url, what this caller may see there) for the token-aware endpoints."""
    rows = []
    for who in CALLERS:
        pages, media = EDITABLE_PAGES[who], EDITABLE_MEDIA[who]
        rows += [
            (who, "/api/v3/pages/?limit=50", pages),
            (who, "/api/v3/pages/?limit=50&type=initiatives.InitiativePage", pages - {RESTRICTED}),
            (who, f"/api/v3/pages/?search={DRAFT}", pages & {DRAFT}),
            # The draft's detail shows its photo to those who may edit it.
            (
                who,
                f"/api/v3/pages/{world.draft_sheet.pk}/",
                {DRAFT, DRAFT_PHOTO} if DRAFT in pages else set(),
            ),
            (who, f"/api/v3/pages/{world.awaiting_sheet.pk}/", pages & {AWAITING}),
            (who, f"/api/v3/pages/{world.restricted_page.pk}/", pages & {RESTRICTED}),
            (
                who,
                f"/api/v3/pages/{world.changed_sheet.pk}/?version=draft",
                {DRAFT_CHANGES} if who in ("b", "comite") else set(),
            ),
            (who, f"/api/v3/pages/{world.changed_sheet.pk}/", set()),
            (who, "/api/v3/images/?limit=50", media),
            (who, f"/api/v3/images/{world.draft_image.pk}/", media & {DRAFT_PHOTO}),
            (who, f"/api/v3/images/{world.private_image_b.pk}/", media & {PRIVATE_B}),
            (who, "/api/v3/documents/?limit=50", set()),
        ]
    return rows


@pytest.fixture
def indexed_world(world):
    """The world, indexed on the real search node (drafts included, as Wagtail does)."""
    assert search_node_configured(), "ces tests exigent le nœud de recherche (scripts/test)"
    call_command("update_index", verbosity=0)
    get_search_backend().refresh_indexes()
    return world


@pytest.mark.django_db
@pytest.mark.parametrize("who", CALLERS)
def test_public_endpoints_never_show_hidden_content(indexed_world, who):
    """Search, directory, figures, v2 and previews show no hidden content to anybody."""
    client = indexed_world.client(who)
    leaks = {}
    for url in public_endpoints(indexed_world):
        response = client.get(url)
        assert response.status_code < 500, url
        if found := secrets_in(response):
            leaks[url] = found
    assert leaks == {}


@pytest.mark.django_db
@pytest.mark.parametrize("who", CALLERS)
def test_token_aware_endpoints_show_only_what_the_caller_may_edit(indexed_world, who):
    """v3 pages and media: anonymous sees public content, a token what its account may edit."""
    client = indexed_world.client(who)
    mismatches = {}
    for caller, url, expected in editor_endpoints(indexed_world):
        if caller != who:
            continue
        response = client.get(url, follow=True)
        assert response.status_code < 500, url
        if (found := secrets_in(response)) != expected:
            mismatches[url] = {"vu": sorted(found), "attendu": sorted(expected)}
    assert mismatches == {}


@pytest.mark.django_db
@pytest.mark.parametrize("who", CALLERS)
def test_hidden_pages_and_media_are_not_found(world, who):
    """Details of hidden content answer 404 (problem+json) unless the caller may edit it."""
    client = world.client(who)
    expected = {
        f"/api/v3/pages/{world.draft_sheet.pk}/": 200 if who in ("a", "comite") else 404,
        f"/api/v3/pages/{world.awaiting_sheet.pk}/": 200 if who in ("a", "comite") else 404,
        f"/api/v3/pages/{world.restricted_page.pk}/": 200 if who == "comite" else 404,
        f"/api/v3/images/{world.draft_image.pk}/": 200 if who in ("a", "comite") else 404,
        f"/api/v3/images/{world.private_image_b.pk}/": 200 if who in ("b", "comite") else 404,
        f"/api/v2/pages/{world.draft_sheet.pk}/": 404,
        f"/api/v2/pages/{world.restricted_page.pk}/": 404,
        f"/api/v2/images/{world.draft_image.pk}/": 404,
        f"/api/v2/images/{world.private_image_b.pk}/": 404,
    }
    statuses = {url: client.get(url).status_code for url in expected}
    assert statuses == expected
    response = client.get(f"/api/v2/pages/{world.draft_sheet.pk}/")
    assert response["Content-Type"] == "application/problem+json"


@pytest.mark.django_db
def test_public_media_are_listed_anonymously(world):
    """The photo of a published sheet and the shared collection's are public; others are not."""
    client = world.client("anonymous")
    for url in ("/api/v3/images/?limit=50", "/api/v2/images/?limit=50"):
        ids = {item["id"] for item in client.get(url).json()["items"]}
        assert ids == {world.public_image.pk, world.shared_image.pk}, url


@pytest.mark.django_db
@pytest.mark.parametrize("who", CALLERS)
def test_counts_cover_published_content_only(world, who):
    """Figures, theme and centre counts ignore drafts, pending sheets and draft changes."""
    client = world.client(who)
    figures = client.get("/api/v3/figures/").json()
    assert figures["sheets"] == 3
    assert figures["resources"] == 1
    assert {line["value"]: line["count"] for line in figures["by_territory_type"]} == {
        "urbain": 1,
        "rural": 2,
    }
    themes = {theme["slug"]: theme for theme in client.get("/api/v3/themes/").json()}
    theme = world.public_sheet.themes.get()
    assert themes[theme.slug]["sheets"] == 3
    centres = {row["id"]: row["sheets"] for row in client.get("/api/v3/centres/").json()["items"]}
    assert centres[world.centre_a.pk] == 1
    assert centres[world.centre_b.pk] == 2
