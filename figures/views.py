"""The Chiffres clés page: the key figures from figures.key_figures, with SVG charts."""

from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET

from . import charts, key_figures


@require_GET
def key_figures_page(request):
    figures = key_figures.compute()
    context = {
        "figures": figures,
        "territory_chart": charts.split_chart(
            "territoires",
            "Répartition des fiches entre territoires urbains et ruraux",
            [(line.label, line.count) for line in figures.by_territory_type],
        ),
        "theme_chart": charts.bar_chart(
            "thematiques",
            "Nombre de fiches par thématique",
            [(line.label, line.count) for line in figures.by_theme],
        ),
        "axis_chart": charts.bar_chart(
            "axes",
            "Nombre de fiches par axe",
            [(line.label, line.count) for line in figures.by_axis],
        ),
        "region_chart": charts.bar_chart(
            "regions",
            "Nombre de fiches par région",
            [(line.label, line.count) for line in figures.by_region],
        ),
    }
    return TemplateResponse(request, "figures/key_figures.html", context)
