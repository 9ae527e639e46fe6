"""French analysis on the real node: a table of cases, checked with _analyze and real queries."""

import pytest
from wagtail.models import Page

from initiatives.models import InitiativeIndexPage
from search import service
from tests.factories import InitiativePageFactory, initiative_body

pytestmark = [pytest.mark.django_db, pytest.mark.search_node]

# (as written in a sheet, as typed in the search box): both must analyse alike.
CASES = [
    ("habitant.e.s", "habitants"),
    ("habitant·e·s", "habitants"),
    ("habitant-e-s", "habitants"),
    ("habitant(e)s", "habitants"),
    ("habitant·es", "habitant"),
    ("habitant(es)", "habitants"),
    ("salarié.e.s", "salariés"),
    ("animateur.rice.s", "animateurs"),
    ("administrateur.rice.s", "administrateur"),
    ("acteur·ices", "acteurs"),
    ("directeur·trice·s", "directeurs"),
    ("tou·te·s", "tous"),
    ("nouveaux.elles", "nouveaux"),
    ("professionnel.le.s", "professionnels"),
    ("constructif.ive.s", "constructifs"),
    ("usager·ère·s", "usagers"),
    ("chacun.e", "chacun"),
    ("engagé(e)", "engagé"),
    ("événement", "evenement"),
    ("ateliers", "atelier"),
    ("l'été", "été"),
    ("l’été", "ete"),
    ("d’habitants", "habitant"),
    ("jusqu’aux quartiers", "quartier"),
    ("lorsqu’une crèche", "CRECHE"),
    ("Éducation populaire", "education populaire"),
    ("bénévoles", "benevole"),
    ("Saint-Jean-en-Royans", "saint jean en royans"),
]

# Words that inclusive-writing folding must leave alone, with the terms they give.
UNTOUCHED = {
    "peut-être": ["peut"],
    "Île-de-France": ["ile", "franc"],
    "version 2.0": ["version", "2.0"],
    "dix-sept": ["dix", "sept"],
    "e.g.": ["e.g"],
    "Saint-Étienne": ["saint", "etien"],
}


def analyze(node, text, analyzer="default"):
    index = node.get_index_for_model(Page)
    result = node.es.indices.analyze(index=index.name, body={"analyzer": analyzer, "text": text})
    return [token["token"] for token in result["tokens"]]


def test_table_has_enough_cases():
    """The table covers at least 25 French cases."""
    assert len(CASES) >= 25


@pytest.mark.parametrize(("written", "typed"), CASES)
def test_analyze_matches_plain_form(node, written, typed):
    """_analyze: the written and the typed forms give the same terms."""
    terms = analyze(node, written)
    assert terms, written
    assert terms == analyze(node, typed)


@pytest.mark.parametrize(("text", "terms"), UNTOUCHED.items())
def test_folding_leaves_ordinary_words(node, text, terms):
    """Hyphenated names, versions and abbreviations are not mistaken for inclusive writing."""
    assert analyze(node, text) == terms


def test_autocomplete_folds_accents_and_keeps_digits(node):
    """Autocomplete: "ete" and "été" both complete "été…"; digits stay."""
    grams = analyze(node, "L’été 2019", analyzer="edgengram_analyzer")
    assert {"e", "et", "ete", "2", "20", "201", "2019"} <= set(grams)
    assert analyze(node, "été", analyzer="autocomplete_search") == ["ete"]
    assert analyze(node, "ete", analyzer="autocomplete_search") == ["ete"]


def test_real_queries_find_each_written_form(node, site_tree):
    """Each typed form finds, through the service, the sheet written in the other form."""
    index = InitiativeIndexPage.objects.get()
    sheets = {}
    for number, (written, _typed) in enumerate(CASES):
        sheets[written] = InitiativePageFactory(
            parent=index,
            title=f"Fiche d'essai {number}",
            summary="Une fiche d'essai.",
            body=initiative_body(action=f"<p>Une action menée avec {written} du quartier.</p>"),
        )
    control = InitiativePageFactory(
        parent=index,
        title="Fiche témoin",
        summary="Un jardin au pied des tours.",
        body=initiative_body(
            action="<p>Un potager partagé au pied des tours.</p>",
            situation="<p>Un terrain vague.</p>",
        ),
    )
    node.refresh_indexes()
    missing = []
    for written, typed in CASES:
        results = service.search(typed, per_page=100)
        assert results.backend == "node"
        found = {hit.page.pk for hit in results.hits}
        if sheets[written].pk not in found:
            missing.append((written, typed))
        assert control.pk not in found, typed
    assert missing == []
