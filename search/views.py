"""The public search page and the autocomplete endpoint; both call the search service."""

from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.utils.http import urlencode
from django.views.decorators.http import require_GET

from . import service


@require_GET
def search(request):
    """/recherche/: sheets and resources, facets, pagination, highlighted excerpts."""
    filters = service.Filters.from_querydict(request.GET)
    page = request.GET.get("page", "1")
    results = service.search(
        request.GET.get("q", ""), filters, page_number=int(page) if page.isdigit() else 1
    )
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
