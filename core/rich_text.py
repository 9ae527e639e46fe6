"""Rich-text links to pages, shown only when the public may follow them.

A published text may link to a page that is a draft, awaits approval, is
restricted or has been unpublished since: Wagtail's own handler would print its
URL, which is built from its title. This handler (registered in
core.wagtail_hooks, replacing Wagtail's "page" link type) prints the link only
for a live, public page; otherwise the words stay, without a link.
"""

from wagtail.rich_text.pages import PageLinkHandler


class PublicPageLinkHandler(PageLinkHandler):
    @classmethod
    def get_many(cls, attrs_list):
        from wagtail.models import Page

        from .visibility import public_pages

        ids = [attrs.get("id") for attrs in attrs_list]
        pages = public_pages(Page.objects.filter(id__in=[i for i in ids if i and str(i).isdigit()]))
        by_id = {str(page.id): page for page in pages.defer_streamfields().specific()}
        return [by_id.get(str(id_)) for id_ in ids]
