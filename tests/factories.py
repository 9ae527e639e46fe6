"""Factories for the content model (factory-boy / wagtail-factories)."""

import factory
import wagtail_factories
from factory.django import DjangoModelFactory

from home.models import StandardPage
from initiatives.models import Axis, Centre, InitiativePage, Theme
from ressources.models import ResourcePage


def initiative_body(action="<p>Des habitant·e·s ont monté un atelier.</p>", **overrides):
    """Raw body data with the three required sections; pass None to leave one out."""
    sections = {
        "action": action,
        "situation": overrides.get(
            "situation", "<p>Le quartier manquait de lieux de rencontre.</p>"
        ),
        "impacts": overrides.get(
            "impacts",
            [{"audience": "habitants", "points": ["Une confiance retrouvée."]}],
        ),
    }
    return [{"type": name, "value": value} for name, value in sections.items() if value is not None]


class CentreFactory(DjangoModelFactory):
    class Meta:
        model = Centre

    name = factory.Sequence(lambda n: f"Centre social n°{n}")
    kind = "centre_social"
    city = "Amiens"
    postcode = "80080"
    departement = "Somme"
    departement_code = "80"
    region = "Hauts-de-France"
    territory_type = "urbain"


class AxisFactory(DjangoModelFactory):
    class Meta:
        model = Axis
        django_get_or_create = ("slug",)

    number = factory.Sequence(lambda n: n + 10)
    name = factory.Sequence(lambda n: f"Axe de test {n}")
    slug = factory.Sequence(lambda n: f"axe-{n}")


class ThemeFactory(DjangoModelFactory):
    class Meta:
        model = Theme
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Thème {n}")
    slug = factory.Sequence(lambda n: f"theme-{n}")


class InitiativePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = InitiativePage

    title = factory.Sequence(lambda n: f"Une initiative du quartier n°{n}")
    summary = "Des habitant·e·s se mobilisent pour leur quartier."
    centre = factory.SubFactory(CentreFactory)
    axis = factory.SubFactory(AxisFactory)
    year = 2019
    body = factory.LazyFunction(initiative_body)
    cover_image = None
    # A cover image needs its alternative text (InitiativePage.clean).
    cover_image_alt = factory.LazyAttribute(
        lambda sheet: sheet.cover_image.default_alt_text if sheet.cover_image else ""
    )


class ResourcePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = ResourcePage

    title = factory.Sequence(lambda n: f"Guide pratique n°{n}")
    summary = "Un guide pour les équipes des centres sociaux."
    resource_type = "guide"


class StandardPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = StandardPage

    title = factory.Sequence(lambda n: f"Page n°{n}")
