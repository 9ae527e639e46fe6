"""API endpoints of the initiatives domain: themes, centres, and the contributor's
write operations on sheets (create and edit drafts, submit them to the comité).

Reads are public and show only what the public may see. Writes need a token
(`Authorization: Bearer …`) and go through Wagtail's page permissions (the
project's CentrePagePermissionPolicy) and the blocks' validation: a contributor
writes drafts for their own centre and submits them; nobody publishes here.
"""

import uuid
from typing import Literal

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.text import slugify
from ninja import Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate
from pydantic import Field
from wagtail import blocks
from wagtail.api.rich_text import APIRichText, RichTextFormatError
from wagtail.api.v3.auth import AllowAnonymous, BearerTokenAuth
from wagtail.api.v3.pagination import WagtailLimitOffsetPagination
from wagtail.coreutils import find_available_slug

from core.blocks import RICH_TEXT_FEATURES

from . import schemas
from .blocks import InitiativeBodyBlock
from .listing import public_sheet_ids, themes_with_counts
from .models import REGION_CHOICES, Axis, Centre, InitiativeIndexPage, InitiativePage, Theme
from .permissions import accepted_centre, is_comite

router = Router(tags=["annuaire"])
sheets_router = Router(tags=["contribution"], auth=BearerTokenAuth())

RegionName = Literal[tuple(name for name, _label in REGION_CHOICES)]  # type: ignore[valid-type]


# --- Reads ---------------------------------------------------------------------------


class ThemeWithCounts(schemas.ThemeOut):
    description: str
    sheets: int = Field(description="Fiches actions publiées sur cette thématique.")
    resources: int = Field(description="Fiches ressources publiées sur cette thématique.")


class CentreWithCount(schemas.CentreOut):
    sheets: int = Field(description="Fiches actions publiées du centre.")


class CentreFilters(Schema):
    region: RegionName | None = None
    territoire: schemas.TerritoryCode | None = None
    with_sheets: bool = Field(False, description="Seulement les centres ayant publié.")
    q: str = Field("", max_length=100, description="Partie du nom ou de la commune.")


@router.get(
    "/themes/",
    response=list[ThemeWithCounts],
    url_name="themes",
    summary="Thématiques et nombre de fiches",
    operation_id="themes_list",
    auth=[AllowAnonymous()],
)
def themes(request: HttpRequest):
    """Every theme, with its numbers of published sheets and resources."""
    queryset = themes_with_counts()
    return [
        {
            "slug": theme.slug,
            "name": theme.name,
            "description": theme.description,
            "sheets": theme.sheets,
            "resources": theme.resources,
        }
        for theme in queryset
    ]


def _centres_queryset(filters=None):
    queryset = Centre.objects.filter(is_validated=True).annotate(
        sheets=Count("initiatives", filter=Q(initiatives__in=public_sheet_ids()), distinct=True)
    )
    if filters is not None:
        if filters.region:
            queryset = queryset.filter(region=filters.region)
        if filters.territoire:
            queryset = queryset.filter(territory_type=filters.territoire)
        if filters.with_sheets:
            queryset = queryset.filter(sheets__gt=0)
        if filters.q.strip():
            term = filters.q.strip()
            queryset = queryset.filter(Q(name__icontains=term) | Q(city__icontains=term))
    return queryset.order_by("name", "pk")


class CentreRow(CentreWithCount):
    @staticmethod
    def resolve_kind_label(obj):
        return obj.get_kind_display()

    @staticmethod
    def resolve_territory_type_label(obj):
        return obj.get_territory_type_display()

    @staticmethod
    def resolve_latitude(obj):
        return float(obj.latitude) if obj.latitude is not None else None

    @staticmethod
    def resolve_longitude(obj):
        return float(obj.longitude) if obj.longitude is not None else None


@router.get(
    "/centres/",
    response=list[CentreRow],
    url_name="centres",
    summary="Centres et nombre de fiches publiées",
    operation_id="centres_list",
    auth=[AllowAnonymous()],
)
@paginate(WagtailLimitOffsetPagination)
def centres(request: HttpRequest, filters: CentreFilters = Query(...), **kwargs):  # noqa: B008
    """The directory's validated centres, with their numbers of published sheets."""
    return _centres_queryset(filters)


@router.get(
    "/centres/{centre_id}/",
    response=CentreRow,
    url_name="centre_detail",
    summary="Un centre",
    operation_id="centres_detail",
    auth=[AllowAnonymous()],
)
def centre_detail(request: HttpRequest, centre_id: int):
    return get_object_or_404(_centres_queryset(), pk=centre_id)


# --- Contributor writes ----------------------------------------------------------------


class RichTextIn(Schema):
    format: Literal["db_html", "db_markdown"] = "db_html"
    content: str = Field(max_length=50_000)


RichTextValue = str | RichTextIn


class ImpactIn(Schema):
    audience: schemas.AudienceCode
    points: list[str] = Field(min_length=1, max_length=30)


class SheetFields(Schema):
    title: str | None = Field(None, max_length=255)
    summary: str | None = Field(None, max_length=500)
    centre: int | None = Field(None, description="Par défaut, le centre du compte.")
    axis: str | None = Field(None, max_length=80, description="Slug de l'axe.")
    themes: list[str] | None = Field(None, max_length=20, description="Slugs des thématiques.")
    year: int | None = Field(None, ge=1, le=32767)
    territory_type: Literal["", "urbain", "rural"] | None = None
    video_url: str | None = Field(None, max_length=200)
    more_link: str | None = Field(None, max_length=200)
    cover_image_alt: str | None = Field(
        None, max_length=250, description="Texte alternatif de l'image de couverture."
    )
    action: RichTextValue | None = Field(None, description="L'action (texte riche).")
    situation: RichTextValue | None = Field(None, description="La situation de départ.")
    impacts: list[ImpactIn] | None = Field(None, max_length=5)


class SheetCreate(SheetFields):
    title: str = Field(max_length=255)
    summary: str = Field(max_length=500)
    axis: str = Field(max_length=80)
    year: int = Field(ge=1, le=32767)
    action: RichTextValue
    situation: RichTextValue
    impacts: list[ImpactIn] = Field(max_length=5)


class SheetStatus(Schema):
    id: int
    title: str
    slug: str
    status: Literal[
        "brouillon",
        "en_relecture",
        "modifications_demandees",
        "publiee",
        "publiee_avec_brouillon",
    ]
    status_label: str
    live: bool
    has_unpublished_changes: bool
    html_url: str | None
    detail_url: str
    admin_url: str


STATUS_LABELS = {
    "brouillon": "Brouillon",
    "en_relecture": "En relecture par le comité",
    "modifications_demandees": "Modifications demandées par le comité",
    "publiee": "Publiée",
    "publiee_avec_brouillon": "Publiée, modifications en brouillon",
}


def sheet_status(request, page):
    state = page.current_workflow_state
    if state is not None and state.status == state.STATUS_NEEDS_CHANGES:
        status = "modifications_demandees"
    elif page.workflow_in_progress:
        status = "en_relecture"
    elif page.live:
        status = "publiee_avec_brouillon" if page.has_unpublished_changes else "publiee"
    else:
        status = "brouillon"
    return {
        "id": page.pk,
        "title": page.draft_title or page.title,
        "slug": page.slug,
        "status": status,
        "status_label": STATUS_LABELS[status],
        "live": page.live,
        "has_unpublished_changes": page.has_unpublished_changes,
        "html_url": page.get_full_url(request) if page.live else None,
        "detail_url": request.build_absolute_uri(
            reverse("wagtailapi_v3:detail_page", kwargs={"page_id": page.pk})
        ),
        "admin_url": request.build_absolute_uri(reverse("wagtailadmin_pages:edit", args=[page.pk])),
    }


def _invalid(field, message):
    return DjangoValidationError({field: [message]})


def _rich_text(field, value):
    if isinstance(value, RichTextIn):
        value = {"format": value.format, "content": value.content}
    try:
        html, _removed = APIRichText.convert_input(value, features=RICH_TEXT_FEATURES)
    except RichTextFormatError as exc:
        raise _invalid(field, "Ce texte riche n'est pas lisible.") from exc
    return html


def _body(data, current=None):
    """The sheet's body: the guided sections from `data`, other blocks kept from `current`."""
    block = InitiativeBodyBlock()
    raw = list(current.get_prep_value()) if current is not None else []
    by_type = {item["type"]: item for item in raw}
    sections = []
    for name in ("action", "situation"):
        value = getattr(data, name)
        if value is not None:
            sections.append({"type": name, "value": _rich_text(name, value)})
        elif name in by_type:
            sections.append(by_type[name])
    if data.impacts:
        sections.append(
            {
                "type": "impacts",
                "value": [
                    {
                        "type": "item",
                        "id": str(uuid.uuid4()),
                        "value": {"audience": impact.audience, "points": impact.points},
                    }
                    for impact in data.impacts
                ],
            }
        )
    elif data.impacts is None and "impacts" in by_type:
        sections.append(by_type["impacts"])
    extras = [item for item in raw if item["type"] not in {"action", "situation", "impacts"}]
    items = sections + extras
    value = block.to_python(items)
    try:
        return block.clean(value)
    except blocks.StreamBlockValidationError as exc:
        raise BodyErrors(_block_messages(exc.as_json_data(), [], items)) from exc


class BodyErrors(Exception):
    """The body's block errors, each with its path (section, entry, field)."""

    def __init__(self, errors):
        super().__init__("body")
        self.errors = errors


def _block_messages(data, path, items=None):
    """(path, message) pairs of a block error's JSON data; stream indexes become names."""
    found = [(path, message) for message in data.get("messages", [])]
    for key, child in (data.get("blockErrors") or {}).items():
        step = key
        if items is not None and isinstance(key, int) and key < len(items):
            step = items[key]["type"]
        found += _block_messages(child, [*path, step])
    return found


def _apply(page, data, user):
    """Copy the given fields onto `page` (a sheet), validating references."""
    if data.title is not None:
        page.title = data.title.strip()
    if data.summary is not None:
        page.summary = data.summary
    if data.year is not None:
        page.year = data.year
    if data.territory_type is not None:
        page.territory_type = data.territory_type
    if data.video_url is not None:
        page.video_url = data.video_url
    if data.more_link is not None:
        page.more_link = data.more_link
    if data.cover_image_alt is not None:
        page.cover_image_alt = data.cover_image_alt
    if data.axis is not None:
        axis = Axis.objects.filter(slug=data.axis).first()
        if axis is None:
            raise _invalid("axis", f"L'axe « {data.axis} » n'existe pas.")
        page.axis = axis
    if data.centre is not None:
        page.centre = _writable_centre(user, data.centre)
    elif not page.centre_id:
        page.centre = _writable_centre(user, None)
    if data.themes is not None:
        slugs = list(dict.fromkeys(data.themes))
        themes = list(Theme.objects.filter(slug__in=slugs))
        unknown = sorted(set(slugs) - {theme.slug for theme in themes})
        if unknown:
            raise _invalid("themes", "Thématique inconnue : " + ", ".join(unknown) + ".")
        page.themes.set(themes)


def _writable_centre(user, centre_id):
    if is_comite(user):
        if centre_id is None:
            raise _invalid("centre", "Indiquez le centre qui porte l'action.")
        centre = Centre.objects.filter(pk=centre_id).first()
        if centre is None:
            raise _invalid("centre", "Ce centre n'existe pas.")
        return centre
    centre = accepted_centre(user)
    if centre is None:
        raise PermissionDenied("Votre compte n'est pas encore rattaché à un centre.")
    if centre_id is not None and centre_id != centre.pk:
        raise _invalid("centre", "Vous rédigez pour votre centre uniquement.")
    return centre


def _field_errors(exc):
    """A Django validation error as the API's 422 problem (field by field, in French)."""
    from ninja.errors import ValidationError as NinjaValidationError

    if isinstance(exc, BodyErrors):
        errors = [
            {"type": "invalid", "loc": ["body", *path], "msg": message}
            for path, message in exc.errors
        ]
    elif hasattr(exc, "error_dict"):
        errors = [
            {"type": "invalid", "loc": ["body", field], "msg": message}
            for field, messages in exc.message_dict.items()
            for message in messages
        ]
    else:
        errors = [{"type": "invalid", "loc": ["body"], "msg": m} for m in exc.messages]
    return NinjaValidationError(errors)


@sheets_router.post(
    "/",
    response={201: SheetStatus},
    url_name="sheet_create",
    summary="Créer une fiche action (brouillon)",
    operation_id="sheets_create",
)
def create_sheet(request: HttpRequest, data: SheetCreate):
    """Create a draft sheet for the token's centre; it stays a draft until submitted."""
    index = InitiativeIndexPage.objects.first()
    if index is None or not index.permissions_for_user(request.user).can_add_subpage():
        raise PermissionDenied("Vous ne pouvez pas créer de fiche action.")
    page = InitiativePage(live=False, owner=request.user)
    try:
        _apply(page, data, request.user)
        page.body = _body(data)
        page.slug = find_available_slug(index, slugify(page.title)[:80] or "fiche")
        with transaction.atomic():
            # Page.save() runs full_clean(): a refused sheet leaves nothing behind.
            index.add_child(instance=page)
            page.save_revision(user=request.user, log_action=True)
    except (DjangoValidationError, BodyErrors) as exc:
        raise _field_errors(exc) from exc
    page.refresh_from_db()
    return Status(201, sheet_status(request, page))


def _editable_sheet(request, page_id):
    page = InitiativePage.objects.filter(pk=page_id).first()
    # Somebody else's sheet does not exist, as far as this token knows: same answer.
    if page is None or not page.permissions_for_user(request.user).can_edit():
        raise Http404("Aucune fiche action ne correspond.")
    return page


@sheets_router.get(
    "/{page_id}/",
    response=SheetStatus,
    url_name="sheet_status",
    summary="État d'une fiche action",
    operation_id="sheets_status",
)
def get_sheet_status(request: HttpRequest, page_id: int):
    return sheet_status(request, _editable_sheet(request, page_id))


@sheets_router.patch(
    "/{page_id}/",
    response=SheetStatus,
    url_name="sheet_update",
    summary="Modifier le brouillon d'une fiche action",
    operation_id="sheets_update",
)
def update_sheet(request: HttpRequest, page_id: int, data: SheetFields):
    """Save a new draft revision; a published sheet stays as it is until approved."""
    page = _editable_sheet(request, page_id)
    if page.get_lock() is not None and page.get_lock().for_user(request.user):
        raise HttpError(409, "Cette fiche est verrouillée.")
    draft = page.get_latest_revision_as_object()
    try:
        _apply(draft, data, request.user)
        if any(getattr(data, name) is not None for name in ("action", "situation", "impacts")):
            draft.body = _body(data, draft.body)
        with transaction.atomic():
            # save_revision() runs full_clean() first.
            draft.save_revision(user=request.user, log_action=True)
    except (DjangoValidationError, BodyErrors) as exc:
        raise _field_errors(exc) from exc
    page.refresh_from_db()
    return sheet_status(request, page)


@sheets_router.post(
    "/{page_id}/submit/",
    response=SheetStatus,
    url_name="sheet_submit",
    summary="Soumettre une fiche action au comité éditorial",
    operation_id="sheets_submit",
)
def submit_sheet(request: HttpRequest, page_id: int):
    """Start the comité's workflow on the latest draft (what "Soumettre" does in the admin)."""
    page = _editable_sheet(request, page_id)
    state = page.current_workflow_state
    if state is not None and state.status == state.STATUS_NEEDS_CHANGES:
        # The comité asked for changes: resubmitting resumes the same workflow.
        with transaction.atomic():
            state.resume(request.user)
        page.refresh_from_db()
        return sheet_status(request, page)
    if page.workflow_in_progress:
        raise HttpError(409, "Cette fiche est déjà en relecture par le comité.")
    permissions = page.permissions_for_user(request.user)
    if not permissions.can_submit_for_moderation():
        raise HttpError(409, "Cette fiche ne peut pas être soumise pour l'instant.")
    workflow = page.get_workflow()
    if page.latest_revision is None:
        page.save_revision(user=request.user)
    with transaction.atomic():
        workflow.start(page, request.user)
    page.refresh_from_db()
    return sheet_status(request, page)
