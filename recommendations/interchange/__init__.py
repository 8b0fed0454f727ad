"""A whole review as one JSON document ("scrutiny-review", version 2;
version 1 still imports, see upgrade.py), out and back in.

`review_export` writes everything a review holds — scope, working group, timetable,
meetings, every kind of evidence, findings, conclusions, report prose,
recommendations, responses and follow-ups — together with the body, organisations
and people it refers to. `review_import` restores such a document. The schema is
described field by field in docs/review-json.md.

The parts:
- fields.py: every object's keys, types, required-ness and defaults, once;
  shapes.py: how those declarations are written and read by the code below;
- export.py: a review out; importer.py and import_evidence.py: a document in;
- validation.py: the checks an import makes and how it saves a row on its own;
  rows.py: every other row, checked as `full_clean()` would as it is read, and
  written in bulk (with its history row) once the document has been read;
- files.py: document files and response letters, both ways.
"""

from recommendations.interchange.export import review_export
from recommendations.interchange.fields import FORMAT, VERSION
from recommendations.interchange.importer import review_import
from recommendations.interchange.validation import CHANGE_REASON

__all__ = ["CHANGE_REASON", "FORMAT", "VERSION", "review_export", "review_import"]
