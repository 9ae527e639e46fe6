"""schema.org JSON-LD on the home page, resource pages and sheets."""

import json
import re

import pytest
import wagtail_factories
from django.test import Client
from wagtail.documents.models import Document

from initiatives.models import Theme
from ressources.models import ResourceDocument, ResourceIndexPage
from tests.factories import ResourcePageFactory
from tests.site.helpers import make_sheets

pytestmark = pytest.mark.django_db

SCRIPT = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.DOTALL)
FCSF = "Fédération des centres sociaux et socioculturels de France (FCSF)"


def json_ld(html):
    """The page's only JSON-LD script, parsed."""
    scripts = SCRIPT.findall(html)
    assert len(scripts) == 1, scripts
    return json.loads(scripts[0])


def test_home_page_describes_the_website_and_its_search(site_tree):
    """The home page is a schema.org WebSite with a SearchAction on /recherche/."""
    data = json_ld(Client().get("/").content.decode())
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "WebSite" and data["name"] == "C'est possible"
    assert data["url"] == "http://localhost/"
    assert data["inLanguage"] == "fr" and data["publisher"]["name"] == FCSF
    assert data["description"].startswith("La plateforme des initiatives des centres sociaux")
    action = data["potentialAction"]
    assert action["@type"] == "SearchAction"
    assert action["target"]["urlTemplate"] == ("http://localhost/recherche/?q={search_term_string}")


def test_resource_page_describes_the_resource_and_its_documents(site_tree):
    """A resource is a CreativeWork with its name, themes and documents."""
    resource = ResourcePageFactory(
        parent=ResourceIndexPage.objects.get(),
        title="Guide de la table de quartier",
        summary="Monter une table de quartier pas à pas.",
        resource_type="guide",
    )
    resource.themes.add(Theme.objects.get(slug="citoyennete-democratie"))
    document = Document.objects.create(
        title="Le guide (PDF)", file=wagtail_factories.DocumentFactory.build().file
    )
    ResourceDocument.objects.create(page=resource, document=document)
    resource.save_revision().publish()
    data = json_ld(Client().get(resource.url).content.decode())
    assert data["@type"] == "CreativeWork" and data["name"] == "Guide de la table de quartier"
    assert data["description"] == "Monter une table de quartier pas à pas."
    assert data["genre"] == "Guide" and data["about"] == ["Citoyenneté / démocratie"]
    assert data["url"] == f"http://localhost{resource.url}"
    (part,) = data["hasPart"]
    assert part["@type"] == "DigitalDocument" and part["name"] == "Le guide (PDF)"
    assert part["url"].startswith("http://localhost/documents/")


def test_sheet_page_is_an_article_named_after_the_sheet(site_tree):
    """A sheet is an Article named after it, by its centre, published by the FCSF."""
    (sheet,) = make_sheets(1, Theme.objects.get(slug="culture"), title="Un café des parents")
    data = json_ld(Client().get(sheet.url).content.decode())
    assert data["@type"] == "Article" and data["name"] == "Un café des parents"
    assert data["headline"] == "Un café des parents" and data["about"] == ["Culture"]
    assert data["author"]["name"] == sheet.centre.name
    assert data["publisher"]["name"] == FCSF


def test_json_ld_cannot_be_closed_by_the_text_it_carries(site_tree):
    """A title holding "</script>" stays inside the JSON-LD, escaped, and still parses."""
    resource = ResourcePageFactory(
        parent=ResourceIndexPage.objects.get(), title="Guide </script><b>gras</b>"
    )
    resource.save_revision().publish()
    html = Client().get(resource.url).content.decode()
    assert "</script><b>" not in html
    assert json_ld(html)["name"] == "Guide </script><b>gras</b>"
