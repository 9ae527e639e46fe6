"""Key figures endpoint of the API (computed by figures.key_figures)."""

from django.http import HttpRequest
from ninja import Router, Schema
from wagtail.api.v3.auth import AllowAnonymous

from . import key_figures

router = Router(tags=["chiffres clés"])


class BreakdownOut(Schema):
    value: str
    label: str
    count: int


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
    centres that published, confirmed accounts, départements reached."""
    return key_figures.compute()
