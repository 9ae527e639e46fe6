"""Key figures endpoint of the API (computed by figures.key_figures and figures.audience)."""

import datetime

from django.http import HttpRequest
from ninja import Router, Schema
from wagtail.api.v3.auth import AllowAnonymous

from . import key_figures

router = Router(tags=["chiffres clés"])


class BreakdownOut(Schema):
    value: str
    label: str
    count: int


class MonthVisitsOut(Schema):
    month: str
    label: str
    visits: int


class PageVisitsOut(Schema):
    id: int
    title: str
    html_url: str | None
    visits: int


class AudienceOut(Schema):
    start: datetime.date
    end: datetime.date
    visits: int
    by_month: list[MonthVisitsOut]
    most_viewed_sheets: list[PageVisitsOut]
    most_viewed_resources: list[PageVisitsOut]


class KeyFiguresOut(Schema):
    sheets: int
    resources: int
    centres: int
    accounts: int
    territories: int
    by_territory_type: list[BreakdownOut]
    by_theme: list[BreakdownOut]
    by_axis: list[BreakdownOut]
    by_region: list[BreakdownOut]
    visits: AudienceOut


def _page_visits(lines, request):
    return [
        {
            "id": line.page.pk,
            "title": line.page.title,
            "html_url": line.page.get_full_url(request),
            "visits": line.visits,
        }
        for line in lines
    ]


@router.get(
    "/",
    response=KeyFiguresOut,
    url_name="key_figures",
    summary="Chiffres clés de la plateforme",
    operation_id="key_figures",
    auth=[AllowAnonymous()],
)
def figures(request: HttpRequest):
    """Published sheets (total, by territory type, theme, axis, région), resources,
    centres that published, confirmed accounts, départements reached, and the
    visits of the last 12 months (by month, most viewed sheets and resources)."""
    figures = key_figures.current()
    audience = figures.audience
    figures.visits = {
        "start": audience.start,
        "end": audience.end,
        "visits": audience.visits,
        "by_month": audience.by_month,
        "most_viewed_sheets": _page_visits(audience.top_sheets, request),
        "most_viewed_resources": _page_visits(audience.top_resources, request),
    }
    return figures
