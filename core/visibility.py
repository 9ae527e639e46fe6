"""What the public may see: the one rule every surface applies to pages.

Pages, listings, search, the API, sitemaps, feeds and publications filter
anonymous reads through `public_pages`.
"""


def public_pages(queryset):
    """Restrict a page queryset to pages an anonymous visitor may see."""
    return queryset.live().public()
