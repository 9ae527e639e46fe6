"""Headless preview endpoints of the API (see core.preview).

- `GET /api/v3/preview/?token=…` returns the previewed draft in the same typed
  shape as `GET /api/v3/pages/{id}/`. The token is the only key: it is signed,
  names one snapshot and expires after PREVIEW_TOKEN_MAX_AGE seconds.
- `POST /api/v3/preview/` (token of an account that may edit the page) makes a
  preview of the page's latest draft and returns its token, for front ends that
  start a preview themselves.
"""

from datetime import datetime

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Schema, Status
from ninja.errors import HttpError
from pydantic import Field
from wagtail.api.v3.auth import AllowAnonymous, BearerTokenAuth
from wagtail.api.v3.routers.pages import PageDetailSchema
from wagtail.models import Page

from . import preview

router = Router(tags=["aperçu"])


class PreviewRequest(Schema):
    page_id: int = Field(ge=1, le=2**31 - 1)


class PreviewTokenOut(Schema):
    token: str
    expires_at: datetime
    url: str = Field(description="Adresse de l'aperçu dans l'API.")
    front_url: str = Field(description="Adresse de l'aperçu dans le front-end, s'il existe.")


@router.get(
    "/",
    response=PageDetailSchema,
    url_name="preview_page",
    summary="Lire un aperçu (brouillon) avec son jeton",
    operation_id="preview_read",
    auth=[AllowAnonymous()],
)
def read_preview(
    request: HttpRequest,
    response: HttpResponse,
    token: str = Query(..., min_length=1, max_length=500),  # noqa: B008
):
    """The draft an editor previews, typed like a page's detail. Never cached."""
    response["Cache-Control"] = "private, no-store"
    try:
        return preview.page_for_token(token)
    except preview.PreviewTokenError as exc:
        raise HttpError(401, str(exc)) from exc


@router.post(
    "/",
    response={201: PreviewTokenOut},
    url_name="preview_create",
    summary="Obtenir un jeton d'aperçu pour le brouillon d'une page",
    operation_id="preview_create",
    auth=BearerTokenAuth(),
)
def create_preview(request: HttpRequest, data: PreviewRequest):
    """A preview token for the latest draft of a page this account may edit."""
    page = Page.objects.filter(pk=data.page_id).first()
    permissions = page.permissions_for_user(request.user) if page is not None else None
    if permissions is None or not (permissions.can_edit() or permissions.can_publish()):
        # A page this account may not edit does not exist, as far as it knows.
        raise HttpError(404, "Aucune page ne correspond.")
    draft = page.specific.get_latest_revision_as_object()
    token, expires_at = preview.create_preview(draft, request.user)
    api_url, front_url = preview.preview_urls(request, token, draft)
    return Status(
        201, {"token": token, "expires_at": expires_at, "url": api_url, "front_url": front_url}
    )
