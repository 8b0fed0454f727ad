"""What changed between two versions: part by part, paragraph by paragraph, word
by word."""

import difflib
import re
from dataclasses import dataclass, field

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString

from reviews.drafts.versions import ordered_sections


@dataclass
class PartChange:
    anchor: str
    title: str
    status: str  # "changed", "added" or "removed"
    old_title: str = ""
    # {"html": the paragraph with its changes marked} or {"unchanged": n paragraphs}
    paragraphs: list = field(default_factory=list)


TOKENS = re.compile(r"\s+|\w+|[^\w\s]")
# Below this similarity two paragraphs are shown as one removed and one added, rather
# than as a word-by-word mix that nobody could read.
PAIRING_RATIO = 0.4


def _removed(text):
    return format_html(
        '<del class="app-diff__removed"><span class="govuk-visually-hidden">Removed: </span>'
        "{}</del>",
        text,
    )


def _added(text):
    return format_html(
        '<ins class="app-diff__added"><span class="govuk-visually-hidden">Added: </span>{}</ins>',
        text,
    )


# An unchanged run of this many words or fewer between two changes is folded into
# them, so a rewritten phrase reads as old phrase then new phrase, not as a patchwork.
SHORT_RUN = 2


def words_diff(old, new):
    """One paragraph's changes word by word, as HTML with <ins> and <del>."""
    a, b = TOKENS.findall(old), TOKENS.findall(new)
    runs = [
        [op == "equal", a[i1:i2], b[j1:j2]]
        for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    ]
    merged = _merge_changes(_fold_short_runs(runs))
    return SafeString("".join(_run_html(*run) for run in merged))


def _fold_short_runs(runs):
    """Mark as changed each unchanged run of `SHORT_RUN` words or fewer that lies
    between two changes. `runs` are [equal, old tokens, new tokens]."""
    for k in range(1, len(runs) - 1):
        equal, tokens, _ = runs[k]
        short = sum(1 for t in tokens if not t.isspace()) <= SHORT_RUN
        if equal and short and not runs[k - 1][0] and not runs[k + 1][0]:
            runs[k][0] = False
    return runs


def _merge_changes(runs):
    """The runs with each stretch of changed runs made into one."""
    merged = []
    for run in runs:
        if merged and not run[0] and not merged[-1][0]:
            merged[-1][1] += run[1]
            merged[-1][2] += run[2]
        else:
            merged.append(run)
    return merged


def _run_html(equal, before, after):
    """An unchanged run as its text; a changed one as what was removed, then what was
    added."""
    if equal:
        return escape("".join(before))
    removed = _removed("".join(before)) if before else ""
    added = _added("".join(after)) if after else ""
    return removed + added


def _paragraphs(text):
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def paragraphs_diff(old_text, new_text):
    """The changed paragraphs of a part, each as HTML; runs of unchanged paragraphs
    become their count."""
    a, b = _paragraphs(old_text), _paragraphs(new_text)
    out = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            out.append({"unchanged": i2 - i1})
            continue
        old, new = a[i1:i2], b[j1:j2]
        for k in range(max(len(old), len(new))):
            before = old[k] if k < len(old) else None
            after = new[k] if k < len(new) else None
            if before is None:
                out.append({"html": _added(after)})
            elif after is None:
                out.append({"html": _removed(before)})
            elif difflib.SequenceMatcher(None, before, after).ratio() >= PAIRING_RATIO:
                out.append({"html": words_diff(before, after)})
            else:
                out.append({"html": _removed(before)})
                out.append({"html": _added(after)})
    return out


def sections_diff(old_version, new_version):
    """The parts that differ between two versions, in the newer version's order, then
    the parts the newer version no longer has."""
    old_parts = old_version.sections
    changes = []
    for anchor, part in ordered_sections(new_version):
        before = old_parts.get(anchor)
        if before is None:
            changes.append(
                PartChange(
                    anchor, part["title"], "added", paragraphs=paragraphs_diff("", part["text"])
                )
            )
        elif before["text"] != part["text"] or before["title"] != part["title"]:
            changes.append(
                PartChange(
                    anchor,
                    part["title"],
                    "changed",
                    old_title=before["title"] if before["title"] != part["title"] else "",
                    paragraphs=paragraphs_diff(before["text"], part["text"]),
                )
            )
    for anchor, part in ordered_sections(old_version):
        if anchor not in new_version.sections:
            changes.append(
                PartChange(
                    anchor, part["title"], "removed", paragraphs=paragraphs_diff(part["text"], "")
                )
            )
    return changes
