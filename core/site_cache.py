"""The Wagtail site of a request, and its home page, without three queries per request.

Wagtail looks the site up (one query), then its root page and that page's
specific row (two more) for every page it serves. `SiteMiddleware` keeps them
per process, keyed by host and by the content generation of core.page_cache,
which moves on at every publication and every change to a Site: a process
never serves a home page older than the last publication. Each request gets its
own copy of the objects.
"""

import copy
import threading

from .page_cache import generation

_memo = {}
_memo_generation = [None]
_lock = threading.Lock()


def site_for(request):
    """The request's Site with its specific root page, from the memo when it is current."""
    from wagtail.models import Site

    current = generation()
    if current is None:  # shared cache unreachable: Wagtail's own lookup
        return None
    key = (request._get_raw_host(), request.get_port())
    with _lock:
        if _memo_generation[0] != current:
            _memo.clear()
            _memo_generation[0] = current
        site = _memo.get(key)
    if site is None:
        site = Site._find_for_request(request)
        if site is None:
            return None
        site.root_page = site.root_page.specific
        with _lock:
            _memo[key] = site
    site = copy.copy(site)
    site.root_page = copy.copy(site.root_page)
    return site


class SiteMiddleware:
    """Sets `request._wagtail_site` (Wagtail's own per-request cache) from `site_for`."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Pages only: the API and the admin resolve their site as Wagtail does.
        if not request.path.startswith(("/static/", "/media/", "/api/", "/admin/")):
            site = site_for(request)
            if site is not None:
                request._wagtail_site = site
        return self.get_response(request)
