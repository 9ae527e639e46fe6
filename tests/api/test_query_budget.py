"""Query budgets: listings cost the same for 5 and for 50 items; details stay bounded."""

import pytest
import wagtail_factories
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.search.backends import get_search_backend

from initiatives.models import Axis, InitiativeGalleryImage, InitiativeIndexPage, Theme
from tests.factories import InitiativePageFactory

pytestmark = pytest.mark.django_db

LISTINGS = [
    "/api/v3/pages/?limit=50",
    "/api/v3/pages/?type=initiatives.InitiativePage&limit=50",
    "/api/v2/pages/?type=initiatives.InitiativePage&limit=50",
    "/api/v2/pages/?type=initiatives.InitiativePage&limit=50&fields=centre,axis,themes,territory_type",
    "/api/v2/images/?limit=50",
    "/api/v3/images/?limit=50",
    "/api/v3/search/?per_page=50",
    "/api/v3/search/?q=quartier&per_page=50",
    "/api/v3/search/autocomplete/?q=initiative",
    "/api/v3/themes/",
    "/api/v3/centres/?limit=50",
    "/api/v3/figures/",
]
DETAIL_BUDGET = 30


def add_sheets(count, themes, axis):
    index = InitiativeIndexPage.objects.get()
    for _ in range(count):
        sheet = InitiativePageFactory(
            parent=index, axis=axis, cover_image=wagtail_factories.ImageFactory()
        )
        sheet.themes.add(*themes)
        sheet.save_revision().publish()
    call_command("update_index", verbosity=0)
    get_search_backend().refresh_indexes()


def queries(url):
    client = Client()
    client.get(url)  # warm caches that are per process (content types, site root paths)
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, (url, response.content[:300])
    return len(context.captured_queries)


def test_listings_cost_the_same_for_5_and_50_items(site_tree):
    """Each list endpoint makes the same number of queries for 5 and for 50 sheets."""
    themes = list(Theme.objects.order_by("slug")[:2])
    axis = Axis.objects.order_by("number").first()
    add_sheets(5, themes, axis)
    with_5 = {url: queries(url) for url in LISTINGS}
    add_sheets(45, themes, axis)
    with_50 = {url: queries(url) for url in LISTINGS}
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
        assert queries(url) <= DETAIL_BUDGET, url
