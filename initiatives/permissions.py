"""Who may edit which sheet: the one home of that rule, expressed in Wagtail's own permissions.

A sheet belongs to its centre. Sheets sit flat under /action/, so a subtree
cannot carry a centre's rights; instead each centre has a Django group, and each
sheet grants that group Wagtail's "change" page permission on that one page
(GroupPagePermission). Contributors hold "add" on the sheets index, never
"publish": Wagtail then lets them create sheets, edit their centre's sheets,
delete them while never published, submit them to the workflow, and nothing else.
The comité éditorial holds every page permission on the site. Admin, API and
dashboard all go through Wagtail's permission tester (`page.permissions_for_user`).

Media follow the same pattern: each centre has a collection its group may add
to, change and choose from, and contributors may choose from a shared collection.
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import Q
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission
from wagtail.permission_policies.pages import PagePermissionPolicy

CONTRIBUTORS_GROUP = "Contributeurs"
COMITE_GROUP = "Comité éditorial"
SHARED_COLLECTION = "Médias partagés"
WORKFLOW_NAME = "Validation par le comité éditorial"
TASK_NAME = "Relecture par le comité éditorial"
WAGTAIL_SAMPLE_GROUPS = ["Editors", "Moderators"]

# Collection permissions a centre's group has on its own collection.
CENTRE_MEDIA_PERMISSIONS = [
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
]
SHARED_MEDIA_PERMISSIONS = [("wagtailimages", "choose_image"), ("wagtaildocs", "choose_document")]

# Page permissions: the comité's on the home page (so the whole site), contributors' on the index.
COMITE_PAGE_PERMISSIONS = ["add", "change", "publish", "delete", "lock", "unlock", "bulk_delete"]
CONTRIBUTOR_INDEX_PERMISSIONS = ["add"]
CENTRE_SHEET_PERMISSIONS = ["change"]


def _permission(app_label, codename):
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def _page_permission(action):
    return _permission("wagtailcore", f"{action}_page")


def is_comite(user):
    """True for administrators and members of the comité éditorial."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or user.groups.filter(name=COMITE_GROUP).exists()


def accepted_centre(user):
    """The centre a user acts for, once their membership is accepted; else None."""
    if not user.is_authenticated:
        return None
    membership = getattr(user, "membership", None)
    if membership is None or not membership.is_accepted:
        return None
    return membership.centre


def centre_group(centre):
    """The Django group of a centre's accepted accounts (created on first use)."""
    if centre.group_id:
        return centre.group
    name = f"Centre n°{centre.pk} — {centre.name}"[:150]
    group, _created = Group.objects.get_or_create(name=name)
    centre.group = group
    centre.save(update_fields=["group"])
    return group


def centre_collection(centre):
    """The media collection of a centre, where its accounts' uploads go (created on first use)."""
    if centre.collection_id:
        return centre.collection
    root = Collection.get_first_root_node()
    collection = root.add_child(name=f"{centre.name} ({centre.city})"[:255])
    centre.collection = collection
    centre.save(update_fields=["collection"])
    group = centre_group(centre)
    for app_label, codename in CENTRE_MEDIA_PERMISSIONS:
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=collection, permission=_permission(app_label, codename)
        )
    return collection


def shared_collection():
    """The collection every contributor may choose media from."""
    root = Collection.get_first_root_node()
    existing = root.get_children().filter(name=SHARED_COLLECTION).first()
    return existing or root.add_child(name=SHARED_COLLECTION)


@transaction.atomic
def grant_sheet_to_centre(page):
    """Give the centre group of the sheet "change" on this page, and no other centre's group."""
    group = centre_group(page.centre)
    wanted = [_page_permission(action) for action in CENTRE_SHEET_PERMISSIONS]
    # Wagtail lets a page's owner edit it with "add" on the parent: an owner who is
    # not an account of the sheet's (new) centre loses that.
    if page.owner_id and accepted_centre(page.owner) != page.centre and not is_comite(page.owner):
        type(page).objects.filter(pk=page.pk).update(owner=None)
        page.owner = None
    GroupPagePermission.objects.filter(page=page, group__centre__isnull=False).exclude(
        group=group
    ).delete()
    for permission in wanted:
        GroupPagePermission.objects.get_or_create(group=group, page=page, permission=permission)


@transaction.atomic
def ensure_editorial_permissions(home, initiatives_index):
    """Page and media permissions of the comité and the contributors (idempotent)."""
    comite = Group.objects.get(name=COMITE_GROUP)
    contributors = Group.objects.get(name=CONTRIBUTORS_GROUP)
    for action in COMITE_PAGE_PERMISSIONS:
        GroupPagePermission.objects.get_or_create(
            group=comite, page=home, permission=_page_permission(action)
        )
    for action in CONTRIBUTOR_INDEX_PERMISSIONS:
        GroupPagePermission.objects.get_or_create(
            group=contributors, page=initiatives_index, permission=_page_permission(action)
        )
    shared = shared_collection()
    # Wagtail's migrations give every admin group "choose" on the root collection,
    # which would open every centre's media to every contributor: only the shared one.
    GroupCollectionPermission.objects.filter(group=contributors).exclude(collection=shared).delete()
    for app_label, codename in SHARED_MEDIA_PERMISSIONS:
        GroupCollectionPermission.objects.get_or_create(
            group=contributors, collection=shared, permission=_permission(app_label, codename)
        )


def hide_other_centres_sheets(pages, user, drafts_only=False):
    """Filter an admin page listing or chooser for a contributor.

    Wagtail lists every child of a page a user may explore; this keeps other
    centres' sheets out of a contributor's explorer (`drafts_only=False`), and
    their never-published sheets out of choosers (`drafts_only=True`: linking to
    a published sheet stays possible).
    """
    if is_comite(user):
        return pages
    from .models import InitiativePage

    centre = accepted_centre(user)
    other_sheets = InitiativePage.objects.all()
    if centre is not None:
        other_sheets = other_sheets.filter(~Q(centre=centre))
    if drafts_only:
        other_sheets = other_sheets.filter(live=False)
    return pages.exclude(pk__in=other_sheets.values("pk"))


# Model permissions of the comité (directory, themes, axes, membership requests).
COMITE_MODEL_PERMISSIONS = [
    ("initiatives", action, model)
    for model in ("centre", "theme", "axis")
    for action in ("add", "change", "delete", "view")
] + [("accounts", action, "membership") for action in ("change", "view")]
API_TOKEN_PERMISSIONS = ["add_apitoken", "delete_apitoken", "view_apitoken"]
COMITE_ROOT_MEDIA_PERMISSIONS = [
    ("wagtailimages", f"{action}_image") for action in ("add", "change", "delete", "choose")
] + [("wagtaildocs", f"{action}_document") for action in ("add", "change", "delete", "choose")]


@transaction.atomic
def ensure_group_permissions():
    """Model and media permissions of the two editorial groups (idempotent)."""
    comite = Group.objects.get(name=COMITE_GROUP)
    contributors = Group.objects.get(name=CONTRIBUTORS_GROUP)
    # Wagtail's sample groups hold broad rights on the whole tree: drop them while unused.
    Group.objects.filter(name__in=WAGTAIL_SAMPLE_GROUPS, user__isnull=True).delete()
    access_admin = _permission("wagtailadmin", "access_admin")
    comite.permissions.add(access_admin)
    contributors.permissions.add(access_admin)
    for app_label, action, model in COMITE_MODEL_PERMISSIONS:
        comite.permissions.add(_permission(app_label, f"{action}_{model}"))
    # Everyone may hold API tokens of their own (for their tools; docs/api.md).
    for codename in API_TOKEN_PERMISSIONS:
        comite.permissions.add(_permission("wagtailcore", codename))
        contributors.permissions.add(_permission("wagtailcore", codename))
    root = Collection.get_first_root_node()
    for app_label, codename in COMITE_ROOT_MEDIA_PERMISSIONS:
        GroupCollectionPermission.objects.get_or_create(
            group=comite, collection=root, permission=_permission(app_label, codename)
        )


def attach_workflow(pages):
    """Make the comité's workflow the one of these pages (and replace Wagtail's default on root)."""
    from wagtail.models import Page, Workflow, WorkflowPage

    workflow = Workflow.objects.get(name=WORKFLOW_NAME)
    for page in [Page.get_first_root_node(), *pages]:
        WorkflowPage.objects.update_or_create(page=page, defaults={"workflow": workflow})


class CentrePagePermissionPolicy(PagePermissionPolicy):
    """Wagtail's page permission policy, with other centres' sheets out of a contributor's reach.

    Wagtail's admin search, its admin API and its reports list the pages a user
    may explore or act on through this policy: a contributor's never include
    other centres' sheets. Registered for Page in InitiativesConfig.ready.
    """

    def explorable_instances(self, user):
        return hide_other_centres_sheets(super().explorable_instances(user), user)

    def instances_user_has_any_permission_for(self, user, actions):
        pages = super().instances_user_has_any_permission_for(user, actions)
        return hide_other_centres_sheets(pages, user)


# Admin areas for the comité only: reports (site history, page types…), bulk
# actions and the page-type usage listing show page titles across centres.
COMITE_ONLY_ADMIN_PATHS = ("/admin/reports/", "/admin/bulk/", "/admin/pages/usage/")


def comite_only_admin_path(path):
    return path.startswith(COMITE_ONLY_ADMIN_PATHS)
