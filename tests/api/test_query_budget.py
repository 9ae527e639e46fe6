"""Query budgets: listings cost the same for 5 and for 50 items; details stay bounded."""

import pytest
import wagtail_factories
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, Site
from wagtail.search.backends import get_search_backend

from core.visibility import public_pages
from initiatives.models import Axis, InitiativeGalleryImage, InitiativeIndexPage, Theme
from initiatives.permissions import shared_collection
from ressources.models import ResourceDocument, ResourceIndexPage
from search.service import AUTOCOMPLETE_SIZE
from tests.factories import InitiativePageFactory, ResourcePageFactory

pytestmark = pytest.mark.django_db

LIMIT = 50


def listings(other_pages):
    """{url: the number of items it lists, given the number of sheets}; None when the
    answer is not a list of sheets (the themes, a fixed set, and the key figures)."""
    return {
        "/api/v3/pages/?limit=50": lambda n: min(LIMIT, n + other_pages),
        "/api/v3/pages/?type=initiatives.InitiativePage&limit=50": lambda n: n,
        "/api/v2/pages/?type=initiatives.InitiativePage&limit=50": lambda n: n,
        "/api/v2/pages/?type=initiatives.InitiativePage&limit=50"
        "&fields=centre,axis,themes,territory_type": lambda n: n,
        # Each sheet has a cover image and a document in the shared collection.
        "/api/v2/images/?limit=50": lambda n: n,
        "/api/v3/images/?limit=50": lambda n: n,
        "/api/v2/documents/?limit=50": lambda n: n,
        "/api/v3/documents/?limit=50": lambda n: n,
        "/api/v3/search/?per_page=50": lambda n: n,
        "/api/v3/search/?q=quartier&per_page=50": lambda n: n,
        "/api/v3/search/autocomplete/?q=initiative": lambda n: min(AUTOCOMPLETE_SIZE, n),
        # Each sheet has its own centre.
        "/api/v3/centres/?limit=50": lambda n: n,
        "/api/v3/themes/": lambda n: Theme.objects.count(),
        "/api/v3/figures/": None,
    }


DETAIL_BUDGET = 30


def add_sheets(count, themes, axis):
    index = InitiativeIndexPage.objects.get()
    for _ in range(count):
        sheet = InitiativePageFactory(
            parent=index, axis=axis, cover_image=wagtail_factories.ImageFactory()
        )
        sheet.themes.add(*themes)
        sheet.save_revision().publish()
        wagtail_factories.DocumentFactory(collection=shared_collection())
    call_command("update_index", verbosity=0)
    get_search_backend().refresh_indexes()


def listed(data):
    """The items of a list answer, whichever endpoint gave it."""
    if isinstance(data, list):
        return data
    return data["items"] if "items" in data else data["results"]


def measure(url):
    """(number of queries, the JSON answer) of an anonymous GET of `url`."""
    client = Client()
    client.get(url)  # warm caches that are per process (content types, site root paths)
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, (url, response.content[:300])
    return len(context.captured_queries), response.json()


def costs_and_sizes(urls, sheets):
    """({url: queries}, {url: items listed}, {url: items expected}) with `sheets` sheets."""
    costs, listed_items, expected_items = {}, {}, {}
    for url, expected in urls.items():
        costs[url], data = measure(url)
        if expected is not None:
            listed_items[url], expected_items[url] = len(listed(data)), expected(sheets)
    return costs, listed_items, expected_items


def test_listings_cost_the_same_for_5_and_50_items(site_tree):
    """Each list endpoint lists 5, then 50 sheets (or their media, centres), with the
    same number of queries."""
    themes = list(Theme.objects.order_by("slug")[:2])
    axis = Axis.objects.order_by("number").first()
    root = Site.objects.get(is_default_site=True).root_page
    other_pages = public_pages(Page.objects.descendant_of(root, inclusive=True)).count()
    urls = listings(other_pages)
    add_sheets(5, themes, axis)
    with_5, listed_5, expected_5 = costs_and_sizes(urls, 5)
    add_sheets(45, themes, axis)
    with_50, listed_50, expected_50 = costs_and_sizes(urls, 50)
    assert listed_5 == expected_5
    assert listed_50 == expected_50
    assert listed_50["/api/v3/pages/?type=initiatives.InitiativePage&limit=50"] == 50
    assert with_50 == with_5


def test_sheet_detail_has_a_fixed_budget(site_tree):
    """A sheet with themes, a cover and a gallery is served within a fixed query budget."""
    themes = list(Theme.objects.order_by("slug")[:3])
    sheet = InitiativePageFactory(
        parent=InitiativeIndexPage.objects.get(),
        axis=Axis.objects.order_by("number").first(),
        cover_image=wagtail_factories.ImageFactory(),
    )
    sheet.themes.add(*themes)
    for _ in range(4):
        InitiativeGalleryImage.objects.create(
            page=sheet, image=wagtail_factories.ImageFactory(), alt_text="Une photo"
        )
    sheet.save_revision().publish()
    for url in (f"/api/v3/pages/{sheet.pk}/", f"/api/v2/pages/{sheet.pk}/"):
        count, data = measure(url)
        assert data["id"] == sheet.pk
        assert len(data["gallery"]) == 4
        assert count <= DETAIL_BUDGET, url


def test_resource_detail_has_a_fixed_budget(site_tree):
    """A resource with themes and four documents is served within the same budget."""
    resource = ResourcePageFactory(parent=ResourceIndexPage.objects.get())
    resource.themes.add(*Theme.objects.order_by("slug")[:3])
    for number in range(4):
        ResourceDocument.objects.create(
            page=resource, document=wagtail_factories.DocumentFactory(), title=f"Annexe {number}"
        )
    resource.save_revision().publish()
    for url in (f"/api/v3/pages/{resource.pk}/", f"/api/v2/pages/{resource.pk}/"):
        count, data = measure(url)
        assert data["id"] == resource.pk
        assert len(data["documents"]) == 4
        assert len(data["themes"]) == 3
        assert count <= DETAIL_BUDGET, url
