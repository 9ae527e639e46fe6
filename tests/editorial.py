"""Helpers for the editorial tests: accounts in each role, and admin form posts."""

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from accounts.models import Membership
from accounts.services import accept_membership
from initiatives.permissions import COMITE_GROUP

PASSWORD = "un-mot-de-passe-solide-42"


def make_user(email, verified=True, **extra):
    user = get_user_model().objects.create_user(email, PASSWORD, **extra)
    EmailAddress.objects.create(user=user, email=email, verified=verified, primary=True)
    return user


def make_contributor(email, centre):
    user = make_user(email)
    membership = Membership.objects.create(user=user, centre=centre)
    accept_membership(membership, None, notify=False)
    return user


def make_pending(email, centre, verified=True):
    """A pending request; once the address is confirmed, its deciders have been told."""
    user = make_user(email, verified=verified)
    Membership.objects.create(
        user=user, centre=centre, notified_at=timezone.now() if verified else None
    )
    return user


def make_comite(email):
    user = make_user(email)
    user.groups.add(Group.objects.get(name=COMITE_GROUP))
    return user


def make_admin(email):
    user = make_user(email, is_staff=True, is_superuser=True)
    return user


def impacts_form_data(audience, point):
    return {
        "count": "1",
        "0": {
            "type": "item",
            "value": {
                "audience": audience,
                "points": {"count": "1", "0": {"value": point, "deleted": "", "order": "0"}},
            },
            "deleted": "",
            "order": "0",
        },
    }


def complete_sections(action="<p>Les habitant·e·s ont planté des carrés potagers.</p>"):
    sections = []
    if action is not None:
        sections.append(("action", rich_text(action)))
    sections += [
        ("situation", rich_text("<p>Un quartier sans espace vert.</p>")),
        ("impacts", impacts_form_data("territoire", "Un square plus vivant.")),
    ]
    return sections


def sheet_form_data(title, slug, centre, axis, sections=None, **actions):
    """POST data of the sheet editor (create or edit); `actions` e.g. {"action-submit": "1"}."""
    data = nested_form_data(
        {
            "title": title,
            "slug": slug,
            "summary": "Des voisin·e·s cultivent ensemble.",
            "centre": str(centre.pk),
            "axis": str(axis.pk),
            "year": "2020",
            "themes": "",
            "territory_type": "",
            "video_url": "",
            "more_link": "",
            "body": streamfield(sections if sections is not None else complete_sections()),
            "gallery_images": inline_formset([]),
            "comments": inline_formset([]),
        }
    )
    data.update(actions)
    return data


def add_sheet_url(index):
    return reverse("wagtailadmin_pages:add", args=("initiatives", "initiativepage", index.pk))


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=(page.pk,))


def explorer_url(page):
    return reverse("wagtailadmin_explore", args=(page.pk,))


def reload(page):
    return Page.objects.get(pk=page.pk).specific
