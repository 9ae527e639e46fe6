"""The headless API: Wagtail's API v3 (ninja) with the project's routers, and API v2.

Each app owns its router (`<app>/api.py`); they are registered here on Wagtail's
v3 API object, so one OpenAPI document (/api/v3/openapi.json) describes them all.
API v2 (/api/v2/) serves pages, images and documents with the same visibility
rule as the site. See docs/api.md.
"""

from django.db import IntegrityError
from django.urls import NoReverseMatch
from rest_framework.exceptions import APIException
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.serializers import PageHtmlUrlField, PageSerializer, TagsField
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.api.v3.api import api as v3
from wagtail.api.v3.errors import problem_response
from wagtail.api.v3.routers import pages as pages_v3
from wagtail.documents.api.v2.serializers import DocumentSerializer
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.documents.api.v3 import router as documents_v3
from wagtail.images.api.v2.serializers import ImageSerializer
from wagtail.images.api.v2.views import ImagesAPIViewSet
from wagtail.images.api.v3 import router as images_v3

from core.api import router as preview_router
from core.counts import with_cached_count
from core.visibility import media_for_user, public_pages, visible_media
from figures.api import router as figures_router
from initiatives.api import router as directory_router
from initiatives.api import sheets_router
from search.api import router as search_router

v3.title = "API de C'est possible"
v3.description = (
    "Les fiches actions, fiches ressources, thématiques, centres, chiffres clés et la "
    "recherche de la plateforme C'est possible. Lecture anonyme de ce qui est publié ; "
    "un jeton (Authorization: Bearer …) sert aux contributeurs et au comité, jamais à un "
    "site public. Guide : docs/api.md."
)

v3.add_router("/search/", search_router)
v3.add_router("/", directory_router)
v3.add_router("/figures/", figures_router)
v3.add_router("/preview/", preview_router)
v3.add_router("/sheets/", sheets_router)


@v3.exception_handler(IntegrityError)
def incomplete_page(request, exc):
    """Wagtail's own create operation saves drafts with their required fields unchecked
    (only title and slug): a page whose database row refuses what is missing (a
    sheet's centre, axis or year) answers 422, and the whole creation is rolled back."""
    return problem_response(
        status=422,
        detail=(
            "Cette page ne peut pas être enregistrée : des champs obligatoires manquent. "
            "Une fiche action se crée avec POST /api/v3/sheets/."
        ),
    )


# Wagtail 8 mounts /api/v3/images/ and /api/v3/documents/ and reads their queryset
# from one module-level function each: replacing it is the override point. An
# anonymous caller sees the media public pages use (or the shared collection);
# a token sees the media its account may choose or edit.
_wagtail_images_queryset = images_v3.get_images_queryset
_wagtail_documents_queryset = documents_v3.get_documents_queryset


def get_images_queryset(request):
    queryset = _wagtail_images_queryset(request).select_related("collection")
    return media_for_user(queryset, request.user)


def get_documents_queryset(request):
    queryset = _wagtail_documents_queryset(request).select_related("collection")
    return media_for_user(queryset, request.user)


images_v3.get_images_queryset = get_images_queryset
documents_v3.get_documents_queryset = get_documents_queryset

# The pages router reads its queryset from this function too: for anonymous callers
# the listing's total count comes from the shared cache (core.counts).
_wagtail_pages_queryset = pages_v3.get_pages_queryset


def get_pages_queryset(request, model=None):
    queryset = _wagtail_pages_queryset(request, *([model] if model is not None else []))
    return queryset if request.user.is_authenticated else with_cached_count(queryset)


pages_v3.get_pages_queryset = get_pages_queryset


# --- API v2 -------------------------------------------------------------------------


class ProblemJSONMixin:
    """v2 errors as application/problem+json, like v3's."""

    def handle_exception(self, exc):
        response = super().handle_exception(exc)
        detail = ""
        data = getattr(response, "data", None)
        if isinstance(data, dict):
            detail = str(data.get("message") or data.get("detail") or "")
        elif isinstance(exc, APIException):
            detail = str(exc.detail)
        problem = problem_response(status=response.status_code, detail=detail)
        for header in ("Allow", "WWW-Authenticate"):
            if response.has_header(header):
                problem[header] = response[header]
        return problem


class RequestHtmlUrlField(PageHtmlUrlField):
    """html_url computed with the request (Wagtail's reads the site's root paths
    from the cache once per page without it)."""

    def to_representation(self, page):
        try:
            return page.get_full_url(self.context.get("request"))
        except NoReverseMatch:
            return None


class PrefetchedTagsField(TagsField):
    """Tag names from the prefetched tags (Wagtail's queries once per item)."""

    def to_representation(self, value):
        return sorted(tag.name for tag in value.all())


class ListingPageSerializer(PageSerializer):
    html_url = RequestHtmlUrlField(read_only=True)


class ListingImageSerializer(ImageSerializer):
    tags = PrefetchedTagsField(read_only=True)


class ListingDocumentSerializer(DocumentSerializer):
    tags = PrefetchedTagsField(read_only=True)


def _sheet_prefetches():
    """A sheet's themes, and its images with the API's renditions (core.blocks)."""
    from django.db.models import Prefetch
    from wagtail.images import get_image_model

    from core.blocks import IMAGE_RENDITIONS
    from initiatives.models import InitiativeGalleryImage

    renditions = (
        get_image_model()
        .get_rendition_model()
        .objects.filter(filter_spec__in=list(IMAGE_RENDITIONS.values()))
    )
    return [
        "themes",
        Prefetch("cover_image__renditions", queryset=renditions),
        Prefetch(
            "gallery_images",
            queryset=InitiativeGalleryImage.objects.select_related("image").prefetch_related(
                Prefetch("image__renditions", queryset=renditions)
            ),
        ),
    ]


# What each page type's listing reads, fetched with the page (no query per item).
LISTING_RELATIONS = {
    "initiatives.InitiativePage": (["centre", "axis", "cover_image"], _sheet_prefetches),
    "ressources.ResourcePage": ([], lambda: ["themes", "documents__document"]),
}


class PublicPagesAPIViewSet(ProblemJSONMixin, PagesAPIViewSet):
    """Pages: live and public only (view restrictions exclude, whatever the session)."""

    base_serializer_class = ListingPageSerializer

    def get_base_queryset(self):
        return public_pages(super().get_base_queryset())

    def get_queryset(self):
        queryset = super().get_queryset()
        related, prefetched = LISTING_RELATIONS.get(queryset.model._meta.label, ([], list))
        queryset = queryset.select_related("locale", *related).prefetch_related(*prefetched())
        return with_cached_count(queryset)  # v2 reads are anonymous: a cached total


class PublicImagesAPIViewSet(ProblemJSONMixin, ImagesAPIViewSet):
    """Images used by published pages or kept in the shared collection."""

    base_serializer_class = ListingImageSerializer

    def get_queryset(self):
        return visible_media(super().get_queryset()).prefetch_related("tags")


class PublicDocumentsAPIViewSet(ProblemJSONMixin, DocumentsAPIViewSet):
    """Documents used by published pages or kept in the shared collection."""

    base_serializer_class = ListingDocumentSerializer

    def get_queryset(self):
        return visible_media(super().get_queryset()).prefetch_related("tags")


v2 = WagtailAPIRouter("wagtailapi_v2")
v2.register_endpoint("pages", PublicPagesAPIViewSet)
v2.register_endpoint("images", PublicImagesAPIViewSet)
v2.register_endpoint("documents", PublicDocumentsAPIViewSet)


def not_found(request, *args, **kwargs):
    """Unknown API paths answer in problem+json too."""
    return problem_response(status=404, detail="Aucune ressource de l'API à cette adresse.")
