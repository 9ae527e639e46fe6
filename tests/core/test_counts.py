"""Cached counts and browses: read from the shared cache until the public content changes."""

import pytest
from wagtail.search.backends import get_search_backend

from core.counts import with_cached_count
from initiatives.models import InitiativeIndexPage, InitiativePage
from search import service
from tests.factories import InitiativePageFactory

pytestmark = pytest.mark.django_db


def publish_sheet(title):
    sheet = InitiativePageFactory(parent=InitiativeIndexPage.objects.get(), title=title)
    sheet.save_revision().publish()
    get_search_backend().refresh_indexes()
    return sheet


def test_a_cached_count_waits_for_the_next_publication(
    site_tree, settings, django_assert_num_queries
):
    """The second count is a cache read; a row changed behind Wagtail's back waits; a
    publication counts again."""
    settings.COUNT_CACHE_SECONDS = 300
    first, second = publish_sheet("Une fiche"), publish_sheet("Une autre fiche")
    live = with_cached_count(InitiativePage.objects.live())
    assert live.filter(pk__gt=0).count() == 2
    InitiativePage.objects.filter(pk=second.pk).update(live=False)
    assert with_cached_count(InitiativePage.objects.live()).filter(pk__gt=0).count() == 2
    first.save_revision().publish()
    assert with_cached_count(InitiativePage.objects.live()).filter(pk__gt=0).count() == 1
    assert with_cached_count(InitiativePage.objects.live()).filter(pk__in=[]).count() == 0


def test_a_browse_is_kept_until_the_content_changes(site_tree, settings):
    """A search without words is read again from the cache; a publication refreshes it."""
    settings.SEARCH_BROWSE_CACHE_SECONDS = 300
    sheet = publish_sheet("La fête du quartier")
    first = service.search("", service.Filters(kind="fiche"), sort="recent")
    assert first.backend == "node" and first.hits[0].page.pk == sheet.pk
    InitiativePage.objects.filter(pk=sheet.pk).update(title="Titre changé sans publier")
    again = service.search("", service.Filters(kind="fiche"), sort="recent")
    assert again.hits[0].page.title == "La fête du quartier" and again.total == first.total
    newer = publish_sheet("Le jardin des voisins")
    fresh = service.search("", service.Filters(kind="fiche"), sort="recent")
    assert fresh.total == first.total + 1 and fresh.hits[0].page.pk == newer.pk
    assert "Titre changé sans publier" in [hit.page.title for hit in fresh.hits]
