"""The keyboard alone: from the home page to a sheet, with a skip link and a visible focus."""

import re

from tests.browser.helpers import SHEET_PATH, focused, has_focus_indicator, screenshot

# Tab presses allowed to reach a sheet from the top of the home page.
MAX_TABS = 80
SKIP_LINK_TEXT = "Aller au contenu"


def _describe(element):
    return f"{element['description']} « {element['text']} »"


def _check_visible_focus(element, failures):
    if not has_focus_indicator(element):
        failures.append(
            f"{_describe(element)}: no focus indicator (outline {element['outlineStyle']} "
            f"{element['outlineWidth']}px, box-shadow {element['boxShadow']})"
        )
    if not element["inViewport"]:
        failures.append(f"{_describe(element)}: focused but not on screen")


def _check_skip_link(page, where, failures):
    """The first Tab focuses « Aller au contenu »; Enter moves the focus to its target."""
    page.keyboard.press("Tab")
    element = focused(page)
    assert element is not None, f"{where}: the first Tab focuses nothing"
    assert element["tag"] == "a" and SKIP_LINK_TEXT in element["text"], (
        f"{where}: the first Tab focuses {_describe(element)}, not the « {SKIP_LINK_TEXT} » link"
    )
    _check_visible_focus(element, failures)
    assert element["sameDocument"] and element["hash"], (
        f"{where}: the skip link does not point into the page"
    )
    target = element["hash"][1:]
    page.keyboard.press("Enter")
    landed = focused(page)
    assert landed is not None and landed["id"] == target, (
        f"{where}: after the skip link the focus is on "
        f"{_describe(landed) if landed else 'nothing'}, not on #{target}"
    )
    # The next Tab goes on from the content, not from the top of the page.
    page.keyboard.press("Tab")
    after = focused(page)
    assert after is not None and page.evaluate(
        "(id) => document.getElementById(id).contains(document.activeElement)", target
    ), f"{where}: the Tab after the skip link leaves #{target}"


def test_keyboard_only_home_to_sheet(page, demo_site):
    """Tab from the top of the home page to a sheet, Enter, then the sheet's skip link works."""
    page.goto(demo_site("/"))
    failures = []
    _check_skip_link(page, "home page", failures)

    page.goto(demo_site("/"))
    sheet = None
    seen = []
    for _press in range(MAX_TABS):
        page.keyboard.press("Tab")
        element = focused(page)
        assert element is not None, "the focus left the page before reaching a sheet: " + (
            " → ".join(seen)
        )
        seen.append(_describe(element))
        _check_visible_focus(element, failures)
        if element["tag"] == "a" and element["path"] and re.search(SHEET_PATH, element["path"]):
            sheet = element
            break
    assert sheet is not None, (
        f"no link to a sheet within {MAX_TABS} Tab presses from the home page: " + " → ".join(seen)
    )
    screenshot(page, "clavier-lien-fiche")
    page.keyboard.press("Enter")
    page.wait_for_url(demo_site(sheet["path"]))
    slug = sheet["path"].split("/")[2]
    assert page.locator("h1").first.inner_text().strip() == demo_site.sheets[slug]["title"]

    _check_skip_link(page, f"sheet {sheet['path']}", failures)
    assert not failures, "focus problems met on the way:\n  " + "\n  ".join(failures)
