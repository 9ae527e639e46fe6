"""What the public may see: the one rule every surface applies to pages.

Pages, listings, search, the API, sitemaps, feeds and publications filter
anonymous reads through `public_pages`.
"""


def public_pages(queryset):
    """Restrict a page queryset to pages an anonymous visitor may see."""
    return queryset.live().public()


def visible_media(queryset):
    """Restrict an image or document queryset to media the public may see.

    A medium is public when a published, public page uses it (Wagtail's reference
    index records what each page's live content refers to) or when it sits in the
    shared collection; never when its collection has a view restriction. The photo
    of a draft, of a sheet awaiting approval or of a restricted page, and a centre's
    private uploads, stay out.
    """
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import CharField, Q
    from django.db.models.functions import Cast
    from wagtail.models import Collection, CollectionViewRestriction, Page, ReferenceIndex

    from initiatives.permissions import SHARED_COLLECTION

    model = queryset.model
    page_ids = public_pages(Page.objects.all()).annotate(key=Cast("pk", CharField())).values("key")
    used_ids = ReferenceIndex.objects.filter(
        base_content_type=ContentType.objects.get_for_model(Page),
        object_id__in=page_ids,
        to_content_type=ContentType.objects.get_for_model(model),
    ).values("to_object_id")
    shared = Collection.objects.filter(name=SHARED_COLLECTION, depth=2).first()
    rule = Q(pk__in=[])
    rule |= Q(**{"pk__in": _as_ids(used_ids)})
    if shared is not None:
        rule |= Q(collection__path__startswith=shared.path)
    restricted_paths = Collection.objects.filter(
        pk__in=CollectionViewRestriction.objects.values("collection")
    ).values_list("path", flat=True)
    queryset = queryset.filter(rule)
    for path in restricted_paths:
        queryset = queryset.exclude(collection__path__startswith=path)
    return queryset


def _as_ids(reference_ids):
    """The referenced objects' keys (text in the reference index) as integers."""
    from django.db.models import IntegerField
    from django.db.models.functions import Cast

    return reference_ids.annotate(as_int=Cast("to_object_id", IntegerField())).values("as_int")


def media_for_user(queryset, user):
    """Media an API caller may list: the public ones when anonymous, else the
    ones the account may choose or edit (Wagtail's collection permissions)."""
    if user is None or not user.is_authenticated:
        return visible_media(queryset)
    from wagtail.permissions import policy_registry

    policy = policy_registry.get_by_type(queryset.model)
    allowed = policy.instances_user_has_any_permission_for(user, ["choose", "change"])
    return queryset.filter(pk__in=allowed.values("pk"))
