"""A visitor's journey with the mouse: home → a theme → a sheet → its print view → back
→ the sheets listing narrowed by two filters."""

import re
from urllib.parse import parse_qs, urlsplit

from tests.browser.helpers import (
    SHEET_PATH,
    THEME_PATH,
    click_link,
    screenshot,
    visible_links,
)


def _follow_theme_link(page, demo_site):
    """From the home page to a theme page: a direct link, or through the themes list."""
    themes = visible_links(page, THEME_PATH, scope="main")
    if not themes:
        theme_lists = visible_links(page, r"^/thematiques/$")
        assert theme_lists, (
            "the home page links neither to a theme (/thematiques/<slug>/) "
            "nor to the themes list (/thematiques/)"
        )
        click_link(page, theme_lists[0])
        page.wait_for_url(demo_site("/thematiques/"))
        themes = visible_links(page, THEME_PATH, scope="main")
        assert themes, "the themes list (/thematiques/) links to no theme page"
    preferred = [link for link in themes if link["path"] == f"/thematiques/{demo_site.theme}/"]
    theme = (preferred or themes)[0]
    click_link(page, theme, scope="main")
    page.wait_for_url(demo_site(theme["path"]))
    return theme["path"]


def _set_filter(form, name, value):
    """Choose `value` for the filter `name`, whatever control the form uses for it."""
    control = form.locator(f'[name="{name}"]')
    assert control.count(), f"the filter form has no control named {name!r}"
    kind = control.first.evaluate("el => el.tagName.toLowerCase() + ':' + (el.type || '')")
    if kind.startswith("select"):
        control.first.select_option(value)
    elif kind in ("input:checkbox", "input:radio"):
        form.locator(f'[name="{name}"][value="{value}"]').check()
    else:
        control.first.fill(value)


def _is_set(form, name, value):
    control = form.locator(f'[name="{name}"]').first
    kind = control.evaluate("el => el.tagName.toLowerCase() + ':' + (el.type || '')")
    if kind in ("input:checkbox", "input:radio"):
        return form.locator(f'[name="{name}"][value="{value}"]').is_checked()
    return control.input_value() == value


def test_home_theme_sheet_print_back_filtered_listing(page, demo_site):
    """Home → a theme → a sheet → print view → back → the listing with two filters."""
    page.goto(demo_site("/"))
    theme_path = _follow_theme_link(page, demo_site)
    assert page.locator("h1").first.is_visible(), f"{theme_path} has no visible h1"

    sheets = visible_links(page, SHEET_PATH, scope="main")
    assert sheets, f"the theme page {theme_path} links to no sheet (/action/<slug>/)"
    sheet = sheets[0]
    click_link(page, sheet, scope="main")
    page.wait_for_url(demo_site(sheet["path"]))
    slug = sheet["path"].split("/")[2]
    assert slug in demo_site.sheets, f"{sheet['path']} is not a published demo sheet"
    title = page.locator("h1").first
    assert title.inner_text().strip() == demo_site.sheets[slug]["title"]

    # The print button prints (the dialog itself is the browser's).
    page.evaluate("() => { window.__prints = 0; window.print = () => { window.__prints += 1; }; }")
    print_button = page.get_by_role("button", name=re.compile("Imprimer"))
    assert print_button.count() == 1, "the sheet has no single « Imprimer » button"
    assert print_button.is_visible(), "the sheet's « Imprimer » button is not visible"
    print_button.click()
    assert page.evaluate("() => window.__prints") == 1, "« Imprimer » did not call window.print()"

    # The print view: the sheet without the site's chrome nor its own buttons.
    page.emulate_media(media="print")
    screenshot(page, "parcours-fiche-impression")
    assert title.is_visible(), "the sheet's title is hidden when printed"
    assert not print_button.is_visible(), "the « Imprimer » button is printed"
    banner_navigation = page.locator("header nav, [role=banner] nav")
    assert banner_navigation.count(), "the page header has no navigation"
    assert not banner_navigation.first.is_visible(), "the site navigation is printed"
    header_search = page.locator("header [role=search], [role=banner] [role=search]")
    assert not (header_search.count() and header_search.first.is_visible()), (
        "the header's search form is printed"
    )
    page.emulate_media(media="screen")

    page.go_back()
    page.wait_for_url(demo_site(theme_path))

    listing_links = visible_links(page, r"^/action/$")
    assert listing_links, f"{theme_path} has no link to the sheets listing (/action/)"
    click_link(page, listing_links[0])
    page.wait_for_url(demo_site("/action/"))

    theme, territory, expected = demo_site.filter_pair()
    form = page.locator("main form").filter(has=page.locator('[name="theme"]'))
    assert form.count() == 1, "the sheets listing has no single filter form with a theme filter"
    _set_filter(form, "theme", theme)
    _set_filter(form, "territoire", territory)
    submit = form.locator('button[type="submit"], button:not([type]), input[type="submit"]')
    assert submit.count(), "the filter form has no submit button (needed without JavaScript)"
    submit.first.click()

    def filtered(url):
        query = parse_qs(urlsplit(url).query)
        return theme in query.get("theme", []) and query.get("territoire") == [territory]

    page.wait_for_url(filtered)
    screenshot(page, "parcours-fiches-filtrees")
    shown = {link["path"].split("/")[2] for link in visible_links(page, SHEET_PATH, scope="main")}
    assert shown == expected, (
        f"theme={theme} & territoire={territory}: the listing shows {sorted(shown)}, "
        f"expected {sorted(expected)}"
    )
    # The form says which filters are on.
    assert _is_set(form, "theme", theme), f"the theme filter does not show {theme!r} as chosen"
    assert _is_set(form, "territoire", territory), (
        f"the territory filter does not show {territory!r} as chosen"
    )
    assert not page.problems, "the journey did not load whole:\n  " + "\n  ".join(page.problems)
