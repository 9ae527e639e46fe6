"""The full-page cache: hits for anonymous visitors, never for others, gone at each change."""

import json

import pytest
from django.test import Client
from wagtail.models import PageViewRestriction
from wagtail.search.backends import get_search_backend

from home.models import HomePage, StandardPage
from initiatives.models import InitiativeIndexPage, Theme
from tests.editorial import make_comite
from tests.factories import InitiativePageFactory, StandardPageFactory
from tests.ops.test_health import settings_value

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 600


@pytest.fixture
def sheet(site_tree):
    theme = Theme.objects.get(slug="culture")
    page = InitiativePageFactory(
        parent=InitiativeIndexPage.objects.get(), title="Le café des habitants"
    )
    page.themes.add(theme)
    page.save_revision().publish()
    refresh_search()
    return page


def refresh_search():
    for name in ("default",):
        get_search_backend(name).refresh_indexes()


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response


def test_an_anonymous_page_is_made_once_then_served_from_the_cache(sheet):
    """First MISS, then HIT with the same content."""
    client = Client()
    first = get(client, sheet.url)
    assert first["X-Cache"] == "MISS"
    second = get(client, sheet.url)
    assert second["X-Cache"] == "HIT"
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    assert second["X-Frame-Options"] == first["X-Frame-Options"]


def test_a_hit_makes_no_database_query_with_redis(redis_cache, sheet, django_assert_num_queries):
    """With Redis, a cached page is served without touching the database."""
    client = Client()
    get(client, sheet.url)
    with django_assert_num_queries(0):
        assert get(client, sheet.url)["X-Cache"] == "HIT"


def test_logged_in_views_previews_and_private_pages_are_never_cached(sheet, site_tree):
    """A logged-in view is a BYPASS and never reaches the anonymous visitors."""
    editor = Client()
    editor.force_login(make_comite("comite@exemple.org"))
    logged_in = get(editor, sheet.url)
    assert logged_in["X-Cache"] == "BYPASS"
    anonymous = get(Client(), sheet.url)
    assert anonymous["X-Cache"] == "MISS"
    assert "Se connecter" in anonymous.content.decode()
    assert "Se connecter" not in logged_in.content.decode()
    preview = editor.get(f"/admin/pages/{sheet.pk}/edit/preview/")
    assert preview["X-Cache"] == "BYPASS"

    private = StandardPageFactory(parent=site_tree, title="Page à mot de passe")
    private.save_revision().publish()
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="x")
    first, second = Client().get(private.url), Client().get(private.url)
    assert first["X-Cache"] == second["X-Cache"] == "BYPASS"


def test_publishing_a_change_shows_on_the_sheet_its_theme_listing_and_home(sheet):
    """After a publication, the sheet, its theme page, the listing and the home page show it."""
    client = Client()
    urls = [sheet.url, "/thematiques/culture/", "/action/", "/"]
    for url in urls:
        get(client, url)
        assert get(client, url)["X-Cache"] == "HIT"
    sheet.title = "Le grand café des habitants"
    sheet.save_revision().publish()
    refresh_search()
    for url in urls:
        response = get(client, url)
        assert response["X-Cache"] == "MISS", url
        assert "Le grand café des habitants" in response.content.decode(), url


def test_unpublishing_removes_the_sheet_everywhere_at_the_next_request(sheet):
    """An unpublished sheet is gone from its URL and the theme page at the next request."""
    client = Client()
    get(client, sheet.url)
    get(client, "/thematiques/culture/")
    sheet.unpublish()
    refresh_search()
    assert client.get(sheet.url).status_code == 404
    assert "Le café des habitants" not in get(client, "/thematiques/culture/").content.decode()


def test_moving_a_page_serves_it_at_its_new_address_only(site_tree):
    """A moved page answers at its new URL; the old one redirects there, never the cached page."""
    page = StandardPageFactory(parent=site_tree, title="Notre histoire", slug="histoire")
    page.save_revision().publish()
    parent = StandardPage.objects.get(slug="a-propos")
    client = Client()
    get(client, "/histoire/")
    assert get(client, "/histoire/")["X-Cache"] == "HIT"
    page.move(parent, pos="last-child")
    old = client.get("/histoire/")
    assert (old.status_code, old["Location"]) == (301, "/a-propos/histoire/")
    assert get(client, "/a-propos/histoire/")["X-Cache"] == "MISS"


def test_a_centre_change_shows_at_the_next_request(sheet):
    """Saving the centre a sheet shows invalidates the cached pages."""
    client = Client()
    get(client, sheet.url)
    sheet.centre.city = "Abbeville"
    sheet.centre.save()
    response = get(client, sheet.url)
    assert response["X-Cache"] == "MISS"
    assert "Abbeville" in response.content.decode()


def test_search_admin_api_and_query_strings(sheet):
    """Search and the API are never page-cached; query strings are part of the key."""
    client = Client()
    assert get(client, "/recherche/?q=caf%C3%A9")["X-Cache"] == "BYPASS"
    assert get(client, "/api/v3/pages/")["X-Cache"] == "BYPASS"
    get(client, "/action/?theme=culture")
    assert get(client, "/action/?theme=culture")["X-Cache"] == "HIT"
    assert get(client, "/action/?territoire=rural")["X-Cache"] == "MISS"
    assert HomePage.objects.count() == 1


def test_pages_are_made_from_the_database_when_the_cache_is_down(settings, sheet):
    """Redis unreachable, configured as in production: every page still 200, /sante/ 503."""
    settings.FIGURES_CACHE_SECONDS = settings.COUNT_CACHE_SECONDS = 300
    settings.SEARCH_BROWSE_CACHE_SECONDS = 300
    production = settings_value(
        "print(json.dumps(settings.CACHES['default']))", REDIS_URL="redis://127.0.0.1:9/0"
    )
    settings.CACHES = {**settings.CACHES, "default": json.loads(production.stdout)}
    theme = Theme.objects.get(slug="culture")
    client = Client()
    for url in (
        "/",
        sheet.url,
        "/action/",
        f"/action/?theme={theme.slug}",
        f"/thematiques/{theme.slug}/",
        "/chiffres-cles/",
    ):
        response = get(client, url)
        assert response["X-Cache"] == "BYPASS", url
    assert sheet.title in get(client, "/action/").content.decode()
    assert Client().get("/sante/").status_code == 503


def test_a_restriction_added_or_removed_shows_at_the_next_request(settings, sheet):
    """Made private: the cached sheet, its theme page and the listing stop showing it at once."""
    settings.COUNT_CACHE_SECONDS = settings.SEARCH_BROWSE_CACHE_SECONDS = 300
    client = Client()
    lists = ["/thematiques/culture/", "/action/"]
    for url in [sheet.url, *lists]:
        get(client, url)
        assert get(client, url)["X-Cache"] == "HIT"
    restriction = PageViewRestriction.objects.create(page=sheet, restriction_type="login")
    assert client.get(sheet.url).status_code == 302  # to the login page, not the cached copy
    for url in lists:
        response = get(client, url)
        assert response["X-Cache"] == "MISS", url
        assert sheet.title not in response.content.decode(), url
    restriction.delete()
    assert sheet.title in get(client, sheet.url).content.decode()
    for url in lists:
        assert sheet.title in get(client, url).content.decode(), url
