"""A sheet's cover image needs its own alternative text: model, editor, page and API."""

import pytest
import wagtail_factories
from django.core.exceptions import ValidationError
from django.test import Client

from initiatives.models import InitiativeIndexPage, InitiativePage
from tests.editorial import edit_url, make_comite, sheet_form_data
from tests.factories import InitiativePageFactory
from tests.site.helpers import make_sheets

pytestmark = pytest.mark.django_db

MESSAGE = (
    "Décrivez l'image de couverture : le texte alternatif est obligatoire "
    "dès qu'une image est choisie."
)


@pytest.mark.parametrize("alt", ["", "   "])
def test_a_cover_image_without_alt_text_is_refused(site_tree, alt):
    """clean() refuses a cover image without alternative text, in French, on that field."""
    sheet = InitiativePageFactory.build(
        cover_image=wagtail_factories.ImageFactory(), cover_image_alt=alt
    )
    with pytest.raises(ValidationError) as error:
        sheet.clean()
    assert error.value.message_dict == {"cover_image_alt": [MESSAGE]}


def test_a_sheet_without_cover_image_needs_no_alt_text(site_tree):
    """No cover image, no alternative text needed; the text is trimmed when given."""
    InitiativePageFactory.build(cover_image=None, cover_image_alt="").clean()
    sheet = InitiativePageFactory.build(
        cover_image=wagtail_factories.ImageFactory(), cover_image_alt="  Un jardin.  "
    )
    sheet.clean()
    assert sheet.cover_image_alt == "Un jardin."


def test_the_editor_asks_for_the_alt_text_of_a_chosen_cover(site_tree):
    """Saving a sheet in the admin with a cover and no alternative text shows the error."""
    (sheet,) = make_sheets(1, with_image=False)
    client = Client()
    client.force_login(make_comite("comite@example.org"))
    image = wagtail_factories.ImageFactory(title="IMG_2041.jpg")
    data = sheet_form_data(sheet.title, sheet.slug, sheet.centre, sheet.axis)
    data.update({"cover_image": str(image.pk), "cover_image_alt": ""})
    response = client.post(edit_url(sheet), data)
    assert response.status_code == 200
    assert MESSAGE.replace("'", "&#x27;") in response.content.decode()
    assert InitiativePage.objects.get(pk=sheet.pk).cover_image_id is None
    data["cover_image_alt"] = "Des voisines devant les bacs du jardin."
    response = client.post(edit_url(sheet), data)
    assert response.status_code == 302
    sheet = InitiativePage.objects.get(pk=sheet.pk).get_latest_revision_as_object()
    assert sheet.cover_image_id == image.pk
    assert sheet.cover_image_alt == "Des voisines devant les bacs du jardin."


def test_page_and_api_use_the_sheets_alt_text_not_the_image_title(site_tree):
    """The sheet page and the API describe the cover with the sheet's text, never its title."""
    image = wagtail_factories.ImageFactory(title="IMG_2041.jpg")
    sheet = InitiativePageFactory(
        parent=InitiativeIndexPage.objects.get(),
        cover_image=image,
        cover_image_alt="Des voisines devant les bacs du jardin.",
    )
    sheet.save_revision().publish()
    alt = "Des voisines devant les bacs du jardin."
    html = Client().get(sheet.url).content.decode()
    assert f'<figure><img alt="{alt}"' in html and 'alt="IMG_2041.jpg"' not in html
    assert f'<meta property="og:image:alt" content="{alt}">' in html
    for url in (f"/api/v3/pages/{sheet.pk}/", f"/api/v2/pages/{sheet.pk}/"):
        cover = Client().get(url).json()["cover_image"]
        assert cover["alt"] == alt, url
