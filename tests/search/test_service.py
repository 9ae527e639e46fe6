"""The search service on the real node: visibility, facets, typos, bad input, fallback."""

import socket
import threading

import pytest
from django.test import override_settings
from django.urls import reverse
from wagtail.models import PageViewRestriction

from initiatives.models import InitiativeIndexPage
from ressources.models import ResourceIndexPage
from search import service
from tests.factories import (
    AxisFactory,
    CentreFactory,
    InitiativePageFactory,
    ResourcePageFactory,
    ThemeFactory,
    initiative_body,
)

pytestmark = [pytest.mark.django_db, pytest.mark.search_node]


@pytest.fixture
def corpus(node, site_tree):
    """A small corpus: published sheets and a resource, plus pages the public must not see."""
    index = InitiativeIndexPage.objects.get()
    culture = ThemeFactory(name="Culture", slug="culture")
    solidarite = ThemeFactory(name="Solidarité", slug="solidarite")
    parole = AxisFactory(slug="parole", name="La parole")
    rural = CentreFactory(
        name="Centre rural",
        city="Saint-Jean-en-Royans",
        region="Auvergne-Rhône-Alpes",
        territory_type="rural",
    )
    urbain = CentreFactory(
        name="Centre urbain", city="Amiens", region="Hauts-de-France", territory_type="urbain"
    )

    def sheet(title, text, centre, themes=(), **extra):
        page = InitiativePageFactory(
            parent=index,
            title=title,
            summary=f"{title}.",
            centre=centre,
            axis=parole,
            body=initiative_body(action=f"<p>{text}</p>", situation="<p>Au départ.</p>"),
            **extra,
        )
        if themes:
            page.themes.set(themes)
            page.save_revision().publish()
        return page

    pages = {
        "caravane": sheet(
            "Une caravane dans les villages", "La caravane sillonne le canton.", rural, [culture]
        ),
        "repair": sheet(
            "Un repair café", "On répare les grille-pain ensemble.", urbain, [solidarite]
        ),
        "cafe": sheet(
            "Un café des parents",
            "Les parents se retrouvent au café du centre.",
            urbain,
            [culture, solidarite],
        ),
    }
    draft = InitiativePageFactory(
        parent=index,
        title="Caravane secrète",
        summary="Brouillon.",
        live=False,
        centre=rural,
        axis=parole,
    )
    restricted = sheet("Caravane réservée", "Une caravane pour les membres.", rural)
    PageViewRestriction.objects.create(page=restricted, restriction_type="password", password="x")
    pages["resource"] = ResourcePageFactory(
        parent=ResourceIndexPage.objects.get(),
        title="Guide de la caravane",
        summary="Un guide pour monter une caravane.",
    )
    pages["resource"].themes.set([culture])
    pages["resource"].save_revision().publish()
    node.refresh_indexes()
    pages["draft"], pages["restricted"] = draft, restricted
    return pages


def titles(results):
    return {hit.page.title for hit in results.hits}


def facet(results, name):
    return {
        option.value: option.count
        for option in next(f for f in results.facets if f.name == name).options
    }


def test_search_finds_sheets_and_resources(corpus):
    """A word finds the sheets and the resource that contain it; the node answered."""
    results = service.search("caravane")
    assert results.backend == "node"
    assert titles(results) == {"Une caravane dans les villages", "Guide de la caravane"}
    assert facet(results, "kind") == {"fiche": 1, "ressource": 1}


def test_drafts_and_restricted_pages_never_show(corpus):
    """No draft, no restricted page: in results, counts, facets or autocomplete."""
    results = service.search("caravane")
    assert "Caravane secrète" not in titles(results)
    assert "Caravane réservée" not in titles(results)
    assert results.total == 2
    assert sum(facet(results, "region").values()) == 1
    pages, backend = service.autocomplete("carav")
    assert backend == "node"
    assert {page.title for page in pages} == {
        "Une caravane dans les villages",
        "Guide de la caravane",
    }


def test_suggestions_never_reveal_hidden_words(corpus, client):
    """A typo near a word only hidden pages hold suggests nothing; a public one still does."""
    for query in ("secrxte", "réservxe"):
        results = service.search(query)
        assert results.suggestions == [], query
        html = client.get(reverse("search"), {"q": query}).content.decode()
        assert "secr" not in html.replace(query, "") and "réservée" not in html
    assert service.search("cantn").suggestions == ["canton"]


def test_title_is_boosted(corpus):
    """A match in the title ranks before a match in the body only."""
    results = service.search("café")
    assert [hit.page.title for hit in results.hits][:2] == [
        "Un café des parents",
        "Un repair café",
    ] or (results.hits[0].page.title in {"Un café des parents", "Un repair café"})
    assert {"Un café des parents", "Un repair café"} <= titles(results)


def test_one_typo_is_tolerated(corpus):
    """One wrong letter in a word still finds it."""
    assert "Une caravane dans les villages" in titles(service.search("carvane"))
    assert "Un repair café" in titles(service.search("grille-pian"))


def test_highlight_marks_the_words(corpus):
    """Excerpts highlight the matched words, escaped."""
    hit = next(h for h in service.search("sillonne").hits)
    assert "<mark>sillonne</mark>" in hit.highlight


def test_facets_combine_with_the_query(corpus):
    """Facets count within the query; a selected facet filters, and others still count."""
    results = service.search("", service.Filters(themes=("culture",)))
    assert titles(results) == {
        "Une caravane dans les villages",
        "Un café des parents",
        "Guide de la caravane",
    }
    assert facet(results, "theme") == {"culture": 3, "solidarite": 2}
    rural = service.search("", service.Filters(territory="rural"))
    assert titles(rural) == {"Une caravane dans les villages"}
    assert facet(rural, "territory") == {"rural": 1, "urbain": 2}
    assert facet(rural, "kind") == {"fiche": 1}
    both = service.search("café", service.Filters(region="Hauts-de-France"))
    assert titles(both) == {"Un café des parents", "Un repair café"}


def test_empty_query_lists_everything(corpus):
    """An empty query lists every visible page, with facets."""
    results = service.search("")
    assert results.total == 4
    assert facet(results, "kind") == {"fiche": 3, "ressource": 1}


@pytest.mark.parametrize(
    "query",
    [
        "x" * 10_000,
        '"caravane',
        "cara*",
        "caravane~2",
        "(caravane",
        "titre:caravane",
        "\\",
        "/",
        "🚐 caravane 🎉",
        "le la les de des",
        "   ",
        "AND OR NOT",
        "\x00caravane",
    ],
)
def test_bad_input_never_fails(client, corpus, query):
    """Engine syntax, emoji, stop words, huge or empty queries: a 200 with sane results."""
    response = client.get(
        reverse("search"), {"q": query, "page": "abc", "annee": "20x9", "type": "nope"}
    )
    assert response.status_code == 200
    results = response.context["results"]
    assert len(results.query) <= service.MAX_QUERY_LENGTH
    assert results.backend == "node"
    if "caravane" in query and len(query) < 200:
        assert "Une caravane dans les villages" in titles(results)


@pytest.mark.parametrize(
    "params", [{"annee": "²²²²"}, {"page": "²"}, {"page": "٣"}, {"annee": "２０１９"}]
)
def test_non_ascii_digits_never_fail(client, corpus, params):
    """Digits int() refuses (superscripts, other scripts): ignored, never a 500."""
    response = client.get(reverse("search"), {"q": "caravane", **params})
    assert response.status_code == 200
    assert "Une caravane dans les villages" in titles(response.context["results"])


def test_autocomplete_endpoint(client, corpus):
    """The JSON endpoint completes titles, with accents folded either way."""
    response = client.get(reverse("search_autocomplete"), {"q": "Cafe"})
    assert response.status_code == 200
    data = response.json()["results"]
    assert {item["title"] for item in data} == {"Un café des parents", "Un repair café"}
    assert response["X-Search-Backend"] == "node"
    prefix = client.get(reverse("search_autocomplete"), {"q": "repair ca"}).json()["results"]
    assert {item["title"] for item in prefix} == {"Un repair café"}
    assert data[0]["url"].startswith("/action/")
    assert client.get(reverse("search_autocomplete"), {"q": ""}).json() == {"results": []}


def test_search_page_renders_facets_and_pagination(client, corpus):
    """The page shows the count, the facets and highlighted excerpts, in French."""
    response = client.get(reverse("search"), {"q": "caravane"})
    html = response.content.decode()
    assert "2 résultats pour « caravane »" in html
    assert "Thématique" in html and "Culture" in html
    assert "<mark>" in html


def closed_port():
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    return port


class HungServer:
    """A local socket that accepts connections and never answers."""

    def __enter__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.port = self.sock.getsockname()[1]
        self.connections = []
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()
        return self

    def _accept(self):
        self.sock.settimeout(0.2)
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
                self.connections.append(conn)
            except OSError:
                continue

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join(2)
        for conn in self.connections:
            conn.close()
        self.sock.close()


def node_at(settings, url):
    backends = {key: dict(value) for key, value in settings.WAGTAILSEARCH_BACKENDS.items()}
    backends["default"]["URLS"] = [url]
    return backends


def test_node_down_answers_from_the_database(corpus, settings, client):
    """With the node's port closed, the service answers from the database with a notice."""
    with override_settings(
        WAGTAILSEARCH_BACKENDS=node_at(settings, f"http://127.0.0.1:{closed_port()}"),
        SEARCH_QUERY_TIMEOUT=0.5,
    ):
        results = service.search("caravane")
        assert results.backend == "database"
        assert results.notice == service.FALLBACK_NOTICE
        assert titles(results) == {"Une caravane dans les villages", "Guide de la caravane"}
        assert facet(results, "kind") == {"fiche": 1, "ressource": 1}
        assert all(hit.highlight == "" for hit in results.hits)
        filtered = service.search("", service.Filters(themes=("culture",)))
        assert facet(filtered, "theme") == {"culture": 3, "solidarite": 2}
        pages, backend = service.autocomplete("carav")
        assert backend == "database"
        assert "Une caravane dans les villages" in {page.title for page in pages}
        response = client.get(reverse("search"), {"q": "caravane"})
        assert response.status_code == 200
        assert "mode simplifié" in response.content.decode()


def test_node_hung_answers_from_the_database(corpus, settings):
    """A node that accepts and never answers: the configured timeout, then the database."""
    with (
        HungServer() as hung,
        override_settings(
            WAGTAILSEARCH_BACKENDS=node_at(settings, f"http://127.0.0.1:{hung.port}"),
            SEARCH_QUERY_TIMEOUT=0.3,
        ),
    ):
        node, _database = service._engines()
        assert node.timeout == 0.3
        results = service.search("caravane")
        assert results.backend == "database"
        assert titles(results) == {"Une caravane dans les villages", "Guide de la caravane"}
        assert "Caravane secrète" not in titles(results)
        assert "Caravane réservée" not in titles(results)
