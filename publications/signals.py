"""Publications follow their content: a publication or one of its sheets changes, the PDF
is made again in the background (and frozen figures are taken when a publication goes out)."""

from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished


def publications_with(sheet_id):
    from .models import PublicationPage

    # Publications are few: read them (one query) and look at the ids they name.
    return [
        publication
        for publication in PublicationPage.objects.live()
        if sheet_id in publication.chosen_sheet_ids()
    ]


@receiver(page_published)
def on_page_published(sender, instance, **kwargs):
    from initiatives.models import InitiativePage

    from .models import PublicationPage
    from .tasks import freeze_figures, request_pdf

    if isinstance(instance, PublicationPage):
        freeze_figures(instance)
        request_pdf(instance)
    elif isinstance(instance, InitiativePage):
        for publication in publications_with(instance.pk):
            request_pdf(publication)


@receiver(page_unpublished)
def on_page_unpublished(sender, instance, **kwargs):
    from initiatives.models import InitiativePage

    from .tasks import request_pdf

    if isinstance(instance, InitiativePage):
        for publication in publications_with(instance.pk):
            request_pdf(publication)
