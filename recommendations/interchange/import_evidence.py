"""Evidence of every kind back into the database: part of the importer (importer.py).

An evidence item's keys are the common ones (`EVIDENCE`) followed by those of its
kind (`EVIDENCE_KINDS`); the plain ones of both are set when the row is made, and
each kind then adds what it holds besides: the people who gave oral evidence, the
questions and answers, the document's file, the data tables.

Evidence is a multi-table model, which `bulk_create` cannot write: each evidence row
is saved on its own (`_save_evidence`), but without the search-vector UPDATE of
`Evidence.save()`. Once every row is written, `index_evidence` builds the search text
of all the review's evidence and its vectors in a few statements.
"""

import hashlib
import mimetypes

from django.db.models import prefetch_related_objects

from recommendations.interchange.fields import (
    DATA_COLUMN,
    DATA_ROW,
    DATA_TABLE,
    EVIDENCE,
    EVIDENCE_KINDS,
    QUESTION,
    QUESTION_GROUP,
)
from recommendations.interchange.validation import as_list, parse_partial_date
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
    WrittenSubmission,
)
from reviews.models.evidence import SEARCH_MAX_CHARS, update_search_vectors

EVIDENCE_CLASSES = {
    Evidence.Kind.ORAL: OralEvidence,
    Evidence.Kind.QUESTIONS: QuestionSet,
    Evidence.Kind.CALL: CallForEvidence,
    Evidence.Kind.DOCUMENT: Document,
    Evidence.Kind.DATA: DataSet,
    Evidence.Kind.WRITTEN: WrittenSubmission,
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

    def _add_evidence(self, evidence, path):
        self.rows.add(evidence, path, save=_save_evidence)

    def _evidence_oral(self, evidence, item, path):
        self._add_evidence(evidence, path)
        self.rows.link(
            evidence,
            "given_by",
            self.refs(self.people, item["given_by"], f"{path}.given_by", "person (in people)"),
        )

    def _evidence_questions(self, evidence, item, path):
        self._add_evidence(evidence, path)
        for i, g in enumerate(as_list(item["groups"], f"{path}.groups")):
            at = f"{path}.groups[{i}]"
            g = QUESTION_GROUP.read(g, at)
            group = QuestionGroup(
                question_set=evidence,
                partner=self.organisation(g["partner"], f"{at}.partner"),
                **QUESTION_GROUP.values(g, at, i),
            )
            self.rows.add(group, at)
            for j, q in enumerate(as_list(g["questions"], f"{at}.questions")):
                qat = f"{at}.questions[{j}]"
                q = QUESTION.read(q, qat)
                self.rows.add(Question(group=group, **QUESTION.values(q, qat, j)), qat)

    def _evidence_call(self, evidence, item, path):
        self._add_evidence(evidence, path)

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
        self._add_evidence(evidence, path)

    def _evidence_written(self, evidence, item, path):
        providers = WrittenSubmission.Provider
        if evidence.provider not in providers.values:
            raise ValueError(
                f"{path}.provider: {evidence.provider!r} is not one of "
                f"{', '.join(providers.values)}."
            )
        evidence.organisation = self.organisation(item["organisation"], f"{path}.organisation")
        evidence.person = self.person(item["person"], f"{path}.person")
        named = {"organisation": evidence.organisation, "person": evidence.person}
        for key, found in named.items():
            if (found is not None) != (evidence.provider == key):
                need = "needs" if found is None else "cannot have"
                raise ValueError(f"{path}.{key}: a provider {evidence.provider!r} {need} one.")
        if evidence.public_count is not None and (
            evidence.provider != providers.PUBLIC or evidence.public_count < 1
        ):
            raise ValueError(
                f"{path}.public_count: only members of the public are counted, 1 or more."
            )
        self._evidence_document(evidence, item, path)

    def _evidence_data(self, evidence, item, path):
        self._add_evidence(evidence, path)
        for i, t in enumerate(as_list(item["tables"], f"{path}.tables")):
            at = f"{path}.tables[{i}]"
            t = DATA_TABLE.read(t, at)
            _check_columns(t["columns"], f"{at}.columns")
            table = self.rows.add(DataTable(dataset=evidence, **DATA_TABLE.values(t, at, i)), at)
            for j, row in enumerate(as_list(t["rows"], f"{at}.rows")):
                rat = f"{at}.rows[{j}]"
                row = DATA_ROW.read(row, rat)
                cells = as_list(row["cells"], f"{rat}.cells")
                if len(cells) != len(t["columns"]):
                    raise ValueError(
                        f"{rat}.cells: {len(cells)} cells for {len(t['columns'])} columns."
                    )
                _check_dates(cells, t["columns"], f"{rat}.cells")
                self.rows.add(DataRow(table=table, **DATA_ROW.values(row, rat, j)), rat)

    def index_evidence(self, review):
        """The search text and vectors of the review's evidence, once all its rows exist:
        what `Evidence.reindex()` gives each, without a query or two per row."""
        evidence = list(self.evidence.values())
        # The people who gave oral evidence, for all of it at once (`given_by.all()`).
        prefetch_related_objects([e for e in evidence if isinstance(e, OralEvidence)], "given_by")
        changed = []
        for row in evidence:
            # Questions and data tables: the model's own query for them (two per row).
            document = row.build_search_document()
            if document != row.search_document:
                row.search_document = document
                changed.append(Evidence(pk=row.pk, search_document=document))
        Evidence.objects.bulk_update(changed, ["search_document"])
        rows = Evidence.objects.filter(review=review)
        # One UPDATE for all; a text longer than what a vector is sure to hold is done on
        # its own, as `Evidence.save()` did, so that only a text too long for one is cut.
        long = [e.pk for e in evidence if len(e.search_document) > SEARCH_MAX_CHARS]
        update_search_vectors(rows.exclude(pk__in=long))
        for pk in long:
            update_search_vectors(rows.filter(pk=pk))


def _save_evidence(evidence):
    """Save one evidence row as `Evidence.save()` does, but for its search vector (see
    `index_evidence`): the kind from its class, the search text from its own fields
    (its questions, tables and people are not written yet), then the rows of both
    tables and its history row."""
    evidence.kind = evidence.kind_for_class
    evidence.search_document = evidence.build_search_document()
    super(Evidence, evidence).save()


def _check_recorded(item, digest, size, path):
    """Refuse a file that is not the one the document's SHA-256 and size describe."""
    if item["sha256"] and item["sha256"] != digest:
        raise ValueError(
            f"{path}: the file's SHA-256 is {digest}, not {item['sha256']} as "
            "recorded; it is not the file the document describes."
        )
    if item["size"] is not None and item["size"] != size:
        raise ValueError(f"{path}: the file has {size} bytes, not {item['size']}.")


def _check_dates(cells, columns, path):
    """A `date` column's cells are partial dates ("2017-07") or blank."""
    for i, (cell, column) in enumerate(zip(cells, columns, strict=True)):
        if column["type"] == DataTable.ColumnType.DATE and cell not in ("", None):
            parse_partial_date(cell, f"{path}[{i}]")


def _check_columns(columns, path):
    types = set(DataTable.ColumnType.values)
    for j, column in enumerate(as_list(columns, path)):
        column = DATA_COLUMN.read(column, f"{path}[{j}]")
        if column["type"] not in types:
            raise ValueError(
                f"{path}[{j}].type: {column['type']!r} is not one of {', '.join(sorted(types))}."
            )
