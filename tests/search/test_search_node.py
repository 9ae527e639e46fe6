"""The real search node: Wagtail's indexes live there, with French analysis."""

import pytest
from django.core.management import call_command
from wagtail.models import Page

from initiatives.models import InitiativeIndexPage, InitiativePage
from tests.factories import InitiativePageFactory, initiative_body

pytestmark = [pytest.mark.django_db, pytest.mark.search_node]


def analyze(node, text, analyzer="default"):
    index = node.get_index_for_model(Page)
    result = node.es.indices.analyze(index=index.name, body={"analyzer": analyzer, "text": text})
    return [token["token"] for token in result["tokens"]]


def test_node_is_a_real_engine(node):
    """The node answers as OpenSearch or Elasticsearch, not a stand-in."""
    info = node.es.info()
    assert info["version"]["number"]
    assert info["version"].get("distribution", "elasticsearch") in {"opensearch", "elasticsearch"}


def test_wagtail_index_uses_project_analysis(node):
    """Wagtail created its page index with the project's French analyzers."""
    index = node.get_index_for_model(Page)
    settings = node.es.indices.get_settings(index=index.name)
    analysis = next(iter(settings.values()))["settings"]["index"]["analysis"]
    assert "french_elision" in analysis["filter"]
    assert analysis["analyzer"]["default"]["tokenizer"] == "standard"


def test_asciifolding_and_elision_work_on_the_node(node):
    """_analyze on the node: elision with both apostrophes, accents folded, light stemming."""
    assert analyze(node, "L'événement") == analyze(node, "evenement") == ["even"]
    assert analyze(node, "l’hôpital") == analyze(node, "hopital") == ["hopital"]
    assert analyze(node, "jusqu’aux ateliers") == analyze(node, "atelier")
    assert analyze(node, "D’habitants", analyzer="edgengram_analyzer")[:3] == ["h", "ha", "hab"]


def test_search_finds_sheet_by_body_word(node, site_tree):
    """A search on the node finds a sheet by a word that only its body contains."""
    index = InitiativeIndexPage.objects.get()
    page = InitiativePageFactory(
        parent=index,
        title="Une fête de quartier",
        body=initiative_body(action="<p>Les voisin·e·s ont construit une yourte ensemble.</p>"),
    )
    InitiativePageFactory(parent=index, title="Un autre projet")
    node.refresh_indexes()
    results = list(InitiativePage.objects.live().search("yourtes"))
    assert results == [page]


def test_demo_sheet_found_on_the_node(node, db):
    """After loading the demo, a body word finds its sheet through the node."""
    call_command("load_demo", verbosity=0)
    node.refresh_indexes()
    results = InitiativePage.objects.live().search("carte postale")
    assert results[0].slug == "csc-tour-2018-aller-a-la-rencontre-des-habitants-en-caravane"
