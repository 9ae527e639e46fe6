"""Admin menu items shared by several apps."""

from wagtail.admin.menu import MenuItem


class ComiteMenuItem(MenuItem):
    """A menu item only the comité éditorial (and administrators) sees."""

    def is_shown(self, request):
        from initiatives.permissions import is_comite

        return is_comite(request.user)
