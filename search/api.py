"""Search endpoints of the API: the same search service as the site's search page."""

from typing import Literal

from django.http import HttpRequest
from ninja import Query, Router, Schema
from pydantic import Field, model_validator
from wagtail.api.v3.auth import AllowAnonymous

from . import service
from .tasks import log_search_task

router = Router(tags=["recherche"])

MAX_PER_PAGE = 50
MAX_RESULTS = 10_000  # the engines' result window (index.max_result_window)


class FacetOptionOut(Schema):
    value: str
    label: str
    count: int
    selected: bool


class FacetOut(Schema):
    name: Literal["kind", "theme", "axis", "territory", "region"]
    label: str
    options: list[FacetOptionOut]


class HitCentre(Schema):
    name: str
    city: str


class SearchHitOut(Schema):
    id: int
    type: Literal["fiche", "ressource"]
    title: str
    summary: str
    html_url: str | None
    detail_url: str = Field(description="Le détail typé de la page dans l'API v3.")
    highlight: str = Field(description="Extrait où les mots cherchés sont entourés de <mark>.")
    centre: HitCentre | None = None


class SearchOut(Schema):
    query: str = Field(description="La requête telle que cherchée (nettoyée).")
    total: int
    page: int
    per_page: int
    num_pages: int
    backend: Literal["node", "database"] = Field(
        description="node : moteur de recherche ; database : repli sur la base de données."
    )
    notice: str
    suggestions: list[str]
    facets: list[FacetOut]
    results: list[SearchHitOut]


class AutocompleteHit(Schema):
    id: int
    title: str
    type: Literal["fiche", "ressource"]
    html_url: str | None


class AutocompleteOut(Schema):
    backend: Literal["node", "database", "none"]
    results: list[AutocompleteHit]


class SearchParams(Schema):
    q: str = Field("", max_length=1000, description="Les mots cherchés.")
    theme: list[str] = Field([], description="Slugs de thématiques (plusieurs possibles).")
    axe: str = Field("", max_length=80, description="Slug d'un axe.")
    territoire: Literal["", "urbain", "rural"] = ""
    region: str = Field("", max_length=60)
    type: Literal["", "fiche", "ressource"] = ""
    annee: int | None = Field(None, ge=1000, le=9999)
    page: int = Field(1, ge=1, le=service.MAX_PAGE)
    per_page: int = Field(service.PER_PAGE, ge=1, le=MAX_PER_PAGE)

    @model_validator(mode="after")
    def within_result_window(self):
        if self.page * self.per_page > MAX_RESULTS:
            raise ValueError(
                f"Seuls les {MAX_RESULTS} premiers résultats sont accessibles : "
                "affinez la recherche."
            )
        return self


def _kind(page):
    return "ressource" if page.specific_class.__name__ == "ResourcePage" else "fiche"


def _detail_url(request, page_id):
    from django.urls import reverse
    from wagtail.api.utils import get_full_url

    return get_full_url(request, reverse("wagtailapi_v3:detail_page", kwargs={"page_id": page_id}))


@router.get(
    "/",
    response=SearchOut,
    url_name="search",
    summary="Rechercher des fiches actions et ressources",
    operation_id="search",
    auth=[AllowAnonymous()],
)
def search(request: HttpRequest, params: SearchParams = Query(...)):  # noqa: B008
    """Full-text search with facets and filters, as on /recherche/."""
    from initiatives.models import Centre

    filters = service.Filters.from_querydict(request.GET)
    results = service.search(params.q, filters, params.page, per_page=params.per_page)
    if results.query and results.page_number == 1:
        log_search_task.enqueue(results.query, results.total > 0)
    centre_ids = {getattr(hit.page, "centre_id", None) for hit in results.hits} - {None}
    centres = Centre.objects.in_bulk(centre_ids) if centre_ids else {}
    hits = []
    for hit in results.hits:
        page = hit.page
        centre = centres.get(getattr(page, "centre_id", None))
        hits.append(
            {
                "id": page.pk,
                "type": hit.kind,
                "title": page.title,
                "summary": getattr(page, "summary", ""),
                "html_url": page.get_full_url(request),
                "detail_url": _detail_url(request, page.pk),
                "highlight": hit.highlight,
                "centre": {"name": centre.name, "city": centre.city} if centre else None,
            }
        )
    return {
        "query": results.query,
        "total": results.total,
        "page": results.page_number,
        "per_page": results.per_page,
        "num_pages": results.num_pages,
        "backend": results.backend,
        "notice": results.notice,
        "suggestions": results.suggestions,  # only words public content holds (service)
        "facets": [
            {
                "name": facet.name,
                "label": facet.label,
                "options": [option.__dict__ for option in facet.options],
            }
            for facet in results.facets
        ],
        "results": hits,
    }


@router.get(
    "/autocomplete/",
    response=AutocompleteOut,
    url_name="search_autocomplete",
    summary="Compléter un début de titre",
    operation_id="search_autocomplete",
    auth=[AllowAnonymous()],
)
def autocomplete(request: HttpRequest, q: str = Query("", max_length=1000)):  # noqa: B008
    """Titles of published sheets and resources that complete `q`."""
    pages, backend = service.autocomplete(q)
    return {
        "backend": backend,
        "results": [
            {
                "id": page.pk,
                "title": page.title,
                "type": _kind(page),
                "html_url": page.get_full_url(request),
            }
            for page in pages
        ],
    }
