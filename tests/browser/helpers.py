"""What the browser tests share: axe-core runs, screenshots, and links and focus as the
page sees them."""

import json
import re
from pathlib import Path

BROWSER_DIR = Path(__file__).resolve().parent
ARTIFACTS_DIR = BROWSER_DIR / "artifacts"
AXE_SCRIPT = BROWSER_DIR / "node_modules" / "axe-core" / "axe.min.js"
# A sheet's address, and a theme's.
SHEET_PATH = r"^/action/[^/]+/$"
THEME_PATH = r"^/thematiques/[^/]+/$"

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# Nodes listed per violation in an assertion message (all of them go to the JSON report).
MAX_NODES_SHOWN = 8

_AXE_RUN = """async (tags) => {
    const results = await axe.run(document, {
        runOnly: {type: "tag", values: tags},
        resultTypes: ["violations"],
    });
    return results.violations.map((violation) => ({
        id: violation.id,
        impact: violation.impact,
        help: violation.help,
        helpUrl: violation.helpUrl,
        nodes: violation.nodes.map((node) => ({
            target: node.target,
            html: node.html,
            summary: node.failureSummary,
        })),
    }));
}"""

# Every link of the document (or of `scope`) as the browser resolves it, with its rank
# among `scope a[href]` so that the test can click exactly that one.
_LINKS = """(scope) => Array.from(document.querySelectorAll(scope + " a[href]")).map((a, index) => {
    const url = new URL(a.href, document.baseURI);
    const rect = a.getBoundingClientRect();
    const style = getComputedStyle(a);
    return {
        index: index,
        origin: url.origin,
        path: url.pathname,
        search: url.search,
        text: a.textContent.trim().replace(/\\s+/g, " "),
        visible: rect.width > 0 && rect.height > 0 && style.visibility !== "hidden",
    };
})"""

# The focused element, its focus indicator and whether it can be seen.
_FOCUSED = """() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const style = getComputedStyle(el);
    const rect = el.getBoundingClientRect();
    const url = el.href ? new URL(el.href, document.baseURI) : null;
    const describe = (node) => {
        let text = node.tagName.toLowerCase();
        if (node.id) text += "#" + node.id;
        if (node.classList.length) text += "." + Array.from(node.classList).join(".");
        return text;
    };
    return {
        tag: el.tagName.toLowerCase(),
        id: el.id,
        description: describe(el),
        text: (el.textContent || el.value || el.getAttribute("aria-label") || "").trim()
            .replace(/\\s+/g, " ").slice(0, 80),
        path: url ? url.pathname : null,
        hash: url ? url.hash : null,
        sameDocument: url !== null
            && url.origin + url.pathname === location.origin + location.pathname,
        outlineStyle: style.outlineStyle,
        outlineWidth: parseFloat(style.outlineWidth) || 0,
        boxShadow: style.boxShadow,
        inViewport: rect.width > 0 && rect.height > 0 && rect.bottom > 0 && rect.right > 0
            && rect.top < window.innerHeight && rect.left < window.innerWidth,
    };
}"""


# The elements that stick out of the viewport's width while their parent does not.
_OVERFLOWING = """() => {
    const width = document.documentElement.clientWidth;
    const sticksOut = (el) => el.getBoundingClientRect().right > width + 1;
    return Array.from(document.querySelectorAll("body *"))
        .filter((el) => sticksOut(el) && !(el.parentElement && sticksOut(el.parentElement)))
        .map((el) => {
            let text = el.tagName.toLowerCase();
            if (el.id) text += "#" + el.id;
            if (el.classList.length) text += "." + Array.from(el.classList).join(".");
            return `${text} (right edge at ${Math.round(el.getBoundingClientRect().right)} px)`;
        });
}"""


def axe_violations(page):
    """axe-core's WCAG 2.1 A and AA violations on the page as it is now."""
    page.add_script_tag(path=str(AXE_SCRIPT))
    return page.evaluate(_AXE_RUN, AXE_TAGS)


def _target(target):
    # A target is a list of selectors, one per frame or shadow root crossed.
    return " >> ".join(
        part if isinstance(part, str) else " >> ".join(map(str, part)) for part in target
    )


def format_violations(violations, label):
    """An assertion message that says what to fix, where, and why."""
    lines = [f"{len(violations)} axe-core violation(s) at WCAG 2.1 AA on {label}:"]
    for violation in violations:
        nodes = violation["nodes"]
        lines.append(
            f"- {violation['id']} [{violation['impact']}] {violation['help']} "
            f"({len(nodes)} element(s)) — {violation['helpUrl']}"
        )
        for node in nodes[:MAX_NODES_SHOWN]:
            lines.append(f"    at {_target(node['target'])}")
            lines.append(f"       {node['html'][:200]}")
            for summary_line in (node["summary"] or "").splitlines():
                if summary_line.strip():
                    lines.append(f"       {summary_line.strip()}")
        if len(nodes) > MAX_NODES_SHOWN:
            lines.append(f"    … and {len(nodes) - MAX_NODES_SHOWN} more element(s)")
    return "\n".join(lines)


def save_axe_report(name, violations):
    ARTIFACTS_DIR.mkdir(parents=True, exist_ok=True)
    report = ARTIFACTS_DIR / f"{name}.axe.json"
    report.write_text(json.dumps(violations, ensure_ascii=False, indent=2), encoding="utf-8")


def screenshot(page, name):
    """A full-page screenshot kept as a test artefact in tests/browser/artifacts/."""
    ARTIFACTS_DIR.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS_DIR / f"{name}.png"), full_page=True)


def links(page, scope="body"):
    return page.evaluate(_LINKS, scope)


def visible_links(page, path_pattern, scope="body", with_query=False):
    """The visible same-site links of `scope` whose path matches `path_pattern`."""
    origin = page.evaluate("() => location.origin")
    pattern = re.compile(path_pattern)
    return [
        link
        for link in links(page, scope)
        if link["visible"]
        and link["origin"] == origin
        and pattern.search(link["path"])
        and (with_query or not link["search"])
    ]


def click_link(page, link, scope="body"):
    page.locator(f"{scope} a[href]").nth(link["index"]).click()


def focused(page):
    return page.evaluate(_FOCUSED)


def has_focus_indicator(element):
    outline = element["outlineStyle"] != "none" and element["outlineWidth"] > 0
    # Chromium's own focus ring computes to `outline-style: auto`.
    outline = outline or element["outlineStyle"] == "auto"
    return outline or element["boxShadow"] not in ("", "none")


def horizontal_overflow(page):
    """The document's width beyond the viewport's, and the elements that cause it."""
    scroll_width, client_width = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    return scroll_width - client_width, page.evaluate(_OVERFLOWING)
