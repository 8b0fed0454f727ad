"""Evidence of every kind back into the database: part of the importer (importer.py).

An evidence item's keys are the common ones (`EVIDENCE`) followed by those of its
kind (`EVIDENCE_KINDS`); the plain ones of both are set when the row is made, and
each kind then adds what it holds besides: the people who gave oral evidence, the
questions and answers, the document's file, the data tables.
"""

import hashlib
import mimetypes

from recommendations.interchange.fields import (
    DATA_COLUMN,
    DATA_ROW,
    DATA_TABLE,
    EVIDENCE,
    EVIDENCE_KINDS,
    QUESTION,
    QUESTION_GROUP,
)
from recommendations.interchange.validation import as_list, save
from reviews.models import (
    CallForEvidence,
    DataRow,
    DataSet,
    DataTable,
    Document,
    Evidence,
    OralEvidence,
    Question,
    QuestionGroup,
    QuestionSet,
)

EVIDENCE_CLASSES = {
    Evidence.Kind.ORAL: OralEvidence,
    Evidence.Kind.QUESTIONS: QuestionSet,
    Evidence.Kind.CALL: CallForEvidence,
    Evidence.Kind.DOCUMENT: Document,
    Evidence.Kind.DATA: DataSet,
}


class EvidenceImport:
    """The `_evidence` list handler of `_Importer`, which provides the lookups
    (`meeting`, `organisation`, `refs`), the tables of references and `files`."""

    def _evidence(self, review, item, path, index):
        kind = item.get("kind") if isinstance(item, dict) else None
        if kind not in EVIDENCE_CLASSES:
            raise ValueError(f"{path}.kind: {kind!r} is not one of {', '.join(EVIDENCE_CLASSES)}.")
        shape = EVIDENCE + EVIDENCE_KINDS[kind]
        item = shape.read(item, path)
        self._check_unused(self.evidence, item, path)
        evidence = EVIDENCE_CLASSES[kind](
            review=review,
            meeting=self.meeting(item["meeting"], f"{path}.meeting"),
            **shape.values(item, path, index),
        )
        getattr(self, f"_evidence_{kind}")(evidence, item, path)
        self.evidence[item["ref"]] = evidence

    def _evidence_oral(self, evidence, item, path):
        save(evidence, path)
        evidence.given_by.set(
            self.refs(self.people, item["given_by"], f"{path}.given_by", "person (in people)")
        )

    def _evidence_questions(self, evidence, item, path):
        save(evidence, path)
        for i, g in enumerate(as_list(item["groups"], f"{path}.groups")):
            at = f"{path}.groups[{i}]"
            g = QUESTION_GROUP.read(g, at)
            group = QuestionGroup(
                question_set=evidence,
                partner=self.organisation(g["partner"], f"{at}.partner"),
                **QUESTION_GROUP.values(g, at, i),
            )
            save(group, at)
            for j, q in enumerate(as_list(g["questions"], f"{at}.questions")):
                qat = f"{at}.questions[{j}]"
                q = QUESTION.read(q, qat)
                save(Question(group=group, **QUESTION.values(q, qat, j)), qat)

    def _evidence_call(self, evidence, item, path):
        save(evidence, path)

    def _evidence_document(self, evidence, item, path):
        evidence.size = item["size"] or 0
        text = item["extracted_text"]
        if item["file"] is not None:
            name, content = self.files.read(item["file"], f"{path}.file")
            digest = hashlib.sha256(content).hexdigest()
            _check_recorded(item, digest, len(content), f"{path}.file")
            # What describes the file is computed from it; a missing name and type
            # are taken from the file's own name.
            evidence.sha256 = digest
            evidence.size = len(content)
            evidence.original_filename = evidence.original_filename or name
            evidence.content_type = (
                evidence.content_type or mimetypes.guess_type(name)[0] or "application/octet-stream"
            )
            if text is None and evidence.content_type.startswith("text/"):
                try:
                    text = content.decode("utf-8")
                except UnicodeDecodeError:
                    raise ValueError(f"{path}.file: a text file that is not UTF-8.") from None
            self.files.save(evidence.file, name, content)
        evidence.extracted_text = text or ""
        save(evidence, path)

    def _evidence_data(self, evidence, item, path):
        save(evidence, path)
        for i, t in enumerate(as_list(item["tables"], f"{path}.tables")):
            at = f"{path}.tables[{i}]"
            t = DATA_TABLE.read(t, at)
            _check_columns(t["columns"], f"{at}.columns")
            table = save(DataTable(dataset=evidence, **DATA_TABLE.values(t, at, i)), at)
            for j, row in enumerate(as_list(t["rows"], f"{at}.rows")):
                rat = f"{at}.rows[{j}]"
                row = DATA_ROW.read(row, rat)
                cells = as_list(row["cells"], f"{rat}.cells")
                if len(cells) != len(t["columns"]):
                    raise ValueError(
                        f"{rat}.cells: {len(cells)} cells for {len(t['columns'])} columns."
                    )
                save(DataRow(table=table, **DATA_ROW.values(row, rat, j)), rat)


def _check_recorded(item, digest, size, path):
    """Refuse a file that is not the one the document's SHA-256 and size describe."""
    if item["sha256"] and item["sha256"] != digest:
        raise ValueError(
            f"{path}: the file's SHA-256 is {digest}, not {item['sha256']} as "
            "recorded; it is not the file the document describes."
        )
    if item["size"] is not None and item["size"] != size:
        raise ValueError(f"{path}: the file has {size} bytes, not {item['size']}.")


def _check_columns(columns, path):
    types = set(DataTable.ColumnType.values)
    for j, column in enumerate(as_list(columns, path)):
        column = DATA_COLUMN.read(column, f"{path}[{j}]")
        if column["type"] not in types:
            raise ValueError(
                f"{path}[{j}].type: {column['type']!r} is not one of {', '.join(sorted(types))}."
            )
