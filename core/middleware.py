"""HTTP behaviour of the API (/api/): caching headers, ETags and the request context.

- Anonymous GETs answered 200 get `Cache-Control: public, max-age=API_CACHE_MAX_AGE`
  and an ETag; a matching `If-None-Match` gets `304 Not Modified`.
- Requests carrying a token (`Authorization`) are private: `Cache-Control: private,
  no-store`, since what they see depends on who asks.
- Views that set their own `Cache-Control` (previews: no-store) keep it.
- The current request is made available to typed API fields (core.api_fields).
- Input no endpoint can store or look up is refused up front with a 400 problem
  (NUL characters, offsets beyond any table, a malformed `site` filter), and a
  server error still answers in problem+json.
"""

import hashlib
import json
import re

from django.conf import settings
from django.utils.cache import get_conditional_response, patch_vary_headers

from .api_fields import reset_current_request, set_current_request

API_PREFIX = "/api/"
MAX_OFFSET = 10**9
SITE_FILTER = re.compile(r"^[A-Za-z0-9.-]+(:\d{1,5})?$")


def _contains_nul(value):
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_contains_nul(k) or _contains_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_contains_nul(item) for item in value)
    return False


def refused_input(request):
    """A French message when the request carries input no endpoint can handle, else None."""
    for key, values in request.GET.lists():
        if _contains_nul(key) or _contains_nul(values):
            return "Le caractère nul n'est pas autorisé dans les paramètres."
        if key in ("offset", "limit") and any(
            v.strip().isdigit() and int(v) > MAX_OFFSET for v in values
        ):
            return f"« {key} » ne peut pas dépasser {MAX_OFFSET}."
        if key == "site" and any(v and not SITE_FILTER.match(v) for v in values):
            return "« site » doit être un nom d'hôte, suivi éventuellement de « :port »."
    if request.method in ("POST", "PUT", "PATCH") and "json" in request.content_type:
        try:
            body = json.loads(request.body or b"null")
        except ValueError:
            return None  # the endpoint answers 422 for malformed JSON
        if _contains_nul(body):
            return "Le caractère nul n'est pas autorisé."
    return None


class APIHTTPMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(API_PREFIX):
            return self.get_response(request)
        from wagtail.api.v3.errors import problem_response

        if message := refused_input(request):
            response = problem_response(status=400, detail=message)
            return self.process_api_response(request, response)
        token = set_current_request(request)
        try:
            response = self.get_response(request)
        finally:
            reset_current_request(token)
        if response.status_code >= 500 and "problem+json" not in response.get("Content-Type", ""):
            # Django has logged the error; the client still gets the API's error format.
            response = problem_response(
                status=response.status_code, detail="Erreur interne : l'équipe a été prévenue."
            )
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
