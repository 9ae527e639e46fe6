"""The site's root and its editorial pages.

Tree: HomePage sits at the root of the site; under it the sheets index
(/action/), the resources index (/ressource/) and StandardPages (à propos,
comment ça marche, mentions légales).
"""

from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from core.api_fields import typed_field
from core.api_schemas import EditorialItem, editorial_body
from core.blocks import RICH_TEXT_FEATURES, EditorialStreamBlock
from core.preview import HeadlessPreviewMixin


class HomePage(HeadlessPreviewMixin, Page):
    """The home page, root of the site: introduces the platform and its latest sheets."""

    intro = RichTextField("introduction", blank=True, features=RICH_TEXT_FEATURES)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]
    api_fields = [APIField("intro")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "initiatives.InitiativeIndexPage",
        "ressources.ResourceIndexPage",
        "home.StandardPage",
    ]
    max_count = 1

    class Meta:
        verbose_name = "page d'accueil"

    def get_context(self, request, *args, **kwargs):
        from core.visibility import public_pages
        from initiatives.models import InitiativePage

        context = super().get_context(request, *args, **kwargs)
        context["latest_initiatives"] = (
            public_pages(InitiativePage.objects.descendant_of(self))
            .select_related("centre")
            .order_by("-first_published_at")[:6]
        )
        return context


class StandardPage(HeadlessPreviewMixin, Page):
    """An editorial page (à propos, comment ça marche, mentions légales), under the home page."""

    intro = models.TextField("chapô", blank=True, max_length=500)
    body = StreamField(EditorialStreamBlock(), verbose_name="contenu", blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]
    api_fields = [
        APIField("intro"),
        APIField(
            "body",
            serializer=typed_field("EditorialBody", list[EditorialItem], editorial_body("body")),
        ),
    ]

    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = ["home.StandardPage"]

    class Meta:
        verbose_name = "page éditoriale"
