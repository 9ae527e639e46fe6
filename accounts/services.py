"""Centre membership: who decides a request, accepting or refusing it, and who is told.

Rule: an account asking to join a centre that already has accepted members may be
accepted by one of those members or by the comité; the first account of a
centre, and any proposed new centre, are decided by the comité only.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from initiatives.permissions import (
    COMITE_GROUP,
    CONTRIBUTORS_GROUP,
    accepted_centre,
    centre_collection,
    centre_group,
    is_comite,
)

from .emails import absolute_url, send_templated_email
from .models import Membership


def comite_members():
    return get_user_model().objects.filter(groups__name=COMITE_GROUP, is_active=True)


def centre_members(centre, exclude=None):
    """Accepted, active accounts of a centre."""
    users = get_user_model().objects.filter(
        membership__centre=centre, membership__status=Membership.ACCEPTED, is_active=True
    )
    if exclude is not None:
        users = users.exclude(pk=exclude.pk)
    return users


def comite_only(membership):
    """True when only the comité may decide: first account of a centre, or a proposed centre."""
    centre = membership.centre
    return not centre.is_validated or not centre_members(centre, exclude=membership.user).exists()


def can_decide(user, membership):
    """May `user` accept or refuse this membership request?"""
    if not membership.is_pending or user.pk == membership.user_id:
        return False
    if is_comite(user):
        return True
    return not comite_only(membership) and accepted_centre(user) == membership.centre


def pending_for(user):
    """The pending requests `user` may decide (those whose address is confirmed)."""
    pending = Membership.objects.filter(
        status=Membership.PENDING, notified_at__isnull=False
    ).select_related("user", "centre")
    if is_comite(user):
        return pending
    centre = accepted_centre(user)
    if centre is None:
        return pending.none()
    return [m for m in pending.filter(centre=centre) if can_decide(user, m)]


def notify_membership_deciders(membership):
    """Email the people who may decide a new (confirmed) request."""
    recipients = [u.email for u in comite_members()]
    if not comite_only(membership):
        recipients += [u.email for u in centre_members(membership.centre, exclude=membership.user)]
    return send_templated_email(
        "membership_requested",
        recipients,
        {
            "membership": membership,
            "centre": membership.centre,
            "requester": membership.user,
            "new_centre": not membership.centre.is_validated,
            "decide_url": absolute_url(reverse("membership_requests")),
        },
    )


def _decide(membership, status, decided_by):
    membership.status = status
    membership.decided_by = decided_by
    membership.decided_at = timezone.now()
    membership.save()


def has_pending_for(user):
    """Whether `user` has requests to decide (for the admin menu: cheap for the comité)."""
    if is_comite(user):
        return Membership.objects.filter(
            status=Membership.PENDING, notified_at__isnull=False
        ).exists()
    return bool(pending_for(user))


@transaction.atomic
def accept_membership(membership, decided_by, notify=True):
    """Accept a request: the account joins the contributors and its centre's group."""
    _decide(membership, Membership.ACCEPTED, decided_by)
    centre = membership.centre
    if not centre.is_validated:
        centre.is_validated = True
        centre.save(update_fields=["is_validated"])
    user = membership.user
    user.groups.add(Group.objects.get(name=CONTRIBUTORS_GROUP), centre_group(centre))
    centre_collection(centre)
    if not notify:
        return
    send_templated_email(
        "membership_accepted",
        [user.email],
        {
            "membership": membership,
            "centre": centre,
            "space_url": absolute_url(reverse("wagtailadmin_home")),
        },
    )


@transaction.atomic
def refuse_membership(membership, decided_by):
    """Refuse a request; the account keeps no access and is told by email."""
    _decide(membership, Membership.REFUSED, decided_by)
    send_templated_email(
        "membership_refused",
        [membership.user.email],
        {"membership": membership, "centre": membership.centre},
    )
