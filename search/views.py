"""The public search page and the autocomplete endpoint; both call the search service."""

import re

from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.utils.http import urlencode
from django.views.decorators.http import require_GET

from initiatives.listing import attach_cards

from . import service
from .tasks import log_search_task

ASCII_NUMBER = re.compile(r"[0-9]{1,6}")


@require_GET
def search(request):
    """/recherche/: sheets and resources, facets, pagination, highlighted excerpts."""
    filters = service.Filters.from_querydict(request.GET)
    page = request.GET.get("page", "1").strip()
    results = service.search(
        request.GET.get("q", ""),
        filters,
        page_number=int(page) if ASCII_NUMBER.fullmatch(page) else 1,
    )
    attach_cards([hit.page for hit in results.hits])
    if results.query and results.page_number == 1:
        log_search_task.enqueue(results.query, results.total > 0)
    base_params = ([("q", results.query)] if results.query else []) + filters.as_params()
    return TemplateResponse(
        request,
        "search/search.html",
        {
            "search_query": results.query,
            "results": results,
            "base_querystring": urlencode(base_params),
        },
    )


@require_GET
def autocomplete(request):
    """JSON completions for the search box: titles and URLs of visible pages."""
    pages, backend = service.autocomplete(request.GET.get("q", ""))
    response = JsonResponse(
        {
            "results": [
                {
                    "title": page.title,
                    "url": page.get_url(request),
                    "type": "ressource"
                    if page.specific_class.__name__ == "ResourcePage"
                    else "fiche",
                }
                for page in pages
            ]
        }
    )
    response["X-Search-Backend"] = backend
    return response


def search_report(request):
    """Admin report (comité): popular queries and queries that found nothing."""
    from datetime import timedelta

    from django.db.models import Sum
    from django.utils import timezone

    from .models import SearchQueryDay

    days = request.GET.get("jours", "30")
    days = int(days) if days.isdigit() and 0 < int(days) <= 366 else 30
    since = timezone.localdate() - timedelta(days=days - 1)
    rows = (
        SearchQueryDay.objects.filter(date__gte=since)
        .values("query")
        .annotate(searches=Sum("searches"), zero_results=Sum("zero_results"))
    )
    return TemplateResponse(
        request,
        "search/admin/search_report.html",
        {
            "days": days,
            "period_choices": [7, 30, 90, 365],
            "popular": rows.order_by("-searches", "query")[:50],
            "unanswered": rows.filter(zero_results__gt=0).order_by("-zero_results", "query")[:50],
        },
    )
