"""The platform's key figures: the one module the Chiffres clés page, the API,
the admin dashboard and the publications ask (audience figures come from
figures.audience).

Every count covers what the public may see (`core.visibility.public_pages`):
a draft, a sheet awaiting approval or a restricted page never counts.
"""

from dataclasses import dataclass, field

from django.db.models import Count

from core.visibility import public_pages


@dataclass
class Breakdown:
    """One line of a breakdown: a value, its label and how many sheets have it."""

    value: str
    label: str
    count: int


@dataclass
class KeyFigures:
    sheets: int
    resources: int
    centres: int
    accounts: int
    territories: int
    by_territory_type: list = field(default_factory=list)
    by_theme: list = field(default_factory=list)
    by_axis: list = field(default_factory=list)
    by_region: list = field(default_factory=list)
    audience: object = None  # figures.audience.Audience: visits of the last 12 months

    def count_for(self, breakdown, value):
        """The count of `value` in one of the breakdowns (0 when absent)."""
        for line in getattr(self, breakdown):
            if line.value == value:
                return line.count
        return 0


def public_sheets():
    from initiatives.models import InitiativePage

    return public_pages(InitiativePage.objects.all())


def accounts_count():
    """Active accounts whose email address is confirmed."""
    from django.contrib.auth import get_user_model

    return (
        get_user_model()
        .objects.filter(is_active=True, emailaddress__verified=True)
        .distinct()
        .count()
    )


def compute():
    """All key figures, in a fixed number of queries whatever the number of sheets."""
    from initiatives.models import TERRITORY_CHOICES, Axis, Theme
    from ressources.models import ResourcePage

    from . import audience

    sheets = public_sheets()
    sheet_ids = sheets.values("pk")
    total = sheets.count()

    territory_labels = dict(TERRITORY_CHOICES)
    territory_counts = dict(
        sheets.order_by()
        .values_list("territory_type")
        .annotate(n=Count("pk"))
        .values_list("territory_type", "n")
    )
    by_territory_type = [
        Breakdown(code, label, territory_counts.get(code, 0)) for code, label in TERRITORY_CHOICES
    ]
    by_territory_type += [
        Breakdown(code, territory_labels.get(code, code), n)
        for code, n in territory_counts.items()
        if code not in territory_labels
    ]

    themes = (
        Theme.objects.filter(initiative_items__content_object__in=sheet_ids)
        .annotate(n=Count("initiative_items", distinct=True))
        .order_by("-n", "name")
    )
    by_theme = [Breakdown(theme.slug, theme.name, theme.n) for theme in themes]

    axis_counts = dict(
        sheets.order_by().values_list("axis").annotate(n=Count("pk")).values_list("axis", "n")
    )
    by_axis = [
        Breakdown(axis.slug, axis.name, axis_counts.get(axis.pk, 0))
        for axis in Axis.objects.order_by("number")
    ]

    region_counts = (
        sheets.order_by()
        .values_list("centre__region")
        .annotate(n=Count("pk"))
        .values_list("centre__region", "n")
    )
    by_region = sorted(
        (Breakdown(region, region, n) for region, n in region_counts),
        key=lambda line: (-line.count, line.label),
    )

    centre_rows = sheets.order_by().values_list("centre", "centre__departement_code").distinct()
    centres = {centre for centre, _ in centre_rows}
    departements = {code for _, code in centre_rows}

    return KeyFigures(
        sheets=total,
        resources=public_pages(ResourcePage.objects.all()).count(),
        centres=len(centres),
        accounts=accounts_count(),
        territories=len(departements),
        by_territory_type=by_territory_type,
        by_theme=by_theme,
        by_axis=by_axis,
        by_region=by_region,
        audience=audience.audience(),
    )


def current():
    """The key figures as the pages and the API show them: computed at most every
    `FIGURES_CACHE_SECONDS` (5 minutes) and again after any change to the public
    content (the page cache's generation), from the shared cache in between.

    At 100 000 sheets the aggregates take tens of milliseconds each: the home page,
    the Chiffres clés page and the API read them from the cache.
    """
    from django.conf import settings
    from django.core.cache import cache

    from core.page_cache import generation

    seconds = getattr(settings, "FIGURES_CACHE_SECONDS", 300)
    current = generation() if seconds else None
    if current is None:  # off, or the shared cache is unreachable
        return compute()
    key = f"figures:key:{current}"
    figures = cache.get(key)
    if figures is None:
        figures = compute()
        cache.set(key, figures, seconds)
    return figures


def snapshot():
    """The key figures as plain JSON data (for a publication that freezes them), audience
    reduced to its totals: the same numbers the Chiffres clés page shows."""
    figures = compute()
    audience = figures.audience

    def lines(breakdown):
        return [
            {"value": line.value, "label": line.label, "count": line.count} for line in breakdown
        ]

    return {
        "computed_on": audience.end.isoformat(),
        "sheets": figures.sheets,
        "resources": figures.resources,
        "centres": figures.centres,
        "accounts": figures.accounts,
        "territories": figures.territories,
        "regions": len(figures.by_region),
        "by_territory_type": lines(figures.by_territory_type),
        "by_theme": lines(figures.by_theme),
        "by_axis": lines(figures.by_axis),
        "by_region": lines(figures.by_region),
        "visits": {
            "start": audience.start.isoformat(),
            "end": audience.end.isoformat(),
            "total": audience.visits,
            "period": audience.period_label,
            "top_sheets": [
                {"title": line.page.title, "visits": line.visits} for line in audience.top_sheets
            ],
            "top_resources": [
                {"title": line.page.title, "visits": line.visits} for line in audience.top_resources
            ],
        },
    }
