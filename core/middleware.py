"""HTTP behaviour of the API (/api/): caching headers, ETags and the request context.

- Anonymous GETs answered 200 get `Cache-Control: public, max-age=API_CACHE_MAX_AGE`
  and an ETag; a matching `If-None-Match` gets `304 Not Modified`.
- Requests carrying a token (`Authorization`) are private: `Cache-Control: private,
  no-store`, since what they see depends on who asks.
- Views that set their own `Cache-Control` (previews: no-store) keep it.
- The current request is made available to typed API fields (core.api_fields).
"""

import hashlib

from django.conf import settings
from django.utils.cache import get_conditional_response, patch_vary_headers

from .api_fields import reset_current_request, set_current_request

API_PREFIX = "/api/"


class APIHTTPMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(API_PREFIX):
            return self.get_response(request)
        token = set_current_request(request)
        try:
            response = self.get_response(request)
        finally:
            reset_current_request(token)
        return self.process_api_response(request, response)

    def process_api_response(self, request, response):
        patch_vary_headers(response, ["Authorization", "Origin"])
        if request.headers.get("Authorization"):
            response.setdefault("Cache-Control", "private, no-store")
            return response
        if request.method not in ("GET", "HEAD") or response.status_code != 200:
            response.setdefault("Cache-Control", "no-store")
            return response
        if response.streaming:
            return response
        response.setdefault("Cache-Control", f"public, max-age={settings.API_CACHE_MAX_AGE}")
        if not response.has_header("ETag"):
            digest = hashlib.sha256(response.content).hexdigest()[:32]
            response["ETag"] = f'"{digest}"'
        conditional = get_conditional_response(request, etag=response["ETag"], response=response)
        return conditional if conditional is not None else response
