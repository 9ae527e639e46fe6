"""Models shared by every content domain."""

import uuid

from django.conf import settings
from django.db import models


class HeadlessPreview(models.Model):
    """A snapshot of a draft, as an editor previews it, for a front end to render.

    Made by the "Front-end (API)" preview mode or by the API's preview endpoint;
    read through the API with a signed token that expires
    (settings.PREVIEW_TOKEN_MAX_AGE seconds). Not a page: rows older than the
    token's life are deleted whenever a new preview is made.
    """

    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="+", verbose_name="page"
    )
    content = models.JSONField("contenu")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="créé par",
    )
    created_at = models.DateTimeField("créé le", auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "aperçu front-end"
        verbose_name_plural = "aperçus front-end"

    def __str__(self):
        return f"Aperçu de la page {self.page_id} ({self.created_at:%d/%m/%Y %H:%M})"
