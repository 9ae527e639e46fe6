"""Idempotent writes for the site skeleton and the demo loader.

Each helper creates what is missing and updates what differs, and writes
nothing when the database already matches: running a loader twice changes
nothing (no new rows, no new revisions).
"""

from wagtail.models import Page


def strip_block_ids(data):
    """Normalise stored StreamField data for comparison: drop block ids and ListBlock wrappers."""
    if isinstance(data, list):
        return [strip_block_ids(item) for item in data]
    if isinstance(data, dict):
        if data.get("type") == "item" and set(data) <= {"type", "value", "id"}:
            return strip_block_ids(data["value"])
        return {key: strip_block_ids(value) for key, value in data.items() if key != "id"}
    return data


def stream_data(value):
    """The comparable content of a StreamValue (or of raw stream data)."""
    if hasattr(value, "get_prep_value"):
        value = value.get_prep_value()
    return strip_block_ids(list(value))


def sync_instance(model, lookup, values):
    """Create or update a plain model instance; return (instance, "created"|"updated"|None)."""
    instance = model.objects.filter(**lookup).first()
    if instance is None:
        instance = model(**lookup, **values)
        instance.full_clean()
        instance.save()
        return instance, "created"
    changed = {name for name, value in values.items() if getattr(instance, name) != value}
    if not changed:
        return instance, None
    for name in changed:
        setattr(instance, name, values[name])
    instance.full_clean()
    instance.save()
    return instance, "updated"


def _page_differs(page, values, stream_fields, tags):
    for name, value in values.items():
        if name in stream_fields:
            if stream_data(getattr(page, name)) != strip_block_ids(value):
                return True
        elif getattr(page, name) != value:
            return True
    for name, slugs in tags.items():
        if sorted(tag.slug for tag in getattr(page, name).all()) != sorted(slugs):
            return True
    return False


def sync_page(parent, page_class, slug, values, stream_fields=(), tags=None):
    """Create, or update and republish, a live child page of `parent` identified by its slug.

    `tags` maps a ClusterTaggableManager field to the tag objects it must hold.
    Returns (page, "created"|"updated"|None).
    """
    tags = tags or {}
    tag_slugs = {name: [tag.slug for tag in objs] for name, objs in tags.items()}
    existing = Page.objects.child_of(parent).filter(slug=slug).first()
    if existing is not None:
        page = existing.specific
        if not isinstance(page, page_class):
            raise ValueError(
                f"/{slug}/ sous « {parent.title} » existe déjà avec un autre type de page."
            )
        if (
            page.live
            and not page.has_unpublished_changes
            and not _page_differs(page, values, stream_fields, tag_slugs)
        ):
            return page, None
        status = "updated"
    else:
        page = page_class(slug=slug, live=False)
        status = "created"
    for name, value in values.items():
        setattr(page, name, value)
    for name, objs in tags.items():
        getattr(page, name).set(objs)
    # Page.save() and save_revision() run full_clean() themselves.
    if existing is None:
        parent.add_child(instance=page)
    page.save_revision().publish()
    return page, status
