"""French typography of rendered HTML: no-break spaces where French wants them, nowhere else."""

import pytest

from core.typography import french

NARROW, NBSP = "\u202f", "\u00a0"


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ("Bonjour ! Ça va ? Oui; bien.", f"Bonjour{NARROW}! Ça va{NARROW}? Oui{NARROW}; bien."),
        ("Sur le centre : une envie", f"Sur le centre{NBSP}: une envie"),
        ("<strong>Sur le centre</strong> :", f"<strong>Sur le centre</strong>{NBSP}:"),
        (
            "«Le pouvoir» et « la parole »",
            f"«{NARROW}Le pouvoir{NARROW}» et «{NARROW}la parole{NARROW}»",
        ),
        ("50 % des habitants, 50%", f"50{NARROW}% des habitants, 50{NARROW}%"),
        ("Vraiment ?! Non.", f"Vraiment{NARROW}?! Non."),
        ("L&#x27;action : ici", f"L&#x27;action{NBSP}: ici"),
        ("Tom &amp; Jerry ; oui", f"Tom &amp; Jerry{NARROW}; oui"),
    ],
)
def test_french_spaces_are_added(html, expected):
    """High punctuation, colons, guillemets and percents get their no-break space."""
    assert french(html) == expected


@pytest.mark.parametrize(
    "html",
    [
        "https://www.cestpossible.me/action/?q=1 et 10:30",
        '<a href="https://x.fr/?a=1;b=2" title="Quoi ?">lien</a>',
        "<script>var a = 1; if (b) { c(!d); }</script>",
        "<pre>print('ok') ; x = 1 : 2</pre>",
        "<code>a ? b : c</code>",
    ],
)
def test_urls_times_attributes_and_code_are_left_alone(html):
    """URLs, times, attributes and code keep their characters."""
    assert french(html) == html


def test_it_is_idempotent():
    """Applying it twice changes nothing more."""
    once = french("« Oui ! » : c'est possible ?")
    assert french(once) == once
