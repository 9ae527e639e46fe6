"""Blocks of a publication: chapters holding chosen sheets and the quotes between them."""

from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock

from core.blocks import RICH_TEXT_FEATURES, QuoteBlock


class SheetChoiceBlock(blocks.PageChooserBlock):
    """One fiche action of the publication, chosen among the sheets (page chooser)."""

    def __init__(self, **kwargs):
        super().__init__(page_type="initiatives.InitiativePage", **kwargs)

    def get_api_representation(self, value, context=None):
        if value is None:
            return None
        return {"id": value.pk, "title": value.title}

    class Meta:
        icon = "doc-full"
        label = "Fiche action"
        help_text = "Une fiche publiée ; une fiche retirée du site est laissée de côté."


class ChapterItemsBlock(blocks.StreamBlock):
    """The chapter's sheets, in order, with quotes placed between them."""

    sheet = SheetChoiceBlock()
    quote = QuoteBlock()

    class Meta:
        icon = "list-ol"
        label = "Fiches et citations"
        min_num = 1
        block_counts = {"sheet": {"min_num": 1}}


class ChapterBlock(blocks.StructBlock):
    """A chapter of the publication (usually one per axis): title, introduction, sheets."""

    title = blocks.CharBlock(label="Titre du chapitre", max_length=200)
    axis = SnippetChooserBlock(
        "initiatives.Axis",
        label="Axe",
        required=False,
        help_text="L'axe dont le chapitre présente les fiches (facultatif).",
    )
    introduction = blocks.RichTextBlock(
        label="Introduction", features=RICH_TEXT_FEATURES, required=False
    )
    items = ChapterItemsBlock(label="Fiches et citations")

    def get_api_representation(self, value, context=None):
        return {
            "title": value["title"],
            "axis": value["axis"].slug if value.get("axis") else None,
            "introduction": value["introduction"].source if value.get("introduction") else "",
            "items": [
                {"type": item.block_type, "value": item.block.get_api_representation(item.value)}
                for item in value["items"]
            ],
        }

    class Meta:
        icon = "folder-open-inverse"
        label = "Chapitre"
        help_text = "Un chapitre : son titre, son introduction, puis ses fiches dans l'ordre."
        preview_value = {
            "title": "Accorder une plus grande place à la parole des habitant·e·s",
            "introduction": "<p>Aller vers les habitant·e·s, hors les murs du centre.</p>",
            "items": [],
        }


class PublicationBodyBlock(blocks.StreamBlock):
    """The chapters of a publication, in order."""

    chapter = ChapterBlock()

    class Meta:
        icon = "folder-open-inverse"
        label = "Chapitres"
        min_num = 1
