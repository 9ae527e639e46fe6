"""allauth adapter: where people land after logging in, and emails that never block."""

import logging

from allauth.account.adapter import DefaultAccountAdapter
from django.urls import reverse

logger = logging.getLogger(__name__)


class AccountAdapter(DefaultAccountAdapter):
    def get_login_redirect_url(self, request):
        """Contributors and the comité go to their space in the admin; others to "Mon compte"."""
        user = request.user
        if user.has_perm("wagtailadmin.access_admin"):
            return reverse("wagtailadmin_home")
        return reverse("accounts:home")

    def send_mail(self, template_prefix, email, context):
        """Send allauth's emails; a transport failure is logged, and the user can ask again."""
        try:
            super().send_mail(template_prefix, email, context)
        except Exception:  # noqa: BLE001 - never a 500 because an SMTP server is down
            logger.exception("Échec de l'envoi du courriel %s à %s", template_prefix, email)
