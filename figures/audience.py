"""Audience figures: the one place that reads the daily visit totals.

The Chiffres clés page, the comité's report and dashboard panel, a centre's
"Mon espace" and the API's key figures all ask this module. Every query is a
fixed number of aggregates, whatever the number of pages or days.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Sum
from django.utils import timezone

from core.visibility import public_pages

MONTHS = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
]
TOP = 5


@dataclass
class MonthVisits:
    """Visits of one calendar month (`month` is "2026-03")."""

    month: str
    label: str
    visits: int


@dataclass
class PageVisits:
    """A page and its visits over the period."""

    page: object
    visits: int


@dataclass
class Audience:
    start: datetime.date
    end: datetime.date
    visits: int
    by_month: list = field(default_factory=list)
    top_sheets: list = field(default_factory=list)
    top_resources: list = field(default_factory=list)

    @property
    def period_label(self):
        return f"du {date_label(self.start)} au {date_label(self.end)}"


def date_label(day):
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def month_label(year, month):
    return f"{MONTHS[month - 1]} {year}"


def last_months(months=12, today=None):
    """The period of the last `months` calendar months, the current one included."""
    today = today or timezone.localdate()
    year, month = today.year, today.month - (months - 1)
    while month < 1:
        month += 12
        year -= 1
    return datetime.date(year, month, 1), today


def visits(start, end, pages=None):
    """Daily rows of the period, optionally for some pages only."""
    from .models import PageVisitDay

    rows = PageVisitDay.objects.filter(day__gte=start, day__lte=end)
    if pages is not None:
        rows = rows.filter(page__in=pages)
    return rows


def total(start, end):
    return visits(start, end).aggregate(n=Sum("visits"))["n"] or 0


def by_month(start, end, pages=None):
    """Every month of the period with its visits (0 for a month without any)."""
    from django.db.models.functions import TruncMonth

    counts = {
        (row["month"].year, row["month"].month): row["n"]
        for row in visits(start, end, pages)
        .annotate(month=TruncMonth("day"))
        .values("month")
        .annotate(n=Sum("visits"))
        .order_by()
    }
    result = []
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        result.append(
            MonthVisits(
                f"{year:04d}-{month:02d}", month_label(year, month), counts.get((year, month), 0)
            )
        )
        month += 1
        if month > 12:
            year, month = year + 1, 1
    return result


def most_viewed(model, start, end, limit=TOP):
    """The public pages of `model` most visited over the period, most visited first."""
    pages = public_pages(model.objects.all()).defer_streamfields()
    if hasattr(model, "centre"):
        pages = pages.select_related("centre")
    ranked = (
        pages.filter(visit_days__day__gte=start, visit_days__day__lte=end)
        .annotate(period_visits=Sum("visit_days__visits"))
        .order_by("-period_visits", "title")[:limit]
    )
    return [PageVisits(page, page.period_visits) for page in ranked]


def per_page(page_ids, start, end):
    """Visits over the period of each of the given pages, as {page id: visits}."""
    return dict(
        visits(start, end)
        .filter(page_id__in=page_ids)
        .values_list("page_id")
        .annotate(n=Sum("visits"))
        .values_list("page_id", "n")
        .order_by()
    )


def audience(start=None, end=None, top=TOP):
    """Visits over the period (the last 12 months by default): total, months, most viewed."""
    from initiatives.models import InitiativePage
    from ressources.models import ResourcePage

    if start is None or end is None:
        start, end = last_months(12)
    months = by_month(start, end)
    return Audience(
        start=start,
        end=end,
        visits=sum(month.visits for month in months),
        by_month=months,
        top_sheets=most_viewed(InitiativePage, start, end, top),
        top_resources=most_viewed(ResourcePage, start, end, top),
    )
