"""The web version of a publication, its key figures (frozen or live) and its editor."""

import pytest
from django.test import Client

from figures.models import PageVisitDay
from publications.models import FIGURES_LIVE, PublicationFigures
from tests.editorial import make_comite, make_contributor
from tests.publications.conftest import chapter, make_publication, publish_sheet

pytestmark = pytest.mark.django_db


def test_web_version_has_a_table_of_contents_linking_to_each_sheet(site_tree):
    """The page lists chapters and sheets, each link pointing at the sheet's section."""
    first, second = publish_sheet("Le café des parents"), publish_sheet("La fête du quartier")
    publication = make_publication(
        [
            chapter("Écouter", first),
            chapter("Agir", ("Rien n'est impossible.", "Un habitant"), second),
        ]
    )
    html = Client().get(publication.url).content.decode()
    for sheet in (first, second):
        assert f'<a href="#fiche-{sheet.slug}">{sheet.title}</a>' in html
        assert f'id="fiche-{sheet.slug}"' in html
    assert html.index('id="chapitre-1"') < html.index(f'id="fiche-{first.slug}"')
    assert (
        html.index('id="chapitre-2"')
        < html.index("Rien n")
        < html.index(f'id="fiche-{second.slug}"')
    )
    assert f'href="{publication.url}pdf/"' in html
    assert "Édito" in html and "Chiffres clés" in html


def test_the_publications_index_lists_published_publications_only(site_tree):
    """/publications/ shows the live publications, never a draft one."""
    sheet = publish_sheet("La conserverie mobile")
    make_publication([chapter("Alternatives", sheet)], title="Recueil publié")
    make_publication([chapter("Alternatives", sheet)], title="Recueil en brouillon", publish=False)
    html = Client().get("/publications/").content.decode()
    assert "Recueil publié" in html and "Recueil en brouillon" not in html


def test_frozen_figures_stay_as_on_publication_day_and_live_ones_follow(site_tree):
    """Frozen figures keep the count of the day of publication; live ones count new sheets."""
    sheet = publish_sheet("Le jardin partagé")
    frozen = make_publication([chapter("Un", sheet)], title="Figé")
    live = make_publication([chapter("Un", sheet)], title="À jour", figures_mode=FIGURES_LIVE)
    assert PublicationFigures.objects.get(publication=frozen).data["sheets"] == 1
    assert not PublicationFigures.objects.filter(publication=live).exists()
    publish_sheet("Une autre fiche")
    PageVisitDay.objects.create(page=sheet, day=sheet.first_published_at.date(), visits=3)
    assert frozen.key_figures()["sheets"] == 1
    assert live.key_figures()["sheets"] == 2
    assert live.key_figures()["visits"]["total"] == 3
    frozen.save_revision().publish()  # a new publication of it takes today's figures
    assert frozen.key_figures()["sheets"] == 2


def test_the_chooser_offers_sheets_only_and_the_editor_opens(site_tree):
    """The comité edits a publication; its sheet chooser is limited to fiches actions."""
    from publications.blocks import SheetChoiceBlock

    assert SheetChoiceBlock().target_model.__name__ == "InitiativePage"
    publication = make_publication([chapter("Un", publish_sheet("La fiche"))])
    client = Client()
    client.force_login(make_comite("comite@exemple.org"))
    assert client.get(f"/admin/pages/{publication.pk}/edit/").status_code == 200


def test_contributors_cannot_edit_publications(site_tree):
    """A centre's contributor may not open a publication in the editor."""
    sheet = publish_sheet("La fiche")
    publication = make_publication([chapter("Un", sheet)])
    client = Client()
    client.force_login(make_contributor("a@exemple.org", sheet.centre))
    assert client.get(f"/admin/pages/{publication.pk}/edit/").status_code in (302, 403)


def test_api_exposes_the_publication_with_its_chapters(site_tree):
    """The v2 API gives the chapters with their sheets as ids and titles, never a draft."""
    sheet = publish_sheet("La fiche publiée")
    publication = make_publication([chapter("Un", sheet, ("Oser.", "Une bénévole"))])
    data = (
        Client()
        .get(f"/api/v2/pages/{publication.pk}/", {"fields": "chapters,edito_signature"})
        .json()
    )
    items = data["chapters"][0]["value"]["items"]
    assert items[0] == {"type": "sheet", "value": {"id": sheet.pk, "title": "La fiche publiée"}}
    assert items[1]["value"]["text"] == "Oser."
    draft = make_publication([chapter("Un", sheet)], title="Brouillon", publish=False)
    assert Client().get(f"/api/v2/pages/{draft.pk}/").status_code == 404
