"""schema.org descriptions (JSON-LD) of the public pages, safe inside a script element."""

import json

from django.utils.safestring import mark_safe

PUBLISHER = {
    "@type": "Organization",
    "name": "Fédération des centres sociaux et socioculturels de France (FCSF)",
    "alternateName": "FCSF",
    "email": "cestpossible.me@centres-sociaux.fr",
}


def json_ld(data):
    """`data` as JSON for `<script type="application/ld+json">`: "<" and ">" are escaped,
    so that no text of the page can close the element."""
    text = json.dumps({"@context": "https://schema.org", **data}, ensure_ascii=False)
    return mark_safe(text.replace("<", "\\u003c").replace(">", "\\u003e"))  # noqa: S308
