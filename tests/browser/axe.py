"""Accessibility checks with axe-core: WCAG 2.2 AA, as public sector bodies must meet.

`assert_no_axe_violations` is the check every browser test makes on each page it
visits; it also checks that the page reflows at 320 CSS pixels (tests/browser/reflow.py),
which axe cannot see, so no visited page escapes either check."""

from contextlib import contextmanager

from axe_playwright_python.sync_playwright import Axe

from tests.browser.reflow import reflow_failure

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

_axe = Axe()


def _javascript_runs(page):
    # A queued microtask has run by the next evaluate unless the context was opened
    # with JavaScript disabled, where axe's own promises would never settle.
    page.evaluate(
        "() => { window.__axeProbe = false; queueMicrotask(() => { window.__axeProbe = true; }); }"
    )
    return page.evaluate("() => window.__axeProbe")


@contextmanager
def _checkable(page):
    """The page itself, or, when JavaScript is disabled, a copy of its current DOM at
    the same address in a context where axe can run but the page's own scripts are
    blocked, so what is checked is still what a user without JavaScript gets."""
    if _javascript_runs(page):
        yield page
        return
    url, html = page.url, page.content()
    context = page.context.browser.new_context(viewport=page.viewport_size)
    try:
        twin = context.new_page()
        twin.route(
            lambda address: address == url,
            lambda route: route.fulfill(
                status=200,
                content_type="text/html; charset=utf-8",
                headers={"Content-Security-Policy": "script-src 'none'"},
                body=html,
            ),
        )
        twin.goto(url)
        yield twin
    finally:
        context.close()


def axe_violations(page):
    with _checkable(page) as checked:
        results = _axe.run(
            checked,
            options={
                "runOnly": {"type": "tag", "values": WCAG_TAGS},
                "resultTypes": ["violations"],
            },
        )
    return results.response["violations"]


def format_violations(violations):
    lines = []
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation.get('impact') or 'unknown impact'}): "
            f"{violation['help']}"
        )
        for node in violation["nodes"]:
            target = " ".join(str(part) for part in node["target"])
            lines.append(f"    at {target}")
    return "\n".join(lines)


def assert_no_axe_violations(page, reflow=True):
    """No WCAG 2.2 AA failure that axe finds, and (unless `reflow` is False) no sideways
    scrolling at 320 CSS pixels outside a table's scroll region."""
    violations = axe_violations(page)
    problems = []
    if violations:
        problems.append(
            f"{len(violations)} accessibility violation(s) on {page.url}:\n"
            + format_violations(violations)
        )
    if reflow:
        failure = reflow_failure(page)
        if failure:
            problems.append(failure)
    assert not problems, "\n".join(problems)
