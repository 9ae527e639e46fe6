"""The guided structure of a fiche action.

A sheet's body is a stream with three required sections, each exactly once:
"L'action", "La situation de départ" and "Les impacts" (grouped by audience),
plus optional quotes, images, videos and free text.
"""

from django.core.exceptions import ValidationError
from wagtail import blocks

from core.blocks import RICH_TEXT_FEATURES, CaptionedImageBlock, QuoteBlock, TextBlock, VideoBlock

AUDIENCE_CHOICES = [
    ("habitants", "Sur les habitant·e·s impliqué·e·s"),
    ("public", "Sur le public visé"),
    ("centre", "Sur le centre"),
    ("territoire", "Sur le territoire"),
    ("partenaires", "Sur les partenaires"),
]
AUDIENCE_LABELS = dict(AUDIENCE_CHOICES)
AUDIENCE_ORDER = [key for key, _label in AUDIENCE_CHOICES]

# The sections every sheet must contain exactly once, with the message shown when missing.
REQUIRED_SECTIONS = {
    "action": "La fiche doit contenir la section « L'action » : racontez ce qui a été fait.",
    "situation": (
        "La fiche doit contenir la section « La situation de départ » : "
        "décrivez le contexte et le besoin."
    ),
    "impacts": (
        "La fiche doit contenir la section « Les impacts » : "
        "indiquez au moins un effet de l'action."
    ),
}


class SectionTextBlock(blocks.RichTextBlock):
    """Rich text of one guided section (L'action, La situation de départ)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("features", RICH_TEXT_FEATURES)
        super().__init__(**kwargs)


class ImpactBlock(blocks.StructBlock):
    """The effects of the action on one audience, as short points."""

    audience = blocks.ChoiceBlock(
        choices=AUDIENCE_CHOICES,
        label="Public concerné",
        help_text="Sur qui l'action a-t-elle eu cet effet ?",
    )
    points = blocks.ListBlock(
        blocks.TextBlock(label="Effet", rows=2),
        min_num=1,
        label="Effets constatés",
        help_text="Un effet par ligne, en une ou deux phrases.",
    )

    def clean(self, value):
        cleaned = super().clean(value)
        if not any(point.strip() for point in cleaned["points"]):
            raise blocks.StructBlockValidationError(
                block_errors={"points": ValidationError("Indiquez au moins un effet constaté.")}
            )
        return cleaned

    def get_searchable_content(self, value):
        # The points only: the audience's name would make every sheet match "habitants".
        return [point for point in value["points"] if point.strip()]

    def get_api_representation(self, value, context=None):
        return {
            "audience": value["audience"],
            "audience_label": AUDIENCE_LABELS.get(value["audience"], value["audience"]),
            "points": [point for point in value["points"] if point.strip()],
        }

    class Meta:
        icon = "pick"
        label = "Impact"
        preview_value = {
            "audience": "habitants",
            "points": ["Des habitant·e·s osent prendre la parole en réunion publique."],
        }


class ImpactListBlock(blocks.ListBlock):
    """ "Les impacts": one entry per audience, at least one, no audience twice."""

    def __init__(self, **kwargs):
        kwargs.setdefault("min_num", 1)
        super().__init__(ImpactBlock(), **kwargs)

    def clean(self, value):
        cleaned = super().clean(value)
        seen = set()
        for index, impact in enumerate(cleaned):
            audience = impact["audience"]
            if audience in seen:
                raise blocks.ListBlockValidationError(
                    block_errors={
                        index: blocks.StructBlockValidationError(
                            block_errors={
                                "audience": ValidationError(
                                    f"Le public « {AUDIENCE_LABELS[audience]} » apparaît "
                                    "deux fois : regroupez ses effets dans une seule entrée."
                                )
                            }
                        )
                    }
                )
            seen.add(audience)
        return cleaned

    def get_api_representation(self, value, context=None):
        impacts = [self.child_block.get_api_representation(item, context) for item in value]
        return sorted(impacts, key=lambda impact: AUDIENCE_ORDER.index(impact["audience"]))

    class Meta:
        icon = "list-ul"
        label = "Les impacts"
        help_text = (
            "Les effets de l'action, par public : habitant·e·s impliqué·e·s, public visé, "
            "centre, territoire, partenaires."
        )
        preview_value = [
            {"audience": "habitants", "points": ["Une confiance retrouvée."]},
            {"audience": "territoire", "points": ["Un quartier plus vivant."]},
        ]


class InitiativeBodyBlock(blocks.StreamBlock):
    """The body of a fiche action: the three guided sections, then optional extras."""

    action = SectionTextBlock(
        label="L'action",
        icon="doc-full",
        help_text="Ce qui a été fait, par qui, avec qui, comment. Racontez simplement.",
    )
    situation = SectionTextBlock(
        label="La situation de départ",
        icon="history",
        help_text="Le contexte, le constat ou le besoin qui a fait naître l'action.",
    )
    impacts = ImpactListBlock()
    quote = QuoteBlock()
    image = CaptionedImageBlock()
    video = VideoBlock()
    text = TextBlock()

    def clean(self, value):
        counts = dict.fromkeys(REQUIRED_SECTIONS, 0)
        for child in value:
            if child.block_type in counts:
                counts[child.block_type] += 1
        errors = [
            ValidationError(message)
            for name, message in REQUIRED_SECTIONS.items()
            if counts[name] == 0
        ]
        # More than one occurrence is refused by Meta.block_counts (Wagtail's own message).
        try:
            cleaned = super().clean(value)
        except blocks.StreamBlockValidationError as exc:
            if errors:
                raise blocks.StreamBlockValidationError(
                    block_errors=exc.block_errors,
                    non_block_errors=list(exc.non_block_errors.as_data()) + errors,
                ) from exc
            raise
        if errors:
            raise blocks.StreamBlockValidationError(non_block_errors=errors)
        return cleaned

    class Meta:
        label = "Le récit de l'action"
        help_text = (
            "Suivez le cheminement : L'action, La situation de départ, Les impacts. "
            "Ajoutez si vous le souhaitez une citation, des photos ou une vidéo."
        )
        block_counts = {
            "action": {"max_num": 1},
            "situation": {"max_num": 1},
            "impacts": {"max_num": 1},
        }
