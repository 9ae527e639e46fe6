"""HTTP behaviour of the API: CORS, caching headers, ETag / 304, problem+json, page size."""

import pytest
from django.test import Client, override_settings

pytestmark = pytest.mark.django_db

FRONT = "https://front.example.org"


@override_settings(CORS_ALLOWED_ORIGINS=[FRONT])
def test_cors_allows_configured_front_ends_only(site_tree):
    """A configured origin gets CORS headers on the API; others and the site get none."""
    client = Client()
    allowed = client.get("/api/v3/themes/", HTTP_ORIGIN=FRONT)
    assert allowed["Access-Control-Allow-Origin"] == FRONT
    assert "Access-Control-Allow-Credentials" not in allowed
    preflight = client.options(
        "/api/v3/sheets/",
        HTTP_ORIGIN=FRONT,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="authorization, content-type",
    )
    assert preflight.status_code == 200
    assert "authorization" in preflight["Access-Control-Allow-Headers"]
    other = client.get("/api/v3/themes/", HTTP_ORIGIN="https://ailleurs.example.com")
    assert "Access-Control-Allow-Origin" not in other
    site = client.get("/", HTTP_ORIGIN=FRONT)
    assert "Access-Control-Allow-Origin" not in site


@override_settings(API_CACHE_MAX_AGE=120)
def test_anonymous_gets_are_cacheable_with_etags(site_tree):
    """Anonymous GETs carry Cache-Control and an ETag; If-None-Match gives 304."""
    client = Client()
    for url in ("/api/v3/themes/", "/api/v3/pages/", "/api/v2/pages/", "/api/v3/figures/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Cache-Control"] == "public, max-age=120", url
        etag = response["ETag"]
        assert "Authorization" in response["Vary"]
        again = client.get(url, HTTP_IF_NONE_MATCH=etag)
        assert again.status_code == 304, url
        assert again.content == b""
        changed = client.get(url, HTTP_IF_NONE_MATCH='"autre"')
        assert changed.status_code == 200


def test_etag_changes_when_content_changes(world):
    """Publishing a sheet changes the listing's ETag (no stale 304)."""
    client = Client()
    before = client.get("/api/v3/figures/")["ETag"]
    world.draft_sheet.save_revision().publish()
    after = client.get("/api/v3/figures/", HTTP_IF_NONE_MATCH=before)
    assert after.status_code == 200
    assert after["ETag"] != before


def test_token_requests_are_never_cached(world):
    """What a token sees depends on who asks: private, no-store, no shared caching."""
    response = world.client("a").get("/api/v3/pages/")
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize(
    "url,status",
    [
        ("/api/v3/pages/999999/", 404),
        ("/api/v3/pages/?limit=51", 400),
        ("/api/v3/centres/?limit=51", 400),
        ("/api/v3/search/?per_page=51", 422),
        ("/api/v3/search/?page=0", 422),
        ("/api/v3/pages/{home}/?rich_text_format=rtf", 422),
        ("/api/v3/inexistant/", 404),
        ("/api/v2/pages/?limit=51", 400),
        ("/api/v2/pages/999999/", 404),
        ("/api/v2/pages/?type=nimporte.Quoi", 400),
        ("/api/v3/preview/", 422),
    ],
)
def test_errors_are_problem_json(site_tree, url, status):
    """Errors answer application/problem+json with a status and a title, never a 500."""
    response = Client().get(url.format(home=site_tree.pk))
    assert response.status_code == status
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["status"] == status
    assert problem["title"]
    assert response["Cache-Control"] == "no-store"


def test_page_size_is_capped_at_fifty(site_tree):
    """50 items per page at most, on v3, v2 and the project's endpoints."""
    client = Client()
    assert client.get("/api/v3/pages/?limit=50").status_code == 200
    assert client.get("/api/v2/pages/?limit=50").status_code == 200
    assert client.get("/api/v3/centres/?limit=50").status_code == 200
    assert client.get("/api/v3/search/?per_page=50").status_code == 200


def test_openapi_document_and_docs_page(site_tree):
    """The OpenAPI document and its docs page are served."""
    client = Client()
    document = client.get("/api/v3/openapi.json")
    assert document.status_code == 200
    assert document.json()["info"]["title"] == "API de C'est possible"
    assert client.get("/api/v3/docs/").status_code == 200


@pytest.mark.parametrize("root", ["/api/", "/api/v3/", "/api/v2/"])
def test_api_roots_lead_to_the_documentation(root):
    """A front-end developer opening an API root lands on its documentation page."""
    response = Client().get(root, follow=True)
    assert response.redirect_chain == [("/api/v3/docs/", 302)]
    assert response.status_code == 200
