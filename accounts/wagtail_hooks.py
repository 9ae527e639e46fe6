"""Admin wiring for accounts: the membership requests screen and its menu item."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import views
from .services import has_pending_for


@hooks.register("register_admin_urls")
def register_membership_urls():
    return [
        path("adhesions/", views.membership_requests, name="membership_requests"),
        path(
            "adhesions/<int:pk>/<str:decision>/",
            views.decide_membership,
            name="membership_decide",
        ),
    ]


class MembershipMenuItem(MenuItem):
    def is_shown(self, request):
        return has_pending_for(request.user)


@hooks.register("register_admin_menu_item")
def register_membership_menu_item():
    return MembershipMenuItem(
        "Demandes d'adhésion", reverse("membership_requests"), icon_name="user", order=150
    )
