"""The PDF download of a publication (routed by PublicationPage at `<url>pdf/`)."""

from django.conf import settings
from django.http import FileResponse
from django.template.response import TemplateResponse


def download_pdf(request, publication):
    """The PDF if made; made now when small; else queued, with a page that says so (202)."""
    from .models import PublicationPDF
    from .tasks import generate, request_pdf

    row = publication.current_pdf()
    if row is None or row.status != PublicationPDF.READY:
        sync_limit = getattr(settings, "PUBLICATION_SYNC_MAX_SHEETS", 12)
        if len(publication.chosen_sheet_ids()) <= sync_limit:
            row = generate(publication.pk)
        else:
            row = request_pdf(publication)
    if row is not None and row.status == PublicationPDF.READY and row.file:
        response = FileResponse(
            row.file.open("rb"),
            as_attachment=True,
            filename=f"{publication.slug}.pdf",
            content_type="application/pdf",
        )
        response["Cache-Control"] = "public, max-age=300"
        return response
    previous = (
        PublicationPDF.objects.filter(publication=publication, status=PublicationPDF.READY)
        .exclude(file="")
        .order_by("-generated_at")
        .first()
    )
    failed = row is not None and row.status == PublicationPDF.FAILED
    response = TemplateResponse(
        request,
        "publications/pdf_pending.html",
        {"page": publication, "failed": failed, "previous": previous},
        status=503 if failed else 202,
    )
    response["Retry-After"] = "30"
    response["Cache-Control"] = "no-store"
    return response
