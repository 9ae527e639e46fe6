"""Audience figures where they show: Chiffres clés, API, comité report and panel, Mon espace."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import PageViewRestriction

from figures import audience, demo_traffic
from figures.models import PageVisitDay
from ressources.models import ResourceIndexPage
from tests.editorial import make_comite, make_contributor
from tests.factories import CentreFactory, ResourcePageFactory
from tests.figures.conftest import publish_sheet

pytestmark = pytest.mark.django_db


def days_ago(days):
    return timezone.localdate() - datetime.timedelta(days=days)


def visits(page, n, days=1):
    return PageVisitDay.objects.create(page=page, day=days_ago(days), visits=n)


@pytest.fixture
def world(site_tree):
    """Two centres' sheets with visits, a resource, and hidden pages that had visits too."""
    centre_a, centre_b = CentreFactory(city="Amiens"), CentreFactory(city="Rennes")
    popular = publish_sheet(title="Le jardin partagé", centre=centre_a)
    quiet = publish_sheet(title="La fête des voisins", centre=centre_a)
    other = publish_sheet(title="Le café des parents", centre=centre_b)
    resource = ResourcePageFactory(parent=ResourceIndexPage.objects.get(), title="Guide DPA")
    resource.save_revision().publish()
    restricted = publish_sheet(title="Fiche réservée", centre=centre_b)
    PageViewRestriction.objects.create(page=restricted, restriction_type="login")
    withdrawn = publish_sheet(title="Fiche retirée", centre=centre_b)
    visits(popular, 40)
    visits(popular, 10, days=40)
    visits(quiet, 3)
    visits(other, 25, days=3)
    visits(resource, 12)
    visits(restricted, 500)
    visits(withdrawn, 400)
    visits(popular, 999, days=800)  # outside every period shown
    withdrawn.unpublish()
    return {
        "centre_a": centre_a,
        "popular": popular,
        "quiet": quiet,
        "other": other,
        "resource": resource,
    }


def test_audience_totals_months_and_most_viewed(world):
    """The module counts the period, every month, and ranks only public pages."""
    figures = audience.audience()
    assert figures.visits == 40 + 10 + 3 + 25 + 12 + 500 + 400
    assert len(figures.by_month) == 12
    assert sum(month.visits for month in figures.by_month) == figures.visits
    assert figures.by_month[-1].month == timezone.localdate().strftime("%Y-%m")
    assert [line.page.title for line in figures.top_sheets] == [
        "Le jardin partagé",
        "Le café des parents",
        "La fête des voisins",
    ]
    assert [line.visits for line in figures.top_sheets] == [50, 25, 3]
    assert [line.page.title for line in figures.top_resources] == ["Guide DPA"]


def test_key_figures_page_shows_visits_chart_and_most_viewed(world):
    """Chiffres clés: the year's visits, a monthly chart with its table, the most viewed."""
    html = Client().get("/chiffres-cles/").content.decode()
    assert "Visites par mois" in html
    assert 'id="visites-titre"' in html  # the SVG chart's title
    assert "Le jardin partagé</a> (Amiens) : 50 visites" in html
    assert "Guide DPA</a> : 12 visites" in html
    assert "Fiche réservée" not in html and "Fiche retirée" not in html


def test_key_figures_page_queries_do_not_grow_with_pages(world):
    """The page costs the same with 3 and 9 visited sheets."""

    def cost():
        client = Client()
        client.get("/chiffres-cles/")
        with CaptureQueriesContext(connection) as context:
            assert client.get("/chiffres-cles/").status_code == 200
        return len(context.captured_queries)

    few = cost()
    for number in range(6):
        visits(publish_sheet(title=f"Fiche vue n°{number}"), number + 1)
    assert cost() == few


def test_api_key_figures_carry_the_visits(world):
    """/api/v3/figures/ has the period, months and most viewed with their URLs."""
    data = Client().get("/api/v3/figures/").json()["visits"]
    assert data["visits"] == 990
    assert len(data["by_month"]) == 12
    assert data["most_viewed_sheets"][0]["title"] == "Le jardin partagé"
    assert data["most_viewed_sheets"][0]["visits"] == 50
    assert data["most_viewed_sheets"][0]["html_url"].endswith("/action/le-jardin-partage/")
    assert [line["title"] for line in data["most_viewed_resources"]] == ["Guide DPA"]
    titles = {line["title"] for line in data["most_viewed_sheets"]}
    assert not titles & {"Fiche réservée", "Fiche retirée"}


def test_my_space_shows_the_views_of_the_centres_sheets(world):
    """A contributor sees the 30-day and 12-month visits of their centre's sheets only."""
    client = Client()
    client.force_login(make_contributor("a@exemple.org", world["centre_a"]))
    html = client.get("/admin/").content.decode()
    assert "Visites (30 jours)" in html
    row = html[html.index("Le jardin partagé") :]
    row = row[: row.index("</tr>")]
    assert '<td data-visits="30">40</td>' in row
    assert '<td data-visits="12m">50</td>' in row
    assert "Le café des parents" not in html


def comite_client():
    client = Client()
    client.force_login(make_comite("comite@exemple.org"))
    return client


def test_comite_report_lists_pages_by_visits_over_the_period(world):
    """The report's default period is 12 months; a narrower period changes the figures."""
    client = comite_client()
    html = client.get("/admin/reports/audience/").content.decode()
    assert "990 visites du" in html
    assert html.index("Fiche réservée") < html.index("Le jardin partagé")
    narrow = client.get(
        "/admin/reports/audience/",
        {"debut": days_ago(5).isoformat(), "fin": days_ago(0).isoformat(), "type": "fiches"},
    ).content.decode()
    assert "968 visites du" in narrow  # 40 + 3 + 25 + 500 + 400
    assert "Guide DPA" not in narrow


def test_comite_report_refuses_an_inverted_period_in_french(world):
    """Start after end: a French message, the default period, no error page."""
    response = comite_client().get(
        "/admin/reports/audience/",
        {"debut": days_ago(1).isoformat(), "fin": days_ago(10).isoformat()},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "La date de début doit précéder ou égaler la date de fin." in html
    assert "990 visites du" in html


def test_comite_report_exports_csv_and_xlsx(world):
    """Both exports hold a row per page with its visits over the period."""
    client = comite_client()
    query = {"debut": days_ago(5).isoformat(), "fin": days_ago(0).isoformat()}
    response = client.get("/admin/reports/audience/", {**query, "export": "csv"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith(
        f'attachment; filename="audience-{query["debut"]}-{query["fin"]}.csv'
    )
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0] == ["Page", "Type", "Centre", "Adresse", "Visites"]
    by_title = {row[0]: row for row in rows[1:]}
    assert by_title["Le jardin partagé"][1:3] == ["Fiche action", world["centre_a"].name]
    assert by_title["Le jardin partagé"][4] == "40"
    assert by_title["Guide DPA"][4] == "12"

    response = client.get("/admin/reports/audience/", {**query, "export": "xlsx"})
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    values = list(sheet.values)
    assert values[0] == ("Page", "Type", "Centre", "Adresse", "Visites")
    assert ("Le jardin partagé", 40) in {(row[0], row[4]) for row in values[1:]}


def test_report_and_panel_are_for_the_comite_only(world):
    """A contributor gets no report and no audience panel; the comité gets both."""
    contributor = Client()
    contributor.force_login(make_contributor("a@exemple.org", world["centre_a"]))
    assert contributor.get("/admin/reports/audience/").status_code == 403
    assert 'id="audience-titre"' not in contributor.get("/admin/").content.decode()
    html = comite_client().get("/admin/").content.decode()
    assert 'id="audience-titre"' in html
    assert "sur les 30 derniers jours" in html


def test_demo_traffic_writes_an_exact_year_once(site_tree):
    """The generator writes exactly the visits asked over the year, and only once."""
    publish_sheet(title="Une fiche de démonstration")
    assert demo_traffic.generate(visits=16000, days=365) == 16000
    assert sum(PageVisitDay.objects.values_list("visits", flat=True)) == 16000
    assert PageVisitDay.objects.filter(day__gte=timezone.localdate()).count() == 0
    assert demo_traffic.generate(visits=16000, days=365) == 0
    assert audience.total(*audience.last_months(13)) == 16000


def test_key_figures_are_cached_until_the_content_changes(world, settings):
    """With the figures cache on, a new visit row waits; a publication refreshes at once."""
    from figures import key_figures

    settings.FIGURES_CACHE_SECONDS = 300
    before = key_figures.current()
    visits(world["quiet"], 7, days=2)
    assert key_figures.current().audience.visits == before.audience.visits
    publish_sheet(title="Une nouvelle fiche")
    after = key_figures.current()
    assert after.sheets == before.sheets + 1
    assert after.audience.visits == before.audience.visits + 7
