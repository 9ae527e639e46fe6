"""The site's URLs, plus the benchmark's reference: a minimal Django view."""

from django.http import HttpResponse
from django.urls import include, path


def minimal(request):
    """The cheapest answer through the same middleware: the floor of a Django request."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/minimal/", minimal), path("", include("cestpossible.urls"))]
