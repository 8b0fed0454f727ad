"""docs/review-json.md says exactly what the import reads and the export writes.

Each shape in recommendations/interchange/fields.py has a table in the doc, under a
heading naming it (`### \\`review.meetings[]\\``), with one row per key or group of
keys: `| **\\`slug\\`** | string | … |`. A bold key is required. The type column
begins with the field's type, and a default that is not an empty value is shown in
the last column as "default `…`"."""

import json
import re
from pathlib import Path

import pytest
from django.conf import settings

from recommendations.interchange import fields
from recommendations.interchange.shapes import AT_INDEX, INTEGER, STRING, Field, Shape, required

DOC = Path(settings.BASE_DIR) / "docs" / "review-json.md"
SHAPES = [value for value in vars(fields).values() if isinstance(value, Shape)]
SHAPES += list(fields.EVIDENCE_KINDS.values())
# "…or else an empty value (`""`, `null`, `[]`, `false`)", as the doc's rules say.
EMPTY = {'""', "null", "[]", "false"}


def doc_tables(text):
    """{heading: {key: (required, type, note)}} for every `| key | type | |` table."""
    tables, heading, rows = {}, None, None
    for line in text.splitlines():
        if line.startswith("#"):
            heading, rows = " ".join(line.lstrip("#").replace("`", "").split()), None
        elif re.fullmatch(r"\|\s*key\s*\|\s*type\s*\|.*", line):
            assert heading not in tables, f"two key tables under the heading {heading!r}"
            rows = tables[heading] = {}
        elif rows is not None and line.startswith("|") and not line.startswith("|---"):
            keys, type_, note = (c.strip() for c in re.split(r"(?<!\\)\|", line.strip()[1:-1]))
            for bold, key, bold_end in re.findall(r"(\*\*)?`([^`]+)`(\*\*)?", keys):
                assert key not in rows, f"{heading}: `{key}` is documented twice"
                rows[key] = (bool(bold and bold_end), type_, note)
        elif not line.strip():
            rows = None
    return tables


TABLES = doc_tables(DOC.read_text(encoding="utf-8"))


def default_shown(field):
    if field.default is AT_INDEX:
        return "default its index"
    shown = field.default if isinstance(field.default, str) else json.dumps(field.default)
    return f"default `{shown}`"


def problems(shape, tables):
    """What the doc's table for `shape` gets wrong, one message per key."""
    table = tables.get(shape.heading)
    if table is None:
        return [f"docs/review-json.md has no key table under a heading `{shape.heading}`."]
    found = []
    for field in shape.fields:
        where = f"{shape.heading}: `{field.name}`"
        if field.name not in table:
            found.append(f"{where} is in fields.py but not documented.")
            continue
        documented_required, type_, note = table[field.name]
        if documented_required != field.required:
            found.append(
                f"{where} is {'required' if field.required else 'optional'} in fields.py but "
                f"{'bold' if documented_required else 'not bold'} in the doc."
            )
        if not (type_ == field.type.name or type_.startswith(field.type.name + " ")):
            found.append(f"{where} is {field.type.name!r} in fields.py, {type_!r} in the doc.")
        is_empty = field.default is not AT_INDEX and json.dumps(field.default) in EMPTY
        if not field.required and not is_empty and default_shown(field) not in note:
            found.append(f"{where}: the doc does not show {default_shown(field)}.")
    declared = {field.name for field in shape.fields}
    found += [
        f"{shape.heading}: `{key}` is documented but not in fields.py."
        for key in table
        if key not in declared
    ]
    return found


@pytest.mark.parametrize("shape", SHAPES, ids=lambda shape: shape.heading)
def test_each_field_list_matches_its_table_in_the_doc(shape):
    assert problems(shape, TABLES) == []


def test_every_key_table_in_the_doc_has_a_field_list():
    headings = {shape.heading for shape in SHAPES}
    assert [heading for heading in TABLES if heading not in headings] == []


def test_the_check_names_a_field_that_is_listed_but_not_documented():
    shape = fields.KEY_LINE + Shape(fields.KEY_LINE.heading, required("colour"))

    assert problems(shape, TABLES) == [
        "review.key_lines[]: `colour` is in fields.py but not documented."
    ]


def test_the_check_reads_required_ness_types_and_defaults_from_the_doc():
    text = (
        "### `thing[]`\n\n| key | type | |\n|---|---|---|\n"
        "| **`a`**, `b` | string | `x` \\| `y` |\n| `c` | integer or null | default `3` |\n"
    )
    shape = Shape(
        "thing[]",
        required("a"),
        Field("b", INTEGER),
        Field("c", INTEGER, default=4),
        Field("d", STRING, required=True),
    )

    assert problems(shape, doc_tables(text)) == [
        "thing[]: `b` is 'integer' in fields.py, 'string' in the doc.",
        "thing[]: `c`: the doc does not show default `4`.",
        "thing[]: `d` is in fields.py but not documented.",
    ]
