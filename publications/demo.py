"""The demo publication: the 2019 booklet recomposed from the nine demo sheets.

Its édito and conclusion come from the demo data (home/demo/publication_2019.json,
in our own words); one chapter per axis, in the axes' order, with the sheets of
that axis and the quotes they carry placed after them. Idempotent (core.sync).
"""

from core.sync import sync_page
from initiatives.models import Axis, InitiativePage

SLUG = "cest-possible-2019"
TITLE = "C'est possible ! Des centres sociaux qui changent leurs territoires"
CONTRIBUTE = [
    "Créez un compte : sur la plateforme, choisissez « Se connecter » puis « Créer un compte », "
    "et confirmez votre adresse grâce au lien reçu par courriel. Vous rejoignez la communauté !",
    "Accédez à votre espace personnel : une fois votre adhésion au centre acceptée, « Mon espace » "
    "vous propose d'écrire une nouvelle action en lien avec le pouvoir d'agir des habitant·e·s.",
    "Racontez votre action en suivant le guide : l'action, la situation de départ, les impacts, "
    "puis ajoutez une ou plusieurs photos et, si vous le souhaitez, une courte vidéo. Le comité "
    "éditorial la relit avant sa mise en ligne.",
]
CONTACTS = [
    "L'équipe de la plateforme vous accompagne : cestpossible.me@centres-sociaux.fr.",
    "Fédération des centres sociaux et socioculturels de France (FCSF).",
]
BACK_COVER = [
    "La plateforme des initiatives des centres sociaux qui apportent du changement "
    "dans les territoires."
]


def _paragraphs(texts):
    from html import escape

    return "".join(f"<p>{escape(text, quote=False)}</p>" for text in texts)


def chapters_data(sheets_data):
    """Raw StreamField data: a chapter per axis, its sheets in order, quotes after them."""
    pages = {
        page.slug: page
        for page in InitiativePage.objects.filter(slug__in=[sheet["slug"] for sheet in sheets_data])
    }
    chapters = []
    for axis in Axis.objects.order_by("number"):
        items = []
        for sheet in sheets_data:
            page = pages.get(sheet["slug"])
            if sheet["axis"] != axis.slug or page is None:
                continue
            items.append({"type": "sheet", "value": page.pk})
            if sheet.get("quote"):
                items.append({"type": "quote", "value": dict(sheet["quote"])})
        if items:
            chapters.append(
                {
                    "type": "chapter",
                    "value": {
                        "title": axis.name,
                        "axis": axis.pk,
                        "introduction": axis.introduction,
                        "items": items,
                    },
                }
            )
    return chapters


def load_publication(home, data):
    """Create or update the demo publication (and the publications index); the change status."""
    from home.site_structure import ensure_publication_index

    from .models import PublicationPage

    index, _created = ensure_publication_index(home)
    edito, conclusion = data["edito"], data["conclusion"]
    figures = data["key_figures_2019"]
    _page, status = sync_page(
        index,
        PublicationPage,
        SLUG,
        {
            "title": TITLE,
            "subtitle": (
                f"Neuf initiatives de la plateforme, {figures['visits_period']} : "
                "parole des habitant·e·s, action collective, solutions alternatives."
            ),
            "edito": _paragraphs(edito["text"]),
            "edito_signature": edito["signature"],
            "edito_signature_role": edito["signature_role"],
            "chapters": chapters_data(data["initiatives"]),
            "figures_mode": "frozen",
            "conclusion": _paragraphs(conclusion["text"]),
            "conclusion_signature": conclusion["signature"],
            "conclusion_signature_role": conclusion["signature_role"],
            "contribute": _paragraphs(CONTRIBUTE),
            "contacts": _paragraphs(CONTACTS),
            "back_cover": _paragraphs(BACK_COVER),
        },
        stream_fields={"chapters"},
    )
    return status
