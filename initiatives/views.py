"""Public views of the initiatives domain that are not pages: the themes."""

import re

from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET

from .listing import attach_cards, themes_with_counts
from .models import Theme

PAGE_NUMBER = re.compile(r"[0-9]{1,6}")


@require_GET
def theme_list(request):
    """/thematiques/: the themes and how many sheets and resources each has."""
    return TemplateResponse(
        request, "initiatives/theme_list.html", {"themes": themes_with_counts()}
    )


THEME_PER_PAGE = 12
THEME_RESOURCES_SHOWN = 6


@require_GET
def theme_detail(request, slug):
    """/thematiques/<slug>/: the published sheets of one theme, 12 a page, newest first
    (served by the search service, like the listing: filtering has one home), and its
    first resources A → Z (the rest through the search page's filter)."""
    from search import service

    theme = get_object_or_404(Theme, slug=slug)
    requested = request.GET.get("page", "").strip() or "1"
    number = int(requested) if PAGE_NUMBER.fullmatch(requested) else 0
    results = service.search(
        "",
        service.Filters(themes=(theme.slug,), kind="fiche"),
        page_number=min(max(number, 1), service.MAX_PAGE),
        per_page=THEME_PER_PAGE,
        sort="recent",
    )
    page_error = not 1 <= number <= results.num_pages
    shown = [] if page_error else [hit.page for hit in results.hits]
    attach_cards(shown)
    # Its resources, A → Z, from the same service (a cached browse: at 10 000
    # resources, sorting a theme's thousand by title in SQL took 12 ms a request).
    resources = service.search(
        "",
        service.Filters(themes=(theme.slug,), kind="ressource"),
        per_page=THEME_RESOURCES_SHOWN,
        sort="titre",
    )
    response = TemplateResponse(
        request,
        "initiatives/theme_detail.html",
        {
            "theme": theme,
            "sheets": shown,
            "sheets_total": results.total,
            "results": results,
            "page_error": page_error,
            "page_requested": "".join(ch for ch in requested[:20] if ch.isprintable()),
            "resources": [hit.page for hit in resources.hits],
            "more_resources": resources.total > THEME_RESOURCES_SHOWN,
        },
    )
    if page_error:
        response.status_code = 404
    return response
