"""The legal pages setup_site writes (and the demo's copies): content, and editors' changes kept."""

import re

import pytest
from django.core.management import call_command
from django.test import Client
from wagtail.models import Revision

from home.models import HomePage, StandardPage

pytestmark = pytest.mark.django_db

FCSF = "Fédération des centres sociaux et socioculturels de France (FCSF)"
CONTACT = "cestpossible.me@centres-sociaux.fr"
AUDIENCE_RULE = (
    "Chaque consultation d'une page par un visiteur non connecté est comptée, sans cookie : "
    "le navigateur envoie une petite requête de mesure après l'affichage de la page. "
    "Le serveur ne conserve ni l'adresse IP, ni l'identifiant du navigateur : pour ne pas "
    "compter deux fois un rechargement dans les 30 minutes, il calcule une empreinte à partir "
    "de l'adresse IP et du navigateur, mélangée à une valeur aléatoire renouvelée chaque jour, "
    "et ne la garde qu'en mémoire cache, 30 minutes au plus. Seuls des totaux par page et par "
    "jour sont enregistrés, conservés 25 mois. Les robots, les aperçus et les personnes "
    "connectées ne sont pas comptés. Cette mesure d'audience, limitée et anonyme, est exemptée "
    "de consentement selon les recommandations de la CNIL."
)
LEGAL = ("/mentions-legales/", "/politique-de-confidentialite/", "/accessibilite/")


def html_of(path):
    response = Client().get(path)
    assert response.status_code == 200, path
    return response.content.decode()


def text_of(html):
    """The page's main text, tags removed and spaces folded."""
    main = html[html.index("<main") : html.index("</main>")]
    return " ".join(re.sub(r"<[^>]+>", " ", main).split())


def check_legal_content(mentions, privacy, accessibility):
    """What the three legal pages must say, whoever wrote them (setup_site or the demo)."""
    for html in (mentions, privacy, accessibility):
        assert CONTACT in html
    assert FCSF in mentions and FCSF in privacy
    assert "<h2>Hébergement</h2>" in mentions
    assert "[nom ou raison sociale de l'hébergeur]" in mentions
    assert "[adresse postale de l'hébergeur]" in mentions
    assert "Note pour l'exploitant du site :" in mentions
    assert "La mesure d'audience est anonyme, sans cookie" in mentions
    assert "aucun cookie de suivi ni de mesure d'audience" not in mentions
    assert AUDIENCE_RULE in text_of(privacy)
    accessibility_text = text_of(accessibility)
    assert "Cette déclaration a été établie le 4 décembre 2026." in accessibility_text
    for words in ("Technologies utilisées", "HTML5", "Environnement de test", "Chromium"):
        assert words in accessibility_text, words
    assert "axe-core" in accessibility_text and "clavier seul" in accessibility_text
    assert "Défenseur des droits" in accessibility_text


def test_setup_site_writes_the_legal_pages(db):
    """setup_site creates the legal pages with their default content, headings under the h1."""
    call_command("setup_site", verbosity=0)
    mentions, privacy, accessibility = (html_of(path) for path in LEGAL)
    check_legal_content(mentions, privacy, accessibility)
    for html in (mentions, privacy, accessibility):
        headings = re.findall(r"<h(\d)\b", html[html.index("<main") :])
        assert headings[0] == "1" and set(headings[1:]) == {"2"}, headings


def test_setup_site_keeps_what_an_editor_changed(db):
    """Once an editor has published or drafted a legal page, setup_site leaves it as it is."""
    call_command("setup_site", verbosity=0)
    mentions = StandardPage.objects.get(slug="mentions-legales")
    mentions.intro = "Nos mentions, réécrites par le comité."
    mentions.body = [{"type": "text", "value": "<p>Hébergé par Exemple SAS.</p>"}]
    mentions.save_revision().publish()
    privacy = StandardPage.objects.get(slug="politique-de-confidentialite")
    privacy.intro = ""
    privacy.body = []
    privacy.save_revision().publish()
    privacy.intro = "Un brouillon en cours de relecture."
    privacy.save_revision()
    revisions = Revision.objects.count()
    call_command("setup_site", verbosity=0)
    assert Revision.objects.count() == revisions
    html = html_of("/mentions-legales/")
    assert "Nos mentions, réécrites par le comité." in html and "Exemple SAS" in html
    assert "Note pour l'exploitant du site" not in html
    privacy = StandardPage.objects.get(slug="politique-de-confidentialite")
    assert not privacy.body and privacy.has_unpublished_changes


def test_setup_site_fills_legal_pages_an_earlier_version_left_empty(db):
    """A legal page created empty (as setup_site used to) and never edited gets the defaults."""
    call_command("setup_site", verbosity=0)
    page = StandardPage.objects.get(slug="accessibilite")
    page.intro = ""
    page.body = []
    page.save_revision().publish()
    call_command("setup_site", verbosity=0)
    assert "Cette déclaration a été établie le" in text_of(html_of("/accessibilite/"))
    revisions = Revision.objects.count()
    call_command("setup_site", verbosity=0)
    assert Revision.objects.count() == revisions


def test_demo_legal_pages_say_the_same(db):
    """The demo's copies of the legal pages carry the same facts and the audience rule."""
    call_command("load_demo", verbosity=0)
    mentions, privacy, accessibility = (html_of(path) for path in LEGAL)
    check_legal_content(mentions, privacy, accessibility)
    assert "site de démonstration" in mentions
    assert HomePage.objects.count() == 1
