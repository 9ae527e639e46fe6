"""Fiches ressources: guides, fresques, tools and studies that help centres act.

Tree: HomePage > ResourceIndexPage (slug "ressource") > ResourcePage.
Resources share the sheets' curated themes.
"""

from typing import Literal

from django.db import models
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from ninja import Schema
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from core.api_fields import typed_field
from core.api_schemas import DocumentOut, EditorialItem, document_data, editorial_body
from core.blocks import RICH_TEXT_FEATURES, EditorialStreamBlock
from core.pages import FixedSlugMixin
from core.preview import HeadlessPreviewMixin
from initiatives.schemas import ThemeOut, sheet_themes

INDEX_SLUG = "ressource"

RESOURCE_TYPE_CHOICES = [
    ("guide", "Guide"),
    ("fresque", "Fresque"),
    ("outil", "Outil"),
    ("etude", "Étude"),
    ("video", "Vidéo"),
    ("autre", "Autre"),
]


class ResourceTypeOut(Schema):
    code: Literal["guide", "fresque", "outil", "etude", "video", "autre"]
    label: str


def resource_type_data(page, context):
    return {"code": page.resource_type, "label": page.get_resource_type_display()}


def resource_documents(page, context):
    return [
        document_data(item.document, item.title, context)
        for item in page.documents.all()
        if item.document is not None
    ]


class ResourceTheme(TaggedItemBase):
    """Links a resource to one of the curated themes."""

    tag = models.ForeignKey(
        "initiatives.Theme", on_delete=models.CASCADE, related_name="resource_items"
    )
    content_object = ParentalKey(
        "ressources.ResourcePage", on_delete=models.CASCADE, related_name="theme_items"
    )


class ResourceIndexPage(FixedSlugMixin, HeadlessPreviewMixin, Page):
    """The resources listing, at /ressource/ (its slug must stay "ressource"); one per site."""

    intro = RichTextField("introduction", blank=True, features=RICH_TEXT_FEATURES)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]
    api_fields = [APIField("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["ressources.ResourcePage"]
    max_count = 1
    fixed_slug = INDEX_SLUG

    class Meta:
        verbose_name = "liste des fiches ressources"

    def get_context(self, request, *args, **kwargs):
        from core.visibility import public_pages

        context = super().get_context(request, *args, **kwargs)
        context["resources"] = (
            public_pages(ResourcePage.objects.child_of(self)).defer_streamfields().order_by("title")
        )
        return context


class ResourcePage(HeadlessPreviewMixin, Page):
    """A fiche ressource (guide, fresque, outil, étude…), under the ResourceIndexPage."""

    resource_type = models.CharField(
        "type de ressource", max_length=20, choices=RESOURCE_TYPE_CHOICES, default="guide"
    )
    summary = models.TextField(
        "résumé", max_length=500, help_text="En une ou deux phrases, ce que propose la ressource."
    )
    themes = ClusterTaggableManager("thématiques", through=ResourceTheme, blank=True)
    body = StreamField(EditorialStreamBlock(), verbose_name="contenu", blank=True)
    external_url = models.URLField(
        "lien externe",
        blank=True,
        help_text="Où trouver la ressource si elle est hébergée ailleurs.",
    )

    content_panels = Page.content_panels + [
        FieldPanel("resource_type"),
        FieldPanel("summary"),
        FieldPanel("themes"),
        FieldPanel("body"),
        InlinePanel("documents", label="Document", heading="Documents à télécharger"),
        FieldPanel("external_url"),
    ]

    search_fields = Page.search_fields + [
        index.SearchField("summary", boost=2),
        index.SearchField("body"),
        index.AutocompleteField("title"),
        index.FilterField("resource_type"),
        index.RelatedFields("themes", [index.SearchField("name")]),
        index.FilterField("theme_slugs"),
    ]

    api_fields = [
        APIField(
            "resource_type",
            serializer=typed_field("ResourceType", ResourceTypeOut, resource_type_data),
        ),
        APIField("summary"),
        APIField("themes", serializer=typed_field("Themes", list[ThemeOut], sheet_themes)),
        APIField(
            "body",
            serializer=typed_field("EditorialBody", list[EditorialItem], editorial_body("body")),
        ),
        APIField(
            "documents", serializer=typed_field("Documents", list[DocumentOut], resource_documents)
        ),
        APIField("external_url"),
    ]

    parent_page_types = ["ressources.ResourceIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "fiche ressource"
        verbose_name_plural = "fiches ressources"

    @property
    def theme_slugs(self):
        return [theme.slug for theme in self.themes.all()]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["json_ld"] = self.json_ld(request)
        return context

    def json_ld(self, request):
        """schema.org description of the resource and its documents, safe in a script element."""
        from wagtail.api.utils import get_full_url

        from home.structured_data import PUBLISHER, json_ld

        data = {
            "@type": "CreativeWork",
            "name": self.title,
            "headline": self.title,
            "description": self.summary,
            "genre": self.get_resource_type_display(),
            "inLanguage": "fr",
            "publisher": PUBLISHER,
            "about": [theme.name for theme in self.themes.all()],
        }
        if self.live:
            data["url"] = self.get_full_url(request)
        if self.first_published_at:
            data["datePublished"] = self.first_published_at.isoformat()
        if self.last_published_at:
            data["dateModified"] = self.last_published_at.isoformat()
        documents = [
            {
                "@type": "DigitalDocument",
                "name": item.display_title,
                "url": get_full_url(request, item.document.url),
                "encodingFormat": item.document.file_extension.lower(),
            }
            for item in self.documents.select_related("document")
            if item.document is not None
        ]
        if documents:
            data["hasPart"] = documents
        if self.external_url:
            data["sameAs"] = self.external_url
        return json_ld(data)


class ResourceDocument(Orderable):
    """A downloadable document attached to a resource (PDF, tableur…)."""

    page = ParentalKey(ResourcePage, on_delete=models.CASCADE, related_name="documents")
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name="document",
        on_delete=models.CASCADE,
        related_name="+",
    )
    title = models.CharField(
        "intitulé",
        max_length=200,
        blank=True,
        help_text="Laissez vide pour reprendre le titre du document.",
    )

    panels = [FieldPanel("document"), FieldPanel("title")]
    api_fields = [APIField("document"), APIField("title")]

    class Meta(Orderable.Meta):
        verbose_name = "document"
        verbose_name_plural = "documents"

    @property
    def display_title(self):
        return self.title or self.document.title
