"""Admin and rich-text wiring shared by every app."""

from wagtail import hooks

from .rich_text import PublicPageLinkHandler


@hooks.register("register_rich_text_features")
def public_page_links(features):
    """Page links in rich text only point at pages the public may see."""
    features.register_link_type(PublicPageLinkHandler)
