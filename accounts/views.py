"""'Mon compte' (public side) and the membership requests screen (admin side)."""

import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from initiatives.permissions import accepted_centre

from .export import export_user_data
from .forms import DeleteAccountForm
from .models import Membership
from .services import accept_membership, can_decide, pending_for, refuse_membership


@login_required
def account_home(request):
    """Mon compte: the membership's state and what the person can do with their account."""
    membership = getattr(request.user, "membership", None)
    return render(
        request,
        "accounts/home.html",
        {
            "membership": membership,
            "centre": accepted_centre(request.user),
            "can_access_admin": request.user.has_perm("wagtailadmin.access_admin"),
        },
    )


@login_required
def download_data(request):
    """Download my data, as JSON."""
    data = export_user_data(request.user)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json"
    )
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="mes-donnees-{stamp}.json"'
    return response


@login_required
def delete_account(request):
    """Delete my account after confirming the password; the centre keeps its sheets."""
    form = DeleteAccountForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        user.delete()
        messages.success(
            request, "Votre compte a été supprimé. Les fiches de votre centre restent en ligne."
        )
        return redirect("/")
    return render(request, "accounts/delete.html", {"form": form})


def membership_requests(request):
    """Admin screen: the pending requests this user may decide."""
    return render(
        request,
        "accounts/admin/membership_requests.html",
        {"requests": pending_for(request.user)},
    )


@require_POST
def decide_membership(request, pk, decision):
    """Accept or refuse one request (POST only), if this user may decide it."""
    if decision not in {"accepter", "refuser"}:
        raise Http404
    membership = get_object_or_404(Membership.objects.select_related("user", "centre"), pk=pk)
    if not can_decide(request.user, membership):
        raise PermissionDenied("Vous ne pouvez pas décider de cette demande.")
    if decision == "accepter":
        accept_membership(membership, request.user)
        messages.success(request, f"{membership.user.email} a rejoint {membership.centre.name}.")
    else:
        refuse_membership(membership, request.user)
        messages.success(request, f"La demande de {membership.user.email} a été refusée.")
    return redirect("membership_requests")
