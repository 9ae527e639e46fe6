"""Query budgets of every public page type and API endpoint: fixed, whatever the items shown."""

import pytest
import wagtail_factories
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.search.backends import get_search_backend

from initiatives.models import Axis, InitiativeIndexPage, Theme
from publications.models import PublicationIndexPage, PublicationPage
from ressources.models import ResourceIndexPage
from tests.factories import CentreFactory, InitiativePageFactory, ResourcePageFactory

pytestmark = pytest.mark.django_db

# URL → the most queries it may make (the second request: caches warm as in production).
LISTINGS = {
    "/": 32,
    "/action/": 25,
    "/action/?theme=culture&territoire=urbain": 25,
    "/thematiques/": 12,
    "/thematiques/culture/": 25,
    "/ressource/": 20,
    "/chiffres-cles/": 30,
    "/publications/": 15,
    "/recherche/?q=quartier": 30,
    "/recherche/autocompletion/?q=quart": 15,
    "/flux/rss/": 15,
    "/flux/atom/": 15,
    "/thematiques/culture/flux/rss/": 15,
    "/sitemap.xml": 15,
    "/sitemap-pages.xml": 15,
    "/api/v3/pages/?limit=50": 30,
    "/api/v3/pages/?type=initiatives.InitiativePage&limit=50": 30,
    "/api/v2/pages/?type=initiatives.InitiativePage&fields=*&limit=50": 30,
    "/api/v3/themes/": 10,
    "/api/v3/centres/?limit=50": 10,
    "/api/v3/figures/": 25,
    "/api/v3/search/?q=quartier": 25,
    "/api/v3/images/?limit=50": 15,
}
DETAILS = {"sheet": 35, "resource": 30, "publication": 40, "api_sheet": 30, "api_v2_sheet": 30}


class World:
    """Sheets with a cover image and two themes, resources, and a publication of all sheets."""

    def __init__(self, site_tree):
        self.index = InitiativeIndexPage.objects.get()
        self.resources_index = ResourceIndexPage.objects.get()
        self.themes = list(Theme.objects.filter(slug__in=["culture", "solidarite"]))
        self.axis = Axis.objects.order_by("number").first()
        self.sheets, self.resources = [], []
        self.publication = None

    def grow(self, sheets, resources):
        for _ in range(sheets):
            sheet = InitiativePageFactory(
                parent=self.index,
                title=f"Initiative de quartier n°{len(self.sheets) + 1}",
                centre=CentreFactory(),
                axis=self.axis,
                cover_image=wagtail_factories.ImageFactory(),
                cover_image_alt="Des habitant·e·s réuni·e·s",
            )
            sheet.themes.add(*self.themes)
            sheet.save_revision().publish()
            self.sheets.append(sheet)
        for _ in range(resources):
            resource = ResourcePageFactory(
                parent=self.resources_index, title=f"Guide de quartier n°{len(self.resources) + 1}"
            )
            resource.themes.add(self.themes[0])
            resource.save_revision().publish()
            self.resources.append(resource)
        self.compose_publication()
        call_command("update_index", verbosity=0)
        get_search_backend().refresh_indexes()

    def compose_publication(self):
        chapters = [
            {
                "type": "chapter",
                "value": {
                    "title": "Toutes les fiches",
                    "introduction": "<p>Les fiches.</p>",
                    "items": [{"type": "sheet", "value": sheet.pk} for sheet in self.sheets],
                },
            }
        ]
        if self.publication is None:
            self.publication = PublicationPage(
                title="Le recueil", slug="le-recueil", edito="<p>Édito.</p>", chapters=chapters
            )
            PublicationIndexPage.objects.get().add_child(instance=self.publication)
        else:
            self.publication.chapters = chapters
        self.publication.save_revision().publish()

    def detail_urls(self):
        sheet, resource = self.sheets[0], self.resources[0]
        return {
            "sheet": sheet.url,
            "resource": resource.url,
            "publication": self.publication.url,
            "api_sheet": f"/api/v3/pages/{sheet.pk}/",
            "api_v2_sheet": f"/api/v2/pages/{sheet.pk}/?fields=*",
        }


def queries(url):
    client = Client()
    first = client.get(url)
    assert first.status_code == 200, (url, first.status_code)
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(context.captured_queries)


@pytest.fixture
def world(site_tree):
    return World(site_tree)


def test_listings_cost_the_same_for_4_and_12_items(world):
    """Every listing page and endpoint: same queries with 4 and 12 sheets, within budget."""
    world.grow(4, 2)
    few = {url: queries(url) for url in LISTINGS}
    world.grow(8, 4)
    many = {url: queries(url) for url in LISTINGS}
    over = {
        url: (few[url], many[url], LISTINGS[url]) for url in LISTINGS if many[url] > LISTINGS[url]
    }
    grew = {url: (few[url], many[url]) for url in LISTINGS if many[url] > few[url]}
    assert not grew, f"ces listes grandissent avec leurs éléments : {grew}"
    assert not over, f"budgets dépassés (4, 12, budget) : {over}"


def test_details_stay_within_their_budget(world):
    """A sheet, a resource, a publication of 12 sheets and their API details: a fixed budget."""
    world.grow(12, 2)
    costs = {name: queries(url) for name, url in world.detail_urls().items()}
    over = {name: (costs[name], DETAILS[name]) for name in DETAILS if costs[name] > DETAILS[name]}
    assert not over, f"budgets dépassés (requêtes, budget) : {over}"


def test_the_publication_page_does_not_grow_with_its_sheets(world):
    """The web version of a publication costs the same for 4 and 12 sheets."""
    world.grow(4, 1)
    few = queries(world.publication.url)
    world.grow(8, 0)
    assert queries(world.publication.url) == few
