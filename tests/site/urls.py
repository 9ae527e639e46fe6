"""The site's URLs plus a view that fails, to render the 500 page (tests only)."""

from django.urls import path

from cestpossible.urls import urlpatterns as site_urlpatterns

ERROR_PATH = "/_tests/erreur-serveur/"


def failing_view(request):
    raise RuntimeError("Erreur provoquée par les tests")


urlpatterns = [path(ERROR_PATH.strip("/") + "/", failing_view), *site_urlpatterns]
