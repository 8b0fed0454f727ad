"""Version 2 documents, read as version 3 (versions.py brings version 1 to 2 first).

Versions 1 and 2 gave each recommendation one `addressee` (`commissioner`, `office`,
`panel` or `other` with `addressee_other`) and at most one `response`. Version 3
lists the body's `responding_bodies`, and each recommendation's `addressees` (by
name), `to_panel` and `responses` (each naming its `addressee`). The upgrade is the
data migration's rule: the Commissioner or the office → a responding body named
from the body's `scrutinised_title` under s.29 of the 2011 Act; the panel → to the
panel, no response; another body → a responding body of that name with no
statutory duty. Anything malformed is passed on as it is, for the import's own
checks to name; an addressee that is none of the four is refused."""

import copy

from scrutiny.models import RespondingBody


def commissioner_name(scrutinised_title):
    title = (scrutinised_title or "").strip() or "Commissioner"
    return title if title.lower().startswith("the ") else f"The {title}"


def _short(name):
    words = name.removeprefix("The ").split()
    return (words[-1] if words else name)[:40]


def from_2(data):
    """A version 3 copy of the version 2 document `data`."""
    data = copy.deepcopy(data)
    data["version"] = 3
    body = data.get("body")
    review = data.get("review")
    if not isinstance(body, dict) or not isinstance(review, dict):
        return data
    commissioner = {
        "name": commissioner_name(body.get("scrutinised_title")),
        "short_name": body.get("scrutinised_abbreviation") or "Commissioner",
        "basis": RespondingBody.Basis.PCP_S29,
    }
    responding = {}
    recommendations = review.get("recommendations")
    for i, item in enumerate(recommendations if isinstance(recommendations, list) else []):
        if isinstance(item, dict) and "addressee" in item:
            path = f"review.recommendations[{i}]"
            _upgrade_recommendation(item, commissioner, responding, path)
    body["responding_bodies"] = list(responding.values())
    return data


ADDRESSEES_V1 = ("commissioner", "office", "panel", "other")


def _upgrade_recommendation(item, commissioner, responding, path):
    addressee = item.pop("addressee")
    if addressee not in ADDRESSEES_V1:
        raise ValueError(
            f"{path}: addressee: Value {addressee!r} is not a valid choice. Use one of: "
            + ", ".join(repr(value) for value in ADDRESSEES_V1)
            + "."
        )
    other = (item.pop("addressee_other", "") or "").strip()
    response = item.pop("response", None)
    item["to_panel"] = addressee == "panel"
    if addressee == "panel" and response is None:
        item["addressees"] = []
    else:
        # A response recorded to the panel's own recommendation is kept, as the
        # Commissioner's (as the migration keeps it).
        chosen = commissioner
        if addressee == "other":
            name = other or "Another body"
            chosen = {"name": name, "short_name": _short(name), "basis": RespondingBody.Basis.NONE}
        responding.setdefault(chosen["name"], chosen)
        item["addressees"] = [chosen["name"]]
    item["responses"] = []
    if isinstance(response, dict):
        item["responses"] = [{"addressee": item["addressees"][0], **response}]
