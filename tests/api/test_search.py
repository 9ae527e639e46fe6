"""The API's search and autocomplete on the real node: ranking, facets, filters, typos."""

import pytest
from django.core.management import call_command
from django.test import Client
from wagtail.search.backends import get_search_backend

from initiatives.models import InitiativeIndexPage
from ressources.models import ResourceIndexPage
from tests.conftest import search_node_configured
from tests.factories import (
    AxisFactory,
    CentreFactory,
    InitiativePageFactory,
    ResourcePageFactory,
    ThemeFactory,
    initiative_body,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def corpus(site_tree):
    """Published sheets and a resource about gardens and meals, indexed on the node."""
    assert search_node_configured(), "ces tests exigent le nœud de recherche (scripts/test)"
    index = InitiativeIndexPage.objects.get()
    jardins = ThemeFactory(name="Jardins", slug="jardins")
    repas = ThemeFactory(name="Repas partagés", slug="repas-partages")
    parole = AxisFactory(slug="parole-test", name="La parole")
    bretagne = CentreFactory(name="Centre des Glycines", city="Rennes", region="Bretagne")
    occitanie = CentreFactory(
        name="Foyer du Causse", city="Millau", region="Occitanie", territory_type="rural"
    )

    def sheet(title, summary, action, centre, themes):
        page = InitiativePageFactory(
            parent=index,
            title=title,
            summary=summary,
            centre=centre,
            axis=parole,
            body=initiative_body(action=f"<p>{action}</p>"),
        )
        page.themes.set(themes)
        page.save_revision().publish()
        return page

    pages = {
        "potager": sheet(
            "Un potager collectif au pied des tours",
            "Les habitant·e·s cultivent un potager partagé entre deux immeubles.",
            "Chaque samedi, on sème, on arrose et on récolte ensemble.",
            bretagne,
            [jardins],
        ),
        "ecole": sheet(
            "Des ateliers nature avec l'école",
            "Les enfants découvrent les saisons.",
            "Les élèves visitent le potager du centre une fois par mois.",
            bretagne,
            [jardins],
        ),
        "repas": sheet(
            "Un repas solidaire le dimanche",
            "Des voisins cuisinent pour les personnes isolées.",
            "Les légumes viennent des producteurs du causse.",
            occitanie,
            [repas],
        ),
        "conserves": sheet(
            "Des conserves pour l'hiver",
            "Les récoltes du potager deviennent des bocaux.",
            "Un atelier de cuisine transforme les légumes en conserves.",
            occitanie,
            [jardins, repas],
        ),
    }
    pages["guide"] = ResourcePageFactory(
        parent=ResourceIndexPage.objects.get(),
        title="Guide pour créer un potager partagé",
        summary="Les étapes, du terrain aux premières récoltes.",
    )
    pages["guide"].themes.set([jardins])
    pages["guide"].save_revision().publish()
    call_command("update_index", verbosity=0)
    get_search_backend().refresh_indexes()
    return pages


def search(**params):
    response = Client().get("/api/v3/search/", params)
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["backend"] == "node"
    return data


def facets(data):
    return {
        facet["name"]: {option["value"]: option["count"] for option in facet["options"]}
        for facet in data["facets"]
    }


def ids(data):
    return [hit["id"] for hit in data["results"]]


def test_a_query_ranks_the_sheet_titled_with_it_first(corpus):
    """ "potager collectif" finds the sheet titled so first, then the other gardens."""
    data = search(q="potager collectif")
    assert ids(data)[0] == corpus["potager"].pk
    assert data["results"][0]["type"] == "fiche"
    assert data["results"][0]["centre"] == {"name": "Centre des Glycines", "city": "Rennes"}
    assert "<mark>" in data["results"][0]["highlight"]


def test_a_query_finds_every_page_using_the_word(corpus):
    """ "potager" is in three sheets (title, summary or body) and the resource's title."""
    data = search(q="potager")
    expected = {corpus[name].pk for name in ("potager", "ecole", "conserves", "guide")}
    assert set(ids(data)) == expected
    assert data["total"] == 4
    assert corpus["repas"].pk not in ids(data)


def test_facets_count_the_matches(corpus):
    """The facets of "potager" count its four matches by kind, theme, region, territory."""
    counts = facets(search(q="potager"))
    assert counts["kind"] == {"fiche": 3, "ressource": 1}
    assert counts["theme"] == {"jardins": 4, "repas-partages": 1}
    assert counts["region"] == {"Bretagne": 2, "Occitanie": 1}
    assert counts["territory"] == {"urbain": 2, "rural": 1}


def test_filters_narrow_the_results(corpus):
    """Kind, region, theme and territory filters each keep only the matching pages."""
    assert set(ids(search(q="potager", type="fiche"))) == {
        corpus[name].pk for name in ("potager", "ecole", "conserves")
    }
    assert ids(search(q="potager", type="ressource")) == [corpus["guide"].pk]
    narrowed = search(q="potager", region="Occitanie")
    assert ids(narrowed) == [corpus["conserves"].pk]
    assert narrowed["total"] == 1
    assert set(ids(search(theme="repas-partages"))) == {
        corpus["repas"].pk,
        corpus["conserves"].pk,
    }
    assert ids(search(q="potager", territoire="rural")) == [corpus["conserves"].pk]
    # A facet keeps counting the other values of its own filter.
    counts = facets(search(q="potager", region="Occitanie"))
    assert counts["region"] == {"Bretagne": 2, "Occitanie": 1}
    assert counts["kind"] == {"fiche": 1}


def test_an_empty_query_lists_every_published_page(corpus):
    """Without words, every published sheet and resource is listed and counted."""
    data = search()
    assert data["total"] == 5
    assert set(ids(data)) == {page.pk for page in corpus.values()}


def test_a_misspelt_word_still_finds_and_is_corrected(corpus):
    """One typo is tolerated, and the suggestion names the public word."""
    data = search(q="potafer")
    assert corpus["potager"].pk in ids(data)
    assert data["suggestions"] == ["potager"]


def test_autocomplete_suggests_the_expected_titles(corpus):
    """The beginning of a word completes to the titles that contain it."""
    response = Client().get("/api/v3/search/autocomplete/", {"q": "repa"})
    assert response.status_code == 200
    data = response.json()
    assert data["backend"] == "node"
    assert [hit["title"] for hit in data["results"]] == ["Un repas solidaire le dimanche"]
    assert data["results"][0]["type"] == "fiche"
    titles = [
        hit["title"]
        for hit in Client().get("/api/v3/search/autocomplete/", {"q": "pota"}).json()["results"]
    ]
    assert set(titles) == {
        "Un potager collectif au pied des tours",
        "Guide pour créer un potager partagé",
    }
