from django.conf import settings
from django.urls import include, path, re_path
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from cestpossible.api import not_found as api_not_found
from cestpossible.api import v2 as api_v2
from cestpossible.api import v3 as api_v3
from core import health
from core import views as core_views
from figures import views as figures_views
from initiatives import feeds as initiative_feeds
from initiatives import views as initiative_views
from search import views as search_views

urlpatterns = [
    # One way in: the admin's login page hands over to allauth's (verification,
    # rate limits and anti-enumeration apply to everybody).
    path(
        "admin/login/",
        RedirectView.as_view(pattern_name="account_login", query_string=True),
        name="wagtailadmin_login_redirect",
    ),
    # Wagtail's front-end login (for private pages) would be a second way in.
    path(
        "_util/login/",
        RedirectView.as_view(pattern_name="account_login", query_string=True),
        name="wagtailcore_login_redirect",
    ),
    # The roots of the API lead to its documentation page (OpenAPI, every route).
    path("api/", RedirectView.as_view(url="/api/v3/docs/"), name="api_root"),
    path("api/v3/", RedirectView.as_view(url="/api/v3/docs/")),
    path("api/v2/", RedirectView.as_view(url="/api/v3/docs/")),
    path("api/v3/", api_v3.urls),
    path("api/v2/", api_v2.urls),
    re_path(r"^api/", api_not_found),
    path("admin/", include(wagtailadmin_urls)),
    path("compte/", include("accounts.urls")),
    path("compte/", include("allauth.urls")),
    path("documents/", include(wagtaildocs_urls)),
    path("recherche/", search_views.search, name="search"),
    path("thematiques/", initiative_views.theme_list, name="theme_list"),
    path("thematiques/<slug:slug>/", initiative_views.theme_detail, name="theme_detail"),
    path(
        "thematiques/<slug:slug>/flux/rss/",
        initiative_feeds.LatestSheetsFeed(),
        name="theme_feed_rss",
    ),
    path(
        "thematiques/<slug:slug>/flux/atom/",
        initiative_feeds.LatestSheetsAtomFeed(),
        name="theme_feed_atom",
    ),
    path("flux/rss/", initiative_feeds.LatestSheetsFeed(), name="feed_rss"),
    path("flux/atom/", initiative_feeds.LatestSheetsAtomFeed(), name="feed_atom"),
    path("chiffres-cles/", figures_views.key_figures_page, name="key_figures"),
    path("mesure/", figures_views.beacon, name="audience_beacon"),
    path("sante/", health.health, name="health"),
    path("sitemap.xml", core_views.sitemap, name="sitemap"),
    path("sitemap-<slug:section>.xml", core_views.sitemap_section, name="sitemap_section"),
    path("robots.txt", core_views.robots_txt, name="robots_txt"),
    path("recherche/autocompletion/", search_views.autocomplete, name="search_autocomplete"),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]
