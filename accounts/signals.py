"""Reactions to allauth events (wired in AccountsConfig.ready)."""

from django.utils import timezone

from .models import Membership
from .services import notify_membership_deciders


def on_email_confirmed(request, email_address, **kwargs):
    """Once the address is confirmed, tell the deciders about the pending request (once)."""
    membership = Membership.objects.filter(
        user_id=email_address.user_id, status=Membership.PENDING, notified_at__isnull=True
    ).first()
    if membership is None:
        return
    membership.notified_at = timezone.now()
    membership.save(update_fields=["notified_at"])
    notify_membership_deciders(membership)
