"""The sheet page's cached fragments: keyed on what they show, never stale, never a preview."""

import pytest
import wagtail_factories
from django.core.cache import cache
from django.core.cache.utils import make_template_fragment_key
from django.test import Client
from wagtail.models import Site

from initiatives.models import Axis, InitiativePage, Theme
from ressources.models import ResourceIndexPage
from tests.factories import ResourcePageFactory, initiative_body
from tests.site.helpers import make_sheets

pytestmark = pytest.mark.django_db


def fragment(html, name):
    """The markup of one cached fragment of a sheet page."""
    markers = {
        "entete": ('<header class="fiche-header', "</header>"),
        "corps": ('<div class="fiche-actions', '<p class="print-only">'),
    }
    start, end = markers[name]
    begin = html.index(start)
    return html[begin : html.index(end, begin)]


def test_fragments_are_cached_under_a_key_of_what_they_show(site_tree):
    """After a visit both fragments are in the cache, keyed on the page and on its stamp."""
    (sheet,) = make_sheets(1)
    Client().get(sheet.url)
    sheet = InitiativePage.objects.get(pk=sheet.pk)
    vary_on = [sheet.fragment_stamp(), sheet.cache_key, Site.objects.get().pk]
    header = cache.get(make_template_fragment_key("fiche-entete", vary_on))
    body = cache.get(make_template_fragment_key("fiche-corps", vary_on))
    assert header is not None and sheet.title in header
    assert body is not None and "Des habitant·e·s ont monté un atelier." in body


def test_cached_fragments_follow_publication(site_tree):
    """A published change to the story shows at once; a draft never does."""
    (sheet,) = make_sheets(1, body=initiative_body(action="<p>Un atelier d'origine.</p>"))
    client = Client()
    assert "Un atelier d'origine." in fragment(client.get(sheet.url).content.decode(), "corps")
    sheet.body = initiative_body(action="<p>Un atelier repensé.</p>")
    sheet.save_revision().publish()
    html = client.get(sheet.url).content.decode()
    assert "Un atelier repensé." in html and "Un atelier d'origine." not in html
    sheet.body = initiative_body(action="<p>Un atelier en brouillon.</p>")
    sheet.save_revision()
    html = client.get(sheet.url).content.decode()
    assert "Un atelier en brouillon." not in html and "Un atelier repensé." in html


def test_a_centre_change_shows_at_the_next_request(site_tree):
    """A centre's new town shows on its sheets at once, without republishing them."""
    (sheet,) = make_sheets(1)
    client = Client()
    assert "<dd>Amiens (Somme, Hauts-de-France)</dd>" in client.get(sheet.url).content.decode()
    centre = sheet.centre
    centre.city = "Abbeville"
    centre.save()
    html = client.get(sheet.url).content.decode()
    assert "<dd>Abbeville (Somme, Hauts-de-France)</dd>" in fragment(html, "entete")
    assert "Abbeville (80080)" in fragment(html, "corps")
    assert "Amiens (" not in html


def rename_theme(sheet):
    theme = sheet.themes.get()
    theme.name = "Cultures vivantes"
    theme.save()
    return ">Culture</a>", ">Cultures vivantes</a>"


def rename_axis(sheet):
    axis = sheet.axis
    old = axis.name
    axis.name = "Donner la parole aux habitant·e·s"
    axis.save()
    return f">{old}</a>", ">Donner la parole aux habitant·e·s</a>"


def replace_cover_file(sheet):
    image = sheet.cover_image
    old = image.get_rendition("max-960x960").url
    image.file = wagtail_factories.ImageFactory.build(file__color="red").file
    image.save()
    image.renditions.all().delete()  # what Wagtail's image editor does with a new file
    return old, image.get_rendition("max-960x960").url


@pytest.mark.parametrize(
    "change", [rename_theme, rename_axis, replace_cover_file], ids=["theme", "axis", "image"]
)
def test_a_theme_axis_or_image_change_shows_at_the_next_request(site_tree, change):
    """Renaming a theme or an axis, or replacing the cover's file, shows at once."""
    (sheet,) = make_sheets(1, Theme.objects.get(slug="culture"))
    client = Client()
    client.get(sheet.url)
    old, new = change(InitiativePage.objects.get(pk=sheet.pk))
    assert old != new
    html = client.get(sheet.url).content.decode()
    assert new in fragment(html, "entete") and old not in html


def test_a_linked_page_moving_shows_at_the_next_request(site_tree):
    """A link of the story to another page follows that page's new address."""
    resource = ResourcePageFactory(parent=ResourceIndexPage.objects.get(), slug="guide-jardin")
    resource.save_revision().publish()
    action = f'<p>Lire <a linktype="page" id="{resource.pk}">le guide</a>.</p>'
    (sheet,) = make_sheets(1, body=initiative_body(action=action))
    client = Client()
    assert 'href="/ressource/guide-jardin/"' in client.get(sheet.url).content.decode()
    resource.slug = "guide-du-jardin-partage"
    resource.save_revision().publish()
    html = client.get(sheet.url).content.decode()
    assert 'href="/ressource/guide-du-jardin-partage/"' in fragment(html, "corps")
    assert "/ressource/guide-jardin/" not in html


def test_unrelated_changes_keep_the_cached_fragments(site_tree):
    """Editing another centre, theme or axis leaves a sheet's stamp, hence its cache, as is."""
    (sheet,) = make_sheets(1, Theme.objects.get(slug="culture"))
    before = InitiativePage.objects.get(pk=sheet.pk).fragment_stamp()
    other_theme = Theme.objects.get(slug="solidarite")
    other_theme.name = "Entraide"
    other_theme.save()
    Axis.objects.filter(number=3).update(name="Autre intitulé")
    (other,) = make_sheets(1)
    other.centre.city = "Albert"
    other.centre.save()
    assert InitiativePage.objects.get(pk=sheet.pk).fragment_stamp() == before
    sheet.centre.city = "Albert"
    sheet.centre.save()
    assert InitiativePage.objects.get(pk=sheet.pk).fragment_stamp() != before


def test_a_preview_never_reaches_the_public_cache(site_tree):
    """An editor's preview of unsaved changes is not cached for the public page."""
    from django.contrib.auth.models import Group
    from django.urls import reverse

    from initiatives.permissions import COMITE_GROUP
    from tests.editorial import make_user, sheet_form_data

    (sheet,) = make_sheets(1)
    public = Client()
    public.get(sheet.url)  # the fragments are now cached
    editor = make_user("comite@example.org")
    editor.groups.add(Group.objects.get(name=COMITE_GROUP))
    client = Client()
    client.force_login(editor)
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[sheet.pk])
    data = sheet_form_data("Titre prévisualisé", sheet.slug, sheet.centre, sheet.axis)
    assert client.post(url, data).json()["is_valid"] is True
    assert "Titre prévisualisé" in client.get(url).content.decode()
    assert "Titre prévisualisé" not in public.get(sheet.url).content.decode()
    logged_in = client.get(sheet.url).content.decode()
    assert "Titre prévisualisé" not in logged_in
