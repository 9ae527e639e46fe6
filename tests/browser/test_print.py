"""A sheet printed from Chromium: a clean A4 page of a publication, kept as a PDF artefact."""

import re

from tests.browser.helpers import ARTIFACTS_DIR

# A4 in PostScript points, as Chromium writes it in the PDF's MediaBox.
A4_POINTS = (595, 842)

_STYLES = """() => {
    const style = (selector, pseudo) => {
        const el = document.querySelector(selector);
        return el ? getComputedStyle(el, pseudo || null) : null;
    };
    const display = (selector) => { const s = style(selector); return s ? s.display : "absent"; };
    return {
        header: display(".site-header"),
        footer: display(".site-footer"),
        actions: display(".fiche-actions"),
        similar: display(".similar"),
        printOnly: display(".print-only"),
        h2BreakAfter: style("article.fiche h2:not(.visually-hidden)").breakAfter,
        h3BreakAfter: style(".impact h3") ? style(".impact h3").breakAfter : "absent",
        impactColumns: style(".impacts") ? style(".impacts").gridTemplateColumns : "absent",
        impactBreakInside: style(".impact") ? style(".impact").breakInside : "absent",
    };
}"""


def _sheet_path(demo_site):
    return f"/action/{sorted(demo_site.sheets)[0]}/"


def test_printed_sheet_has_no_navigation_and_keeps_headings_with_their_text(page, demo_site):
    """In print media: no header, footer, buttons or similar sheets; headings stay with
    what follows; impacts in two columns; the sheet's address at the end."""
    page.emulate_media(media="print")
    path = _sheet_path(demo_site)
    page.goto(demo_site(path))
    styles = page.evaluate(_STYLES)
    assert styles["header"] == "none" and styles["footer"] == "none"
    assert styles["actions"] == "none"
    for name in ("Navigation principale", "Pied de page"):
        assert not page.get_by_role("navigation", name=name).is_visible(), name
    assert styles["similar"] in ("none", "absent")
    assert styles["h2BreakAfter"] == "avoid" and styles["h3BreakAfter"] == "avoid"
    assert len(styles["impactColumns"].split()) == 2, styles["impactColumns"]
    assert styles["impactBreakInside"] == "avoid"
    assert styles["printOnly"] == "block"
    signature = page.locator(".print-only").inner_text()
    assert signature.startswith("Fiche publiée sur C'est possible : ") and path in signature


def test_printed_sheet_shows_the_address_after_en_savoir_plus(page, demo_site):
    """An "En savoir plus" link prints its address after it (the demo sheets have none:
    one is added the way the template writes it)."""
    page.emulate_media(media="print")
    page.goto(demo_site(_sheet_path(demo_site)))
    after = page.evaluate(
        """() => {
            const p = document.createElement("p");
            p.className = "en-savoir-plus";
            p.innerHTML = '<a class="print-url" href="https://exemple.org/notre-action">'
                + "En savoir plus sur l'action</a>";
            document.querySelector(".centre-box").appendChild(p);
            return getComputedStyle(p.querySelector("a"), "::after").content;
        }"""
    )
    assert after == '" : https://exemple.org/notre-action"', after
    page.emulate_media(media="screen")
    on_screen = page.evaluate(
        """() => getComputedStyle(document.querySelector(".en-savoir-plus a"), "::after").content"""
    )
    assert on_screen in ("none", "normal"), on_screen


def test_printed_sheet_is_an_a4_pdf(page, demo_site):
    """Chromium prints the sheet on A4 pages (kept as tests/browser/artifacts/fiche.pdf)."""
    page.goto(demo_site(_sheet_path(demo_site)))
    ARTIFACTS_DIR.mkdir(parents=True, exist_ok=True)
    pdf = page.pdf(path=str(ARTIFACTS_DIR / "fiche.pdf"), prefer_css_page_size=True)
    assert pdf.startswith(b"%PDF-")
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
    assert boxes, "no page size found in the PDF"
    for width, height in boxes:
        assert (round(float(width)), round(float(height))) == A4_POINTS, (width, height)
