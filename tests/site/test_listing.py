"""The home page's featured sheets, the sheets listing (filters, pages) and the theme feeds."""

import re
import xml.etree.ElementTree as ET

import pytest
from django.test import Client

from home.models import HomeFeaturedSheet, HomePage
from initiatives.models import Axis, InitiativeIndexPage, Theme
from tests.factories import CentreFactory, InitiativePageFactory
from tests.site.helpers import make_sheets, reindex

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def section(html, heading_id):
    """The markup of the home page section labelled by `heading_id`."""
    start = html.index(f'<section aria-labelledby="{heading_id}">')
    return html[start : html.index("</section>", start)]


def card_titles(html):
    """The sheet titles of the listing's cards, in order."""
    cards = html[html.index('<ul class="cards">') :]
    cards = cards[: cards.index("</ul>")]
    return re.findall(r'<h2><a href="[^"]+">([^<]+)</a></h2>', cards)


def test_home_shows_the_featured_sheets_in_the_comites_order(site_tree):
    """The comité's featured sheets come first, in its order, published ones only."""
    first, second, third = (
        make_sheets(1, with_image=False, title=title)[0] for title in ("Alpha", "Bravo", "Charlie")
    )
    draft = InitiativePageFactory(
        parent=InitiativeIndexPage.objects.get(), title="Brouillon à la une", live=False
    )
    home = HomePage.objects.get()
    home.featured_sheets = [
        HomeFeaturedSheet(sheet=third),
        HomeFeaturedSheet(sheet=draft),
        HomeFeaturedSheet(sheet=first),
    ]
    home.save_revision().publish()
    html = Client().get("/").content.decode()
    featured = section(html, "a-la-une")
    assert '<h2 id="a-la-une">À la une</h2>' in featured
    assert featured.index(third.title) < featured.index(first.title)
    assert second.title not in featured and "Brouillon à la une" not in html
    latest = section(html, "dernieres-fiches")
    assert second.title in latest
    assert third.title not in latest and f">{first.title}</a>" not in latest


def test_home_without_featured_sheets_has_no_featured_section(site_tree):
    """With no sheet chosen by the comité there is no empty "À la une" heading."""
    make_sheets(1, with_image=False)
    html = Client().get("/").content.decode()
    assert "À la une" not in html and "Les dernières fiches actions" in html


@pytest.fixture
def placed_sheets(site_tree):
    """Four sheets across two axes, two régions and two years."""
    parole = Axis.objects.get(slug="parole")
    collective = Axis.objects.get(slug="action-collective")
    bretagne = CentreFactory(region="Bretagne", city="Rennes", departement="Ille-et-Vilaine")
    for title, axis, centre, year in [
        ("Parole bretonne 2015", parole, bretagne, 2015),
        ("Parole picarde 2019", parole, CentreFactory(), 2019),
        ("Collectif breton 2019", collective, bretagne, 2019),
        ("Collectif picard 2015", collective, CentreFactory(), 2015),
    ]:
        make_sheets(1, with_image=False, title=title, axis=axis, centre=centre, year=year)
    reindex()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("axe=parole", {"Parole bretonne 2015", "Parole picarde 2019"}),
        ("region=Bretagne", {"Parole bretonne 2015", "Collectif breton 2019"}),
        ("annee=2015", {"Parole bretonne 2015", "Collectif picard 2015"}),
        ("axe=action-collective&region=Bretagne", {"Collectif breton 2019"}),
        ("axe=parole&region=Hauts-de-France&annee=2019", {"Parole picarde 2019"}),
        ("axe=parole&region=Bretagne&annee=2019", set()),
    ],
)
def test_listing_filters_by_axis_region_and_year(placed_sheets, query, expected):
    """Axis, région and year filters keep exactly the matching sheets, and combine."""
    response = Client().get(f"/action/?{query}")
    assert response.status_code == 200
    html = response.content.decode()
    assert set(card_titles(html)) == expected
    count = len(expected)
    label = f"{count} fiche{'s' if count > 1 else ''} action{'s' if count > 1 else ''}"
    assert f'<p class="results-count" role="status">{label}</p>' in html


def test_listing_year_filter_keeps_its_selection(placed_sheets):
    """The chosen year stays selected in the form."""
    html = Client().get("/action/?annee=2015").content.decode()
    assert '<option value="2015" selected>2015</option>' in html


def test_listing_pages_hold_12_sheets_and_page_2_the_next(site_tree):
    """Page 1 holds the first 12 sheets by title, page 2 the next ones, with links both ways."""
    for number in range(1, 15):
        make_sheets(1, with_image=False, title=f"Fiche {number:02d}")
    reindex()
    first = Client().get("/action/?tri=titre").content.decode()
    assert card_titles(first) == [f"Fiche {number:02d}" for number in range(1, 13)]
    assert "Page 1 sur 2" in first
    assert 'href="?tri=titre&amp;page=2" rel="next"' in first
    second = Client().get("/action/?tri=titre&page=2").content.decode()
    assert card_titles(second) == ["Fiche 13", "Fiche 14"]
    assert "Page 2 sur 2" in second
    assert 'href="?tri=titre&amp;page=1" rel="prev"' in second and 'rel="next"' not in second


def test_pagination_keeps_the_filters(site_tree):
    """The next page's link carries the filters and the sort."""
    parole = Axis.objects.get(slug="parole")
    for number in range(1, 14):
        make_sheets(1, with_image=False, title=f"Fiche {number:02d}", axis=parole)
    reindex()
    html = Client().get("/action/?axe=parole&tri=titre").content.decode()
    assert 'href="?axe=parole&amp;tri=titre&amp;page=2" rel="next"' in html
    second = Client().get("/action/?axe=parole&tri=titre&page=2").content.decode()
    assert card_titles(second) == ["Fiche 13"]


@pytest.mark.parametrize(
    "page", ["abc", "0", "-1", "1.5", "3", "99999999999999999999", "²", "1%00"]
)
def test_a_bad_page_number_answers_a_clear_french_404(site_tree, page):
    """A page number that is not one of the listing's pages answers 404 in French, never 500."""
    make_sheets(2, with_image=False)
    reindex()
    response = Client().get(f"/action/?tri=titre&page={page}")
    assert response.status_code == 404
    html = response.content.decode()
    assert "n'existe pas dans cette liste : les fiches actions y tiennent sur 1 page." in html
    assert '<a href="?tri=titre">Revenir à la première page</a>' in html
    assert '<ul class="cards">' not in html and 'rel="next"' not in html


def test_a_malformed_year_is_ignored_not_an_error(site_tree):
    """A year of superscript digits ("²⁰¹⁹" passes isdigit) is dropped, not a 500."""
    make_sheets(1, with_image=False, title="Une fiche")
    reindex()
    response = Client().get("/action/?annee=²²²²")
    assert response.status_code == 200
    assert card_titles(response.content.decode()) == ["Une fiche"]


def test_theme_atom_feed_lists_that_themes_public_sheets(site_tree):
    """/thematiques/<slug>/flux/atom/ is an Atom feed of the theme's published sheets."""
    culture = Theme.objects.get(slug="culture")
    make_sheets(1, culture, with_image=False, title="Un atelier de théâtre")
    make_sheets(1, with_image=False, title="Une fiche sans thème")
    draft = InitiativePageFactory(
        parent=InitiativeIndexPage.objects.get(), title="Un brouillon culturel", live=False
    )
    draft.themes.add(culture)
    draft.save()
    response = Client().get("/thematiques/culture/flux/atom/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    assert feed.tag == f"{ATOM}feed"
    assert feed.findtext(f"{ATOM}title") == "C'est possible — fiches actions : Culture"
    titles = [entry.findtext(f"{ATOM}title") for entry in feed.iter(f"{ATOM}entry")]
    assert titles == ["Un atelier de théâtre"]
    link = feed.find(f"{ATOM}entry/{ATOM}link").get("href")
    assert link.endswith("/action/un-atelier-de-theatre/")
    assert Client().get("/thematiques/inconnue/flux/atom/").status_code == 404
