"""The public site: pages, listings with filters, themes, figures, feeds and caching."""

import json
import re

import pytest
import wagtail_factories
from django.test import Client
from wagtail.models import PageViewRestriction

from initiatives.models import InitiativeIndexPage, Theme
from ressources.models import ResourceIndexPage
from tests.factories import CentreFactory, InitiativePageFactory, ResourcePageFactory
from tests.site.helpers import count_queries, make_sheets, reindex

pytestmark = pytest.mark.django_db


def test_listing_and_theme_pages_cost_the_same_for_3_and_12_sheets(site_tree):
    """The listing, a theme page and the home page don't grow queries with their sheets."""
    theme = Theme.objects.get(slug="culture")
    make_sheets(3, theme)
    reindex()
    urls = ["/action/", "/action/?theme=culture&territoire=urbain", "/thematiques/culture/", "/"]
    few = {url: count_queries(url) for url in urls}
    make_sheets(9, theme)
    reindex()
    many = {url: count_queries(url) for url in urls}
    assert many == few


def test_sheet_page_has_a_fixed_query_budget(site_tree):
    """A sheet with themes, a cover, a gallery and similar sheets renders within 40 queries."""
    theme = Theme.objects.get(slug="culture")
    sheet, *_others = make_sheets(4, theme)
    for _ in range(3):
        sheet.gallery_images.create(image=wagtail_factories.ImageFactory(), alt_text="Une photo")
    sheet.save_revision().publish()
    assert count_queries(sheet.url) <= 40


def test_listing_filters_combine_and_sort(site_tree):
    """Theme and territory filters combine; sorting by title orders the cards."""
    culture = Theme.objects.get(slug="culture")
    rural_centre = CentreFactory(territory_type="rural")
    make_sheets(2, culture, title="Zèbre culturel rural", centre=rural_centre)  # and "… 2"
    make_sheets(1, culture, title="Atelier culturel urbain")
    make_sheets(1, title="Sans thème rural", centre=CentreFactory(territory_type="rural"))
    reindex()
    html = Client().get("/action/?theme=culture&territoire=rural").content.decode()
    assert "2 fiches actions" in html
    assert "Atelier culturel urbain" not in html and "Sans thème rural" not in html
    html = Client().get("/action/?tri=titre").content.decode()
    assert html.index("Atelier culturel urbain") < html.index("Sans thème rural")
    assert html.index("Sans thème rural") < html.index("Zèbre culturel rural")


def test_sheet_page_shows_everything_and_links_its_themes(site_tree):
    """Sections, impacts by audience, centre, themes links, share, print and JSON-LD."""
    theme = Theme.objects.get(slug="solidarite")
    (sheet,) = make_sheets(1, theme, video_url="https://vimeo.com/76979871")
    html = Client().get(sheet.url).content.decode()
    for text in ("L'action", "La situation de départ", "Les impacts", "Sur les habitant·e·s"):
        assert text in html
    assert 'href="/thematiques/solidarite/"' in html
    assert "mailto:?subject=" in html and "data-imprimer" in html
    assert 'src="https://player.vimeo.com/video/76979871"' in html
    data = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', html).group(1)
    )
    assert data["@type"] == "Article" and data["headline"] == sheet.title
    assert f'<link rel="canonical" href="http://localhost{sheet.url}">' in html


def test_sheet_outside_links_are_marked_for_print(site_tree):
    """The "En savoir plus" link and the centre's site carry the print-url class."""
    centre = CentreFactory(website="https://centre.example.org/")
    (sheet,) = make_sheets(1, centre=centre, more_link="https://exemple.org/notre-action")
    html = Client().get(sheet.url).content.decode()
    assert (
        '<p class="en-savoir-plus"><a class="print-url" href="https://exemple.org/notre-action">'
        "En savoir plus sur l'action</a></p>"
    ) in html
    assert '<a class="print-url" href="https://centre.example.org/">Le site du centre</a>' in html


def test_similar_sheets_share_a_theme_and_are_public(site_tree):
    """Similar sheets share a theme with the sheet; drafts never appear."""
    theme = Theme.objects.get(slug="culture")
    sheet, similar = make_sheets(2, theme, title="Fiche culture")  # "Fiche culture 2"
    draft = InitiativePageFactory(
        parent=InitiativeIndexPage.objects.get(), title="Brouillon culture", live=False
    )
    draft.themes.add(theme)
    draft.save()
    html = Client().get(sheet.url).content.decode()
    section = html.split("Sur les mêmes thématiques")[1]
    assert similar.title in section
    assert "Brouillon culture" not in html


def test_themes_pages_count_public_sheets_only(site_tree):
    """/thematiques/ counts published sheets; a restricted sheet is left out."""
    theme = Theme.objects.get(slug="culture")
    public, restricted = make_sheets(2, theme)
    PageViewRestriction.objects.create(page=restricted, restriction_type="login")
    reindex()
    html = Client().get("/thematiques/").content.decode()
    assert re.search(r"Culture</a></h2>\s*<p class=\"meta\">1 fiche action", html)
    detail = Client().get("/thematiques/culture/").content.decode()
    assert public.title in detail and restricted.title not in detail
    assert Client().get("/thematiques/inconnue/").status_code == 404


def test_key_figures_page_has_accessible_charts(site_tree):
    """Each chart is an SVG image with a title and a description, and a data table."""
    make_sheets(2, Theme.objects.get(slug="culture"))
    html = Client().get("/chiffres-cles/").content.decode()
    charts = re.findall(r'<svg class="chart" role="img" aria-labelledby="([\w-]+)-titre', html)
    assert charts == ["territoires", "thematiques", "axes", "regions", "visites"]
    for chart in charts:
        assert f'<title id="{chart}-titre">' in html and f'<desc id="{chart}-desc">' in html
    assert "Urbain : 2 fiches" in html
    assert html.count("<table>") == len(charts)


def test_feeds_list_new_public_sheets(site_tree):
    """RSS and Atom feeds, global and per theme, list published sheets only."""
    theme = Theme.objects.get(slug="culture")
    (sheet,) = make_sheets(1, theme, title="Une fiche dans le flux")
    (other,) = make_sheets(1, title="Une autre fiche")
    rss = Client().get("/flux/rss/")
    assert rss["Content-Type"].startswith("application/rss+xml")
    assert "Une fiche dans le flux" in rss.content.decode()
    atom = Client().get("/flux/atom/").content.decode()
    assert "<feed" in atom and "Une autre fiche" in atom
    themed = Client().get("/thematiques/culture/flux/rss/").content.decode()
    assert "Une fiche dans le flux" in themed and "Une autre fiche" not in themed
    assert other.pk != sheet.pk


def test_theme_page_is_paginated(site_tree):
    """A theme with many sheets shows 12 a page, with the total; a bad page is a French 404."""
    theme = Theme.objects.get(slug="culture")
    sheets = make_sheets(14, theme)
    reindex()
    client = Client()
    first = client.get("/thematiques/culture/").content.decode()
    assert "14 fiches actions" in first and "Page 1 sur 2" in first
    assert first.count('class="card') >= 12
    second = client.get("/thematiques/culture/?page=2").content.decode()
    assert "Page 2 sur 2" in second
    assert sheets[0].title in second and sheets[-1].title not in second  # newest first
    assert sheets[-1].title in first
    for bad in ("3", "0", "abc", "²"):
        response = client.get("/thematiques/culture/", {"page": bad})
        assert response.status_code == 404, bad
        assert "n'existe pas" in response.content.decode()


def test_theme_page_lists_its_public_resources_a_to_z(site_tree):
    """Six resources of the theme, A → Z, public ones only, then a link to all of them."""
    theme = Theme.objects.get(slug="culture")
    index = ResourceIndexPage.objects.get()
    titles = [f"Ressource {letter}" for letter in "GFEDCBA"]
    for title in titles:
        resource = ResourcePageFactory(parent=index, title=title)
        resource.themes.set([theme])
        resource.save_revision().publish()
    hidden = ResourcePageFactory(parent=index, title="Ressource 0 réservée")
    hidden.themes.set([theme])
    hidden.save_revision().publish()
    PageViewRestriction.objects.create(page=hidden, restriction_type="login")
    draft = ResourcePageFactory(parent=index, title="Ressource 00 brouillon", live=False)
    draft.themes.set([theme])
    reindex()
    html = Client().get("/thematiques/culture/").content.decode()
    shown = re.findall(r">(Ressource [^<]+)</a></h3>", html)
    assert shown == sorted(titles)[:6]
    assert "Toutes les ressources de cette thématique" in html
    resource = ResourcePageFactory(parent=index, title="Ressource H")
    resource.save_revision().publish()
    titles.remove("Ressource G")
    index.get_children().get(title="Ressource G").specific.unpublish()
    reindex()
    html = Client().get("/thematiques/culture/").content.decode()
    assert re.findall(r">(Ressource [^<]+)</a></h3>", html) == sorted(titles)
    assert "Toutes les ressources de cette thématique" not in html


def test_sitemap_and_robots(site_tree):
    """sitemap.xml indexes a sitemap per section (pages, views, themes); robots.txt points to it."""
    (sheet,) = make_sheets(1)
    index = Client().get("/sitemap.xml").content.decode()
    sections = re.findall(r"<loc>http://testserver(/sitemap-[a-z]+\.xml(?:\?p=\d+)?)</loc>", index)
    assert sorted(sections) == ["/sitemap-pages.xml", "/sitemap-themes.xml", "/sitemap-vues.xml"]
    sitemap = "".join(Client().get(section).content.decode() for section in sections)
    assert f"http://localhost{sheet.url}" in sitemap
    assert "/thematiques/culture/" in sitemap and "/chiffres-cles/" in sitemap
    assert Client().get("/sitemap-inconnue.xml").status_code == 404
    robots = Client().get("/robots.txt").content.decode()
    assert "Disallow: /admin/" in robots and "Sitemap: http://testserver/sitemap.xml" in robots


def test_editorial_and_legal_pages_exist(site_tree):
    """The site owes mentions légales, a privacy policy and an accessibility statement."""
    client = Client()
    for path in ("/mentions-legales/", "/politique-de-confidentialite/", "/accessibilite/"):
        assert client.get(path).status_code == 200, path
