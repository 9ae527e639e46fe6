"""The content model of fiches actions: tree rules, guided structure, validation."""

import pytest
from django.core.exceptions import ValidationError
from wagtail import blocks
from wagtail.models import Page

from home.models import HomePage, StandardPage
from initiatives.blocks import InitiativeBodyBlock
from initiatives.models import InitiativeIndexPage, InitiativePage
from ressources.models import ResourceIndexPage, ResourcePage
from tests.factories import CentreFactory, InitiativePageFactory, ThemeFactory, initiative_body

pytestmark = pytest.mark.django_db


def clean_body(raw):
    block = InitiativeBodyBlock()
    return block.clean(block.to_python(raw))


def error_messages(exc):
    """Every message of a (nested) block validation error, flattened."""
    messages = [str(message) for message in getattr(exc, "non_block_errors", [])]
    for error in getattr(exc, "block_errors", {}).values():
        messages += error_messages(error)
    if not messages and hasattr(exc, "messages"):
        messages = list(exc.messages)
    return messages


def test_sheet_parents_are_restricted(site_tree):
    """A sheet can only be created under the sheets index, the index only under home."""
    index = InitiativeIndexPage.objects.get()
    assert InitiativePage.can_create_at(index)
    assert not InitiativePage.can_create_at(site_tree)
    assert not InitiativePage.can_create_at(ResourceIndexPage.objects.get())
    assert not ResourcePage.can_create_at(index)
    assert InitiativePage.allowed_subpage_models() == []


def test_indexes_and_home_are_unique(site_tree):
    """Home and both indexes exist once: a second one cannot be created."""
    assert not InitiativeIndexPage.can_create_at(site_tree)
    assert not ResourceIndexPage.can_create_at(site_tree)
    assert not HomePage.can_create_at(Page.get_first_root_node())
    assert StandardPage.can_create_at(site_tree)


def test_index_slug_is_fixed(site_tree):
    """The sheets index must keep the slug "action" so URLs stay /action/<slug>/."""
    index = InitiativeIndexPage.objects.get()
    index.slug = "initiatives"
    with pytest.raises(ValidationError) as excinfo:
        index.full_clean()
    assert "action" in str(excinfo.value)


def test_sheet_url_is_under_action(site_tree):
    """A sheet is served at /action/<slug>/."""
    index = InitiativeIndexPage.objects.get()
    page = InitiativePageFactory(parent=index, slug="repair-cafe")
    assert page.url == "/action/repair-cafe/"


def test_complete_body_is_valid():
    """The three guided sections make a valid body."""
    cleaned = clean_body(initiative_body())
    assert [child.block_type for child in cleaned] == ["action", "situation", "impacts"]


def test_body_without_action_is_refused_in_french():
    """A sheet without "L'action" is refused with a clear French message."""
    with pytest.raises(blocks.StreamBlockValidationError) as excinfo:
        clean_body(initiative_body(action=None))
    assert any("« L'action »" in message for message in error_messages(excinfo.value))


def test_body_without_impacts_is_refused_in_french():
    """A sheet without "Les impacts" is refused with a clear French message."""
    with pytest.raises(blocks.StreamBlockValidationError) as excinfo:
        clean_body(initiative_body(impacts=None))
    assert any("« Les impacts »" in message for message in error_messages(excinfo.value))


def test_empty_impacts_list_is_refused():
    """ "Les impacts" needs at least one audience with at least one point."""
    with pytest.raises(ValidationError):
        clean_body(initiative_body(impacts=[]))
    with pytest.raises(ValidationError) as excinfo:
        clean_body(initiative_body(impacts=[{"audience": "centre", "points": ["  "]}]))
    assert "Champ requis." in error_messages(excinfo.value)


def test_section_twice_is_refused():
    """A guided section cannot appear twice."""
    raw = initiative_body() + [{"type": "action", "value": "<p>Encore.</p>"}]
    with pytest.raises(blocks.StreamBlockValidationError):
        clean_body(raw)


def test_same_audience_twice_is_refused():
    """Each audience appears once in "Les impacts", with a message naming it."""
    impacts = [
        {"audience": "centre", "points": ["Un."]},
        {"audience": "centre", "points": ["Deux."]},
    ]
    with pytest.raises(ValidationError) as excinfo:
        clean_body(initiative_body(impacts=impacts))
    assert any("Sur le centre" in message for message in error_messages(excinfo.value))


def test_territory_type_defaults_to_centre(site_tree):
    """A sheet without territory type takes its centre's (the urban/rural split)."""
    centre = CentreFactory(territory_type="rural")
    page = InitiativePageFactory(
        parent=InitiativeIndexPage.objects.get(), centre=centre, territory_type=""
    )
    page.refresh_from_db()
    assert page.territory_type == "rural"


def test_future_year_is_refused(site_tree):
    """The year cannot be in the future."""
    page = InitiativePageFactory.build(year=2999)
    with pytest.raises(ValidationError) as excinfo:
        page.clean()
    assert "futur" in str(excinfo.value)


def test_themes_are_curated():
    """Themes are a curated list: the tag widget does not create new ones."""
    from initiatives.models import Theme

    assert Theme.free_tagging is False
    theme = ThemeFactory(name="Culture", slug="culture")
    assert str(theme) == "Culture"


def test_impacts_api_shape_is_grouped_by_audience():
    """The impacts block exposes audience, French label and points, in audience order."""
    block = InitiativeBodyBlock()
    value = block.to_python(
        initiative_body(
            impacts=[
                {"audience": "partenaires", "points": ["Plus de dialogue."]},
                {"audience": "habitants", "points": ["Plus de confiance."]},
            ]
        )
    )
    impacts = next(child for child in value if child.block_type == "impacts")
    api = impacts.block.get_api_representation(impacts.value)
    assert [item["audience"] for item in api] == ["habitants", "partenaires"]
    assert api[0]["audience_label"] == "Sur les habitant·e·s impliqué·e·s"
    assert api[1]["points"] == ["Plus de dialogue."]
