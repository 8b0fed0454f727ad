"""Reflow (WCAG 2.2 success criterion 1.4.10): at 320 CSS pixels wide a page must not
scroll sideways, except inside a data table's own scroll region.

A table that cannot reflow sits in a focusable scroll region,
`<div class="app-table-scroll" tabindex="0" role="region" aria-label="…">`, which
scrolls on its own; whatever is inside such a region is left out of the check. Anything
else that reaches past the right-hand edge fails, whether it makes the page scroll or is
cut off by an ancestor that hides its overflow (which loses the content instead).
"""

REFLOW_WIDTH = 320
SCROLL_REGION = ".app-table-scroll"

# The widest element outside the scroll regions, and the page's own scroll width.
# An element reaches as far as its box or, if it lets its overflow show, as far as its
# content does: a word too long for its line sticks out of its box without widening
# it. Elements with no box (display: none) take no room. A visually hidden one
# (GOV.UK's `govuk-visually-hidden`: a pixel, clipped) still counts: it is positioned
# absolutely, so a scroll region that is not itself positioned does not contain it,
# and placed off to the right it makes the whole page scroll; what is inside it is not
# seen, so it is left out.
_MEASURE = """
(scrollRegion) => {
  const viewport = window.innerWidth;
  const describe = (element) => {
    let name = element.tagName.toLowerCase();
    if (element.id) name += "#" + element.id;
    for (const cls of element.classList) name += "." + cls;
    const text = (element.textContent || "").replace(/\\s+/g, " ").trim();
    return text ? `${name} "${text.slice(0, 60)}${text.length > 60 ? "…" : ""}"` : name;
  };
  // Inside a visually hidden element (clipped to nothing) nothing is seen, however
  // wide it is laid out; the hidden element itself still counts.
  const clipped = (element) => {
    const style = getComputedStyle(element);
    return style.clip.startsWith("rect") || style.clipPath.startsWith("inset");
  };
  const inClipped = (element) => {
    for (let parent = element.parentElement; parent; parent = parent.parentElement) {
      if (clipped(parent)) return true;
    }
    return false;
  };
  let widest = null;
  for (const element of document.body.querySelectorAll("*")) {
    const region = element.closest(scrollRegion);
    if (region && region !== element) continue;
    if (inClipped(element)) continue;
    const box = element.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) continue;
    let right = box.right;
    // (Inside an SVG drawing only the box counts: scrollWidth means nothing there.)
    if (element instanceof HTMLElement && getComputedStyle(element).overflowX === "visible") {
      right = Math.max(right, box.left + element.clientLeft + element.scrollWidth);
    }
    right += window.scrollX;
    // On a tie the later element, a descendant, is the one that sticks out.
    if (!widest || right >= widest.right) {
      widest = { right: Math.ceil(right), element: describe(element) };
    }
  }
  // Anything that scrolls sideways must be a proper scroll region: focusable, so
  // that a keyboard can scroll it, and named, so that a screen reader says what it is.
  const unnamed = [];
  for (const element of document.body.querySelectorAll("*")) {
    if (!["auto", "scroll"].includes(getComputedStyle(element).overflowX)) continue;
    if (element.scrollWidth <= element.clientWidth + 1) continue;
    const proper =
      element.matches(scrollRegion) &&
      element.getAttribute("tabindex") === "0" &&
      element.getAttribute("role") === "region" &&
      (element.getAttribute("aria-label") || element.getAttribute("aria-labelledby"));
    if (!proper) unnamed.push(describe(element));
  }
  return {
    viewport,
    scrollWidth: document.documentElement.scrollWidth,
    widest,
    unnamed,
  };
}
"""


def _settle(page):
    """Let the page's own scripts answer the resize (GOV.UK Frontend folds the service
    navigation behind a Menu button on small screens). Without JavaScript there are none:
    a promise would never settle there, so only a page whose scripts run is waited for."""
    page.evaluate(
        "() => { window.__reflowProbe = false;"
        " queueMicrotask(() => { window.__reflowProbe = true; }); }"
    )
    if page.evaluate("() => window.__reflowProbe"):
        page.evaluate(
            "() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))"
        )


def reflow_failure(page, width=REFLOW_WIDTH):
    """None if `page` reflows at `width` CSS pixels, else what is wide, and any part
    that scrolls sideways without being a focusable, named scroll region.

    The viewport is put back as it was afterwards."""
    before = page.viewport_size
    page.set_viewport_size({"width": width, "height": 800})
    try:
        _settle(page)
        measured = page.evaluate(_MEASURE, SCROLL_REGION)
    finally:
        if before is not None:
            page.set_viewport_size(before)
    widest = measured["widest"]
    too_wide = measured["scrollWidth"] > measured["viewport"]
    sticks_out = widest is not None and widest["right"] > measured["viewport"]
    problems = []
    if too_wide or sticks_out:
        problems.append(
            f"{page.url} does not reflow at {measured['viewport']} px: the page is "
            f"{measured['scrollWidth']} px wide; the widest element outside a "
            f"{SCROLL_REGION} region reaches {widest['right'] if widest else '?'} px: "
            f"{widest['element'] if widest else '?'}"
        )
    for element in measured["unnamed"]:
        problems.append(
            f"{page.url} at {measured['viewport']} px: {element} scrolls sideways but is not "
            f'a {SCROLL_REGION} region with tabindex="0", role="region" and a label'
        )
    return "\n".join(problems) or None


def assert_reflows(page, width=REFLOW_WIDTH):
    failure = reflow_failure(page, width)
    assert failure is None, failure
