"""Headless preview: let a front end render the draft an editor is looking at.

Two preview modes live side by side on every page type of the site: Wagtail's
own HTML preview ("Site public") and "Front-end (API)", which snapshots the
previewed page and hands the front end a signed token. The token names the
snapshot, expires after settings.PREVIEW_TOKEN_MAX_AGE seconds (enforced when
read) and is never a flag on the page: nothing about the draft becomes public.
"""

import json
from datetime import timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.core import signing
from django.core.serializers.json import DjangoJSONEncoder
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone

SALT = "cestpossible.headless-preview"
HEADLESS_MODE = "headless"


class PreviewTokenError(Exception):
    """The token is malformed, forged, expired, or its snapshot is gone."""


def max_age():
    return int(getattr(settings, "PREVIEW_TOKEN_MAX_AGE", 600))


def create_preview(page, user):
    """Snapshot `page` (a specific page object, possibly unsaved changes) and sign a token.

    Returns (token, expires_at). Old snapshots are deleted on the way.
    """
    from .models import HeadlessPreview

    now = timezone.now()
    HeadlessPreview.objects.filter(created_at__lt=now - timedelta(seconds=max_age())).delete()
    content = json.loads(json.dumps(page.serializable_data(), cls=DjangoJSONEncoder))
    snapshot = HeadlessPreview.objects.create(page_id=page.pk, content=content, created_by=user)
    token = signing.TimestampSigner(salt=SALT).sign(str(snapshot.key))
    return token, snapshot.created_at + timedelta(seconds=max_age())


def page_for_token(token):
    """The previewed page (not saved) named by a valid, unexpired token."""
    from wagtail.models import Page

    from .models import HeadlessPreview

    try:
        key = signing.TimestampSigner(salt=SALT).unsign(token or "", max_age=max_age())
    except signing.SignatureExpired as exc:
        raise PreviewTokenError("Ce jeton d'aperçu a expiré : relancez l'aperçu.") from exc
    except signing.BadSignature as exc:
        raise PreviewTokenError("Ce jeton d'aperçu n'est pas valide.") from exc
    snapshot = HeadlessPreview.objects.filter(key=key).first()
    if snapshot is None:
        raise PreviewTokenError("Cet aperçu n'existe plus : relancez l'aperçu.")
    page = Page.objects.filter(pk=snapshot.page_id).first()
    if page is None:
        raise PreviewTokenError("La page de cet aperçu a été supprimée.")
    return page.specific.with_content_json(snapshot.content)


def preview_urls(request, token, page):
    """The API URL of a preview, and the front end's URL when one is configured."""
    api_url = (
        request.build_absolute_uri(reverse("wagtailapi_v3:preview_page"))
        + "?"
        + urlencode({"token": token})
    )
    front_url = ""
    if settings.HEADLESS_PREVIEW_URL:
        separator = "&" if "?" in settings.HEADLESS_PREVIEW_URL else "?"
        front_url = (
            settings.HEADLESS_PREVIEW_URL
            + separator
            + urlencode({"token": token, "type": page._meta.label})
        )
    return api_url, front_url


class HeadlessPreviewMixin:
    """Adds the "Front-end (API)" preview mode next to Wagtail's HTML preview."""

    @property
    def preview_modes(self):
        return [("", "Site public"), (HEADLESS_MODE, "Front-end (API)")]

    def serve_preview(self, request, mode_name):
        if mode_name != HEADLESS_MODE:
            return super().serve_preview(request, mode_name)
        if not self.pk:
            return TemplateResponse(
                request,
                "core/headless_preview.html",
                {"page": self, "unsaved": True},
            )
        token, expires_at = create_preview(self, getattr(request, "user", None))
        api_url, front_url = preview_urls(request, token, self)
        return TemplateResponse(
            request,
            "core/headless_preview.html",
            {
                "page": self,
                "token": token,
                "expires_at": expires_at,
                "api_url": api_url,
                "front_url": front_url,
            },
        )
