"""Full-page cache of the anonymous public pages, in the shared cache.

What is cached: GET and HEAD answers 200 to a visitor without a session,
message or authorisation, on public paths (not the admin, accounts, API,
search, beacon, media or static files), that set no cookie and used no CSRF
token. The key is the host, the path and the sorted query string; each entry
carries the *generation* it was made under, read with the current one in a
single round trip. Publishing, unpublishing, moving or deleting any page, or
saving what pages show (centres, axes, themes, images, documents, sites,
redirects), moves the generation on, so the next request for every page (the
sheet, its listing, its theme pages, the home page) is made again. Nothing is ever stored
for a preview (admin paths) or a logged-in view (sessions are not cached).

Every answer says what happened in `X-Cache`: HIT, MISS (made and stored) or
BYPASS (not cacheable). `PAGE_CACHE_SECONDS` (0 turns the cache off) bounds
how long a page is kept; Chiffres clés and other figures are at most that old.
"""

import logging
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import caches

logger = logging.getLogger(__name__)

GENERATION_KEY = "pagecache:generation"
EXCLUDED_PREFIXES = (
    "/admin/",
    "/compte/",
    "/api/",
    "/recherche/",
    "/mesure/",
    "/documents/",
    "/_util/",
    "/sante/",
    "/django-admin/",
)
KEPT_HEADERS = (
    "Content-Type",
    "Content-Language",
    "X-Frame-Options",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "Cross-Origin-Opener-Policy",
    "Link",
    "Vary",
)


def cache():
    return caches["default"]


def enabled():
    return getattr(settings, "PAGE_CACHE_SECONDS", 600) > 0


def generation():
    """The current content generation, or None when the shared cache cannot be reached.

    None means "cache nothing, read nothing": every caller (this middleware, the site
    memo, counts, browses, key figures) then works from the database, so an outage
    of the cache slows the site down but never breaks it.
    """
    try:
        value = cache().get(GENERATION_KEY)
        if value is None:
            cache().add(GENERATION_KEY, 1, None)
            # Still nothing: a cache that drops what it is given (Redis down with
            # IGNORE_EXCEPTIONS, as production configures it).
            value = cache().get(GENERATION_KEY)
        return value
    except Exception as error:  # noqa: BLE001 - any backend's connection error
        logger.warning("Cache partagé injoignable, pages servies sans cache : %s", error)
        return None


def invalidate(reason=""):
    """Every cached page is made again at its next request."""
    try:
        try:
            cache().incr(GENERATION_KEY)
        except ValueError:
            cache().set(GENERATION_KEY, 2, None)
    except Exception as error:  # noqa: BLE001 - any backend's connection error
        # Nothing is served from a cache that cannot be reached; when it comes back,
        # entries older than PAGE_CACHE_SECONDS are gone and the rest is stale at most that long.
        logger.error("Cache des pages non invalidé (%s), cache injoignable : %s", reason, error)
        return
    logger.debug("Cache des pages invalidé (%s)", reason)


def _excluded_path(path):
    static = settings.STATIC_URL or "/static/"
    media = settings.MEDIA_URL or "/media/"
    return path.startswith((*EXCLUDED_PREFIXES, static, media))


def request_is_cacheable(request):
    if request.method not in ("GET", "HEAD") or not enabled():
        return False
    if _excluded_path(request.path):
        return False
    cookies = request.COOKIES
    private = (settings.SESSION_COOKIE_NAME, "messages")
    if any(name in cookies for name in private):
        return False
    return "HTTP_AUTHORIZATION" not in request.META


def response_is_cacheable(request, response):
    if response.status_code != 200 or response.streaming:
        return False
    if response.cookies or request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False
    if request.META.get("CSRF_COOKIE_USED"):
        return False
    if getattr(request, "is_preview", False):
        return False
    user = getattr(request, "user", None)
    if user is not None and getattr(user, "is_authenticated", False):
        return False
    cache_control = response.get("Cache-Control", "")
    return "private" not in cache_control and "no-store" not in cache_control


def key(request):
    """The page's key; the generation it was made under is stored with it."""
    query = urlencode(sorted(request.GET.lists()), doseq=True)
    return f"pagecache:{request.get_host()}:{request.path}?{query}"


def lookup(cache_key):
    """(current generation, stored content and headers or None), in one cache round trip."""
    try:
        found = cache().get_many([GENERATION_KEY, cache_key])
    except Exception as error:  # noqa: BLE001 - any backend's connection error
        logger.warning("Cache partagé injoignable, page servie sans cache : %s", error)
        return None, None
    current = found.get(GENERATION_KEY)
    if current is None:
        return generation(), None
    stored = found.get(cache_key)
    if stored is None or stored[0] != current:
        return current, None
    return current, stored[1:]


class FullPageCacheMiddleware:
    """Serves anonymous public pages from the shared cache (see the module's docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request_is_cacheable(request):
            response = self.get_response(request)
            response["X-Cache"] = "BYPASS"
            return response
        cache_key = key(request)
        current, stored = lookup(cache_key)
        if stored is not None:
            return self._rebuild(stored)
        response = self.get_response(request)
        if current is not None and response_is_cacheable(request, response):
            self._store(cache_key, current, response)
            response["X-Cache"] = "MISS"
        else:
            response["X-Cache"] = "BYPASS"
        return response

    def _store(self, cache_key, made_under, response):
        if hasattr(response, "render") and not response.is_rendered:
            response.render()
        headers = {name: response[name] for name in KEPT_HEADERS if response.has_header(name)}
        seconds = getattr(settings, "PAGE_CACHE_SECONDS", 600)
        # Stored with the generation read before the page was made: a publication
        # while it was being made leaves it stale-marked, never served as current.
        try:
            cache().set(cache_key, (made_under, response.content, headers), seconds)
        except Exception as error:  # noqa: BLE001 - the page is served all the same
            logger.warning("Page non mise en cache, cache injoignable : %s", error)
        response["Cache-Control"] = public_cache_control()

    def _rebuild(self, stored):
        from django.http import HttpResponse

        content, headers = stored
        response = HttpResponse(content)
        for name, value in headers.items():
            response[name] = value
        response["Cache-Control"] = public_cache_control()
        response["X-Cache"] = "HIT"
        return response


def public_cache_control():
    """Browsers revalidate; shared caches (a CDN purged on publish) may keep the page."""
    shared = getattr(settings, "PAGE_CACHE_SHARED_MAX_AGE", 0)
    return f"public, max-age=0, s-maxage={shared}" if shared else "public, max-age=0"
