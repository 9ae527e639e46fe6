"""Admin areas the comité alone may open (see permissions.COMITE_ONLY_ADMIN_PATHS)."""

from django.core.exceptions import PermissionDenied

from .permissions import comite_only_admin_path, is_comite


class ComiteOnlyAdminAreasMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            comite_only_admin_path(request.path)
            and request.user.is_authenticated
            and not is_comite(request.user)
        ):
            raise PermissionDenied("Cet espace est réservé au comité éditorial.")
        return self.get_response(request)
