"""The Chiffres clés page (key figures and audience, with SVG charts) and the audience beacon."""

from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from . import charts, counting, key_figures


@require_GET
def key_figures_page(request):
    figures = key_figures.current()
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
        "visits_chart": charts.bar_chart(
            "visites",
            f"Visites par mois, {figures.audience.period_label}",
            [(month.label, month.visits) for month in figures.audience.by_month],
            unit="visites",
        ),
        "visit_lines": [
            {"label": month.label.capitalize(), "count": month.visits}
            for month in figures.audience.by_month
        ],
    }
    return TemplateResponse(request, "figures/key_figures.html", context)


@csrf_exempt
@require_POST
def beacon(request):
    """The audience beacon (figures.counting): 204 whether the view counted or not.

    Refused cheaply, before any cache access: a body over 512 bytes (413), a
    missing or forged page token (400). A counted view only touches the cache.
    """
    if not counting.enabled():
        return HttpResponse(status=204)
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = counting.MAX_BEACON_BYTES + 1
    if length > counting.MAX_BEACON_BYTES:
        return _beacon_refusal(413, "Requête de mesure trop volumineuse.")
    page_id = counting.page_from_token(request.POST.get("p", "")[:200])
    if page_id is None:
        return _beacon_refusal(400, "Requête de mesure invalide.")
    counting.record(request, page_id)
    response = HttpResponse(status=204)
    response["Cache-Control"] = "no-store"
    return response


def _beacon_refusal(status, message):
    response = HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")
    response["Cache-Control"] = "no-store"
    return response
