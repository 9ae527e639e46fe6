"""Block primitives shared by every content domain (sheets, resources, editorial pages).

Each block owns its API shape (`get_api_representation`): images come out as
rendition URLs with their sizes and alt text, never as bare ids.
"""

from django.core.exceptions import ValidationError
from wagtail import blocks
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

from core.video import video_provider_and_embed

# The rich text features an author may use: enough to write, not enough to style.
RICH_TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul", "h3", "h4"]

# Renditions exposed by the API and used by the templates.
IMAGE_RENDITIONS = {
    "small": "max-480x480",
    "medium": "max-960x960",
    "large": "max-1600x1600",
}


def image_api_representation(image, alt_text="", context=None):
    """Describe an image for API consumers: renditions (absolute URLs) with sizes, alt text."""
    from wagtail.api.utils import get_full_url

    if image is None:
        return None
    request = (context or {}).get("request")
    prefetched = getattr(image, "_prefetched_objects_cache", {})
    if "renditions" not in prefetched and image.pk:
        # One query for this image's renditions, instead of a cache round trip per
        # rendition (Wagtail uses the prefetched list and creates what is missing).
        renditions = image.renditions.filter(filter_spec__in=list(IMAGE_RENDITIONS.values()))
        renditions._fetch_all()  # evaluated (and picklable) like a prefetch_related result
        image._prefetched_objects_cache = {**prefetched, "renditions": renditions}
    renditions = image.get_renditions(*IMAGE_RENDITIONS.values())
    return {
        "alt": alt_text or image.default_alt_text or "",
        "width": image.width,
        "height": image.height,
        "renditions": {
            name: {
                "url": get_full_url(request, renditions[spec].url),
                "width": renditions[spec].width,
                "height": renditions[spec].height,
            }
            for name, spec in IMAGE_RENDITIONS.items()
        },
    }


class TextBlock(blocks.RichTextBlock):
    """Free rich text (paragraphs, lists, links) for editorial content."""

    def __init__(self, **kwargs):
        kwargs.setdefault("features", RICH_TEXT_FEATURES)
        super().__init__(**kwargs)

    class Meta:
        icon = "pilcrow"
        label = "Texte"
        help_text = "Paragraphes, listes et liens."
        preview_value = "<p>Un texte qui raconte l'initiative simplement.</p>"


class QuoteBlock(blocks.StructBlock):
    """A quotation with its author, set apart from the text."""

    text = blocks.TextBlock(label="Citation", rows=3)
    author = blocks.CharBlock(label="Auteur ou autrice", required=False, max_length=200)

    class Meta:
        icon = "openquote"
        label = "Citation"
        help_text = "Une parole d'habitant·e, de bénévole ou une citation, avec son auteur."
        template = "blocks/quote_block.html"
        preview_value = {
            "text": "Les utopies d'aujourd'hui sont les vérités de demain.",
            "author": "Victor Hugo",
        }


class CaptionedImageBlock(blocks.StructBlock):
    """An image with its alternative text (required) and an optional caption."""

    image = ImageChooserBlock(label="Image")
    alt_text = blocks.CharBlock(
        label="Texte alternatif",
        max_length=250,
        help_text="Décrivez l'image pour les personnes qui ne la voient pas.",
    )
    caption = blocks.CharBlock(label="Légende", required=False, max_length=250)

    def clean(self, value):
        cleaned = super().clean(value)
        if cleaned.get("alt_text", "").strip() == "":
            raise blocks.StructBlockValidationError(
                block_errors={"alt_text": ValidationError("Le texte alternatif est obligatoire.")}
            )
        return cleaned

    def get_api_representation(self, value, context=None):
        return {
            "image": image_api_representation(value["image"], value["alt_text"], context),
            "caption": value["caption"],
        }

    class Meta:
        icon = "image"
        label = "Image"
        help_text = "Une photo de l'action, avec un texte alternatif."
        template = "blocks/captioned_image_block.html"
        preview_value = {"alt_text": "Des habitant·e·s réunis au centre social", "caption": ""}


class VideoBlock(EmbedBlock):
    """A video hosted elsewhere (PeerTube, Vimeo, YouTube…), embedded by its URL."""

    def get_api_representation(self, value, context=None):
        if not value:
            return None
        provider, embed_url = video_provider_and_embed(value.url)
        return {"url": value.url, "provider": provider, "embed_url": embed_url or None}

    class Meta:
        icon = "media"
        label = "Vidéo"
        help_text = "L'adresse de la vidéo sur sa plateforme (PeerTube, Vimeo, YouTube…)."
        preview_value = "https://vimeo.com/76979871"


class EditorialStreamBlock(blocks.StreamBlock):
    """The free body of editorial pages and resources: text, quotes, images, videos."""

    text = TextBlock()
    quote = QuoteBlock()
    image = CaptionedImageBlock()
    video = VideoBlock()

    class Meta:
        label = "Contenu"
        help_text = "Ajoutez des paragraphes, citations, images ou vidéos."
