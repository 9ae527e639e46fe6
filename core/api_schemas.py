"""API types of the block primitives shared by every content domain.

The blocks' `get_api_representation` produces these shapes; the pydantic schemas
here type them for the OpenAPI document, so a client generator gets real types.
"""

from typing import Annotated, Literal

from ninja import Schema
from pydantic import Field


class Rendition(Schema):
    """One resized version of an image."""

    url: str
    width: int
    height: int


class ImageRenditions(Schema):
    small: Rendition = Field(description="Au plus 480 × 480 pixels.")
    medium: Rendition = Field(description="Au plus 960 × 960 pixels.")
    large: Rendition = Field(description="Au plus 1600 × 1600 pixels.")


class ImageOut(Schema):
    """An image: its alternative text and its renditions (URLs with sizes)."""

    alt: str
    width: int = Field(description="Largeur de l'original, en pixels.")
    height: int = Field(description="Hauteur de l'original, en pixels.")
    renditions: ImageRenditions


class VideoOut(Schema):
    """A video hosted elsewhere: its page URL and, for known hosts, its player URL."""

    url: str
    provider: str = Field(description="youtube, vimeo, dailymotion, peertube, ou vide.")
    embed_url: str | None = Field(description="Adresse du lecteur à intégrer (iframe).")


class Quote(Schema):
    text: str
    author: str


class CaptionedImage(Schema):
    image: ImageOut | None
    caption: str


class DocumentOut(Schema):
    """A downloadable document."""

    id: int
    title: str
    url: str
    file_extension: str
    file_size: int | None


class TextItem(Schema):
    type: Literal["text"]
    id: str
    value: str = Field(description="Texte riche, au format demandé (rich_text_format).")


class QuoteItem(Schema):
    type: Literal["quote"]
    id: str
    value: Quote


class ImageItem(Schema):
    type: Literal["image"]
    id: str
    value: CaptionedImage


class VideoItem(Schema):
    type: Literal["video"]
    id: str
    value: VideoOut | None


EditorialItem = Annotated[TextItem | QuoteItem | ImageItem | VideoItem, Field(discriminator="type")]


def stream_representation(stream_value, context):
    """A StreamField value as its blocks describe it for the API."""
    return stream_value.stream_block.get_api_representation(stream_value, context)


def image_of(attribute):
    """Getter for an image foreign key, described with its renditions."""
    from core.blocks import image_api_representation

    def getter(instance, context):
        return image_api_representation(getattr(instance, attribute), context=context)

    return getter


def absolute_url(url, context):
    """`url` made absolute for API consumers (relative media URLs included)."""
    from wagtail.api.utils import get_full_url

    request = context.get("request")
    return get_full_url(request, url) if request is not None else url


def document_data(document, title, context):
    return {
        "id": document.pk,
        "title": title or document.title,
        "url": absolute_url(document.url, context),
        "file_extension": document.file_extension,
        "file_size": document.file_size,
    }


def editorial_body(attribute):
    """Getter for an EditorialStreamBlock field."""

    def getter(instance, context):
        return stream_representation(getattr(instance, attribute), context)

    return getter
