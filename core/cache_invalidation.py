"""What a change invalidates: the full-page cache (core.page_cache) and, when one is
configured, the CDN in front of the site (Wagtail's frontend cache).

A page published, unpublished, moved or deleted, a view restriction added to or
removed from a page, or a change to something pages show (centre, axis, theme,
image, document, site, redirect), moves the page cache's generation on. The CDN
is purged of the page's own URL (Wagtail does that on publication; this module on
a restriction) and of the pages that list it: its parent listing, the home page,
its theme pages and the feeds.
"""

from django.conf import settings
from django.db.models.signals import post_delete, post_save
from django.urls import reverse
from wagtail.signals import page_published, page_unpublished, post_page_move

from . import page_cache


def related_urls(page):
    """The public URLs that show `page` besides its own (for a CDN purge)."""
    urls = []
    parent = page.get_parent()
    if parent is not None and parent.depth > 1:
        urls.append(parent.specific.get_full_url())
    home = page.get_site().root_page if page.get_site() else None
    if home is not None:
        urls.append(home.get_full_url())
    root = home.get_full_url().rstrip("/") if home is not None else ""
    themes = getattr(page.specific, "themes", None)
    if themes is not None and root:
        urls += [root + reverse("theme_detail", args=[theme.slug]) for theme in themes.all()]
        urls += [
            root + reverse("theme_list"),
            root + reverse("feed_rss"),
            root + reverse("feed_atom"),
        ]
    return [url for url in urls if url]


def purge_cdn(page):
    if not getattr(settings, "WAGTAILFRONTENDCACHE", None):
        return
    from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache

    purge_urls_from_cache(related_urls(page))


def on_page_change(sender, instance, **kwargs):
    page_cache.invalidate(f"page {instance.pk}")
    purge_cdn(instance)


def on_content_change(sender, instance, **kwargs):
    page_cache.invalidate(f"{sender.__name__} {instance.pk}")


def on_restriction_change(sender, instance, **kwargs):
    """A page made private (or public again): no copy of it or of a listing showing it
    may outlive the change, in the page cache or at the CDN."""
    page_cache.invalidate(f"restriction of page {instance.page_id}")
    if getattr(settings, "WAGTAILFRONTENDCACHE", None):
        from wagtail.contrib.frontend_cache.utils import purge_page_from_cache
        from wagtail.models import Page

        page = Page.objects.filter(pk=instance.page_id).first()
        if page is not None:
            purge_page_from_cache(page)
            purge_cdn(page)


def connect():
    from django.apps import apps
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import Page, PageViewRestriction, Site

    page_published.connect(on_page_change, dispatch_uid="pagecache-published")
    page_unpublished.connect(on_page_change, dispatch_uid="pagecache-unpublished")
    post_page_move.connect(on_page_change, dispatch_uid="pagecache-moved")
    for model in apps.get_models():
        if issubclass(model, Page):
            post_delete.connect(
                on_content_change, sender=model, dispatch_uid=f"pagecache-{model._meta.label}"
            )
    shown = [
        "initiatives.Centre",
        "initiatives.Axis",
        "initiatives.Theme",
        "wagtailredirects.Redirect",
    ]
    for label in shown:
        model = apps.get_model(label)
        post_save.connect(on_content_change, sender=model, dispatch_uid=f"pagecache-save-{label}")
        post_delete.connect(on_content_change, sender=model, dispatch_uid=f"pagecache-del-{label}")
    for signal in (post_save, post_delete):
        signal.connect(
            on_restriction_change,
            sender=PageViewRestriction,
            dispatch_uid=f"pagecache-restriction-{signal is post_save}",
        )
    for model in (get_image_model(), get_document_model(), Site):
        label = model._meta.label
        post_save.connect(on_content_change, sender=model, dispatch_uid=f"pagecache-save-{label}")
        post_delete.connect(on_content_change, sender=model, dispatch_uid=f"pagecache-del-{label}")
