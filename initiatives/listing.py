"""What sheet cards show (centre, cover image), fetched in bulk for a whole list.

A list of sheets costs the same number of queries whatever its length: the
listing, theme pages, the home page and similar sheets all go through here.
"""

from wagtail.images import get_image_model

CARD_RENDITION = "fill-480x270"


def attach_cards(pages):
    """Set `card_centre` and `card_image` on each sheet of `pages` (others untouched)."""
    from .models import Centre, InitiativePage

    sheets = [page for page in pages if isinstance(page, InitiativePage)]
    centres = Centre.objects.in_bulk({page.centre_id for page in sheets})
    image_ids = {page.cover_image_id for page in sheets if page.cover_image_id}
    images = (
        get_image_model().objects.prefetch_renditions(CARD_RENDITION).in_bulk(image_ids)
        if image_ids
        else {}
    )
    for page in sheets:
        page.card_centre = centres.get(page.centre_id)
        page.card_image = images.get(page.cover_image_id)
    return pages
