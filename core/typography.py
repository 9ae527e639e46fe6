"""French typography for rendered HTML: the non-breaking spaces of French punctuation.

- a narrow no-break space (U+202F) before « ; ! ? », after « and before »;
- a no-break space (U+00A0) before « : »;
- a narrow no-break space between a number and « % ».

Only text is touched: tags, attributes, entities, and the contents of
<script>, <style>, <pre> and <code> are left as they are, and so are URLs
("https://", "?q=") and times ("10:30"), since the punctuation there is not
followed by a space.
"""

import re

NARROW = "\u202f"
NBSP = "\u00a0"
SPACES = " \u00a0\u202f"

TAG = re.compile(r"(<[^>]*>)")
ENTITY = re.compile(r"(&#?[A-Za-z0-9]+;)")
RAW_TAGS = ("script", "style", "pre", "code")
OPENING = re.compile(r"<\s*(script|style|pre|code)\b", re.IGNORECASE)
CLOSING = re.compile(r"<\s*/\s*(script|style|pre|code)\s*>", re.IGNORECASE)

AFTER_WORD = r"(?:(?<=[^\s/=&<(\[{;:!?])|^)"
HIGH_PUNCTUATION = re.compile(AFTER_WORD + rf"[{SPACES}]?([;!?]+)(?=[\s»)\].,<]|$)")
COLON = re.compile(AFTER_WORD + rf"[{SPACES}]?:(?=\s|$)")
OPEN_QUOTE = re.compile(rf"«[{SPACES}]*")
CLOSE_QUOTE = re.compile(rf"[{SPACES}]*»")
PERCENT = re.compile(rf"(\d)[{SPACES}]?%")


def _text(text):
    parts = ENTITY.split(text)
    for index in range(0, len(parts), 2):  # odd indexes are entities
        part = parts[index]
        part = HIGH_PUNCTUATION.sub(lambda m: NARROW + m.group(1), part)
        part = COLON.sub(NBSP + ":", part)
        part = OPEN_QUOTE.sub("«" + NARROW, part)
        part = CLOSE_QUOTE.sub(NARROW + "»", part)
        part = PERCENT.sub(lambda m: m.group(1) + NARROW + "%", part)
        parts[index] = part
    return "".join(parts)


def french(html):
    """`html` with French non-breaking spaces in its text."""
    pieces = TAG.split(html)
    raw = 0
    for index, piece in enumerate(pieces):
        if index % 2:  # a tag
            if OPENING.match(piece) and not piece.rstrip().endswith("/>"):
                raw += 1
            elif CLOSING.match(piece):
                raw = max(0, raw - 1)
        elif piece and not raw:
            pieces[index] = _text(piece)
    return "".join(pieces)
