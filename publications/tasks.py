"""Background work of the publications: making the PDF, off the request path."""

import datetime
import logging

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django_tasks import task

logger = logging.getLogger(__name__)

# A PDF still "en préparation" after this long is assumed lost (worker restarted).
STALE_PENDING = datetime.timedelta(minutes=30)


def site_url():
    from wagtail.models import Site

    site = Site.objects.filter(is_default_site=True).first()
    return site.root_url if site else ""


def generate(publication_id, fingerprint=None):
    """Make the PDF of the publication as it is now (unless made already); its row."""
    from .models import PublicationPage, PublicationPDF
    from .pdf import render_pdf

    publication = PublicationPage.objects.filter(pk=publication_id).first()
    if publication is None:
        return None
    fingerprint = fingerprint or publication.pdf_fingerprint()
    try:
        row, _ = PublicationPDF.objects.get_or_create(
            publication=publication, fingerprint=fingerprint
        )
    except IntegrityError:  # made by a concurrent request
        row = PublicationPDF.objects.get(publication=publication, fingerprint=fingerprint)
    if row.status == PublicationPDF.READY and row.file:
        return row
    try:
        data, pages, seconds = render_pdf(publication, site_url())
    except Exception as error:  # noqa: BLE001 - recorded and shown, never a broken page
        logger.exception("Génération du PDF de « %s » impossible", publication.title)
        row.status = PublicationPDF.FAILED
        row.error = f"{type(error).__name__}: {error}"[:2000]
        row.save(update_fields=["status", "error"])
        return row
    row.file.save(f"{publication.slug}.pdf", ContentFile(data), save=False)
    row.pages, row.size, row.seconds = pages, len(data), seconds
    row.status, row.error, row.generated_at = PublicationPDF.READY, "", timezone.now()
    row.save()
    for old in PublicationPDF.objects.filter(publication=publication).exclude(pk=row.pk):
        if old.file:
            old.file.delete(save=False)
        old.delete()
    return row


@task()
def generate_pdf_task(publication_id, fingerprint=None):
    row = generate(publication_id, fingerprint)
    return row.status if row is not None else None


def request_pdf(publication):
    """Queue the making of the publication's PDF unless it is made or under way; its row."""
    from .models import PublicationPDF

    fingerprint = publication.pdf_fingerprint()
    row, created = PublicationPDF.objects.get_or_create(
        publication=publication, fingerprint=fingerprint
    )
    stale = row.status == PublicationPDF.PENDING and row.created_at < timezone.now() - STALE_PENDING
    if created or stale or row.status == PublicationPDF.FAILED:
        if not created:
            PublicationPDF.objects.filter(pk=row.pk).update(
                status=PublicationPDF.PENDING, created_at=timezone.now(), error=""
            )
        publication_id = publication.pk
        transaction.on_commit(lambda: generate_pdf_task.enqueue(publication_id, fingerprint))
    return row


def freeze_figures(publication):
    """Keep the key figures of today for a publication that prints frozen figures."""
    from figures.key_figures import snapshot

    from .models import FIGURES_FROZEN, PublicationFigures

    if publication.figures_mode != FIGURES_FROZEN:
        return None
    frozen, _ = PublicationFigures.objects.update_or_create(
        publication=publication, defaults={"data": snapshot(), "frozen_at": timezone.now()}
    )
    return frozen
