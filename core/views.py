"""Site-wide views: the sitemap (an index and its sections) and robots.txt."""

from django.contrib.sitemaps import Sitemap
from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.cache import cache_page
from django.views.decorators.http import require_GET
from wagtail.contrib.sitemaps import Sitemap as WagtailSitemap
from wagtail.contrib.sitemaps.views import index as wagtail_sitemap_index
from wagtail.contrib.sitemaps.views import sitemap as wagtail_sitemap


class SiteViewsSitemap(Sitemap):
    """The public pages that are Django views, not Wagtail pages."""

    changefreq = "weekly"

    def items(self):
        return ["theme_list", "key_figures"]

    def location(self, item):
        return reverse(item)


class ThemeSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        from initiatives.models import Theme

        return Theme.objects.order_by("slug")

    def location(self, theme):
        return reverse("theme_detail", args=[theme.slug])


SITEMAPS = {"pages": WagtailSitemap, "vues": SiteViewsSitemap, "themes": ThemeSitemap}


@require_GET
@cache_page(60 * 15)
def sitemap(request):
    """The sitemap index: a sitemap per section, in pages of 50 000 addresses at most."""
    return wagtail_sitemap_index(request, SITEMAPS, sitemap_url_name="sitemap_section")


@require_GET
@cache_page(60 * 15)
def sitemap_section(request, section):
    """Every live public page (Wagtail's rule), the Django views, or the themes."""
    if section not in SITEMAPS:
        from django.http import Http404

        raise Http404("Section de plan du site inconnue.")
    return wagtail_sitemap(request, SITEMAPS, section=section)


@require_GET
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /compte/",
        "Disallow: /recherche/",
        "Disallow: /api/",
        "Disallow: /mesure/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
