"""Pasting many at once: key lines or findings one on each line, and questions with
their answers as a table pasted from Word or Excel. Each form turns the text into the
rows it would create (`cleaned_data["items"]`), shown for confirmation before any is
saved; the same text is read again when the person confirms."""

import csv
import io
import re

from django import forms
from django.core.exceptions import ValidationError

from reviews.forms.base import GovUKFormMixin
from reviews.models import Evidence

# Numbering or a bullet at the start of a pasted line: "1. ", "2) ", "• ", "- ".
LEADING_MARK = re.compile(r"^\s*(?:\(?\d{1,3}[.)]\s+|\(?[a-z][.)]\s+|[•\-*–·▪◦]\s*)")


def without_mark(text):
    return LEADING_MARK.sub("", text, count=1).strip()


def pasted_rows(text):
    """The rows of a pasted table: cells split by tabs, as Word and Excel copy them (a
    cell holding line breaks comes in double quotes, which are read as one cell). Text
    without tabs is one cell a line. Rows with no text are left out; line breaks
    inside a cell are kept as plain newlines (a browser sends them as CRLF)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\t" in text:
        rows = csv.reader(io.StringIO(text), delimiter="\t")
    else:
        rows = ([line] for line in text.splitlines())
    return [[cell.strip() for cell in row] for row in rows if any(cell.strip() for cell in row)]


class PasteLinesForm(GovUKFormMixin, forms.Form):
    """One item on each line. `item_label` names one in messages ("key line of enquiry")."""

    item_label = "item"
    text = forms.CharField(
        label="Paste or type them, one on each line",
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text="Numbering and bullets at the start of a line are left out.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].error_messages["required"] = (
            f"Enter at least one {self.item_label}, one on each line"
        )

    def clean(self):
        cleaned = super().clean()
        lines = [without_mark(line) for line in cleaned.get("text", "").splitlines()]
        cleaned["items"] = [line for line in lines if line]
        if "text" in cleaned and not cleaned["items"]:
            self.add_error("text", self.fields["text"].error_messages["required"])
        return cleaned


class PasteKeyLinesForm(PasteLinesForm):
    item_label = "key line of enquiry"


class PasteFindingsForm(PasteLinesForm):
    item_label = "piece of information identified"

    evidence = forms.ModelMultipleChoiceField(
        queryset=Evidence.objects.none(),
        required=False,
        label="Evidence they are drawn from (optional)",
        help_text="Linked to every one pasted; you can change each one afterwards.",
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, review, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["evidence"].queryset = review.evidence.defer("search_document")


class PasteQuestionsForm(GovUKFormMixin, forms.Form):
    """Questions with their answers, as a table: one row a question, in the columns
    group (who is asked) · question · answer, optionally with "how we work together"
    after the group. A row with no group belongs to the group above it."""

    text = forms.CharField(
        label="Paste the table of questions and answers",
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=(
            "Copy the rows from Word or Excel. Columns: who is asked, the question, "
            "the answer. A fourth column, 'how we work together', may come second. "
            "Leave the first column empty to keep the group of the row above. Without "
            "columns, each line is a question for the group chosen below."
        ),
        error_messages={"required": "Paste at least one question"},
    )
    group = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label="Group for questions that do not name one (optional)",
        empty_label="None",
    )

    def __init__(self, *args, question_set, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = question_set.groups.all()
        self.known = {g.heading.strip().lower() for g in question_set.groups.all()}

    def clean(self):
        cleaned = super().clean()
        if "text" not in cleaned:
            return cleaned
        default = cleaned.get("group")
        heading = default.heading if default else ""
        items, problems = [], []
        for number, cells in enumerate(pasted_rows(cleaned["text"]), start=1):
            row_heading, how, question, answer = self._columns(cells)
            if number == 1 and question.lower().startswith("question"):
                continue  # the table's heading row
            heading = row_heading or heading
            if not question:
                problems.append(f"Row {number} has no question")
            elif not heading:
                problems.append(
                    f"Row {number} does not say who is asked: put it in the first column, "
                    "or choose a group below"
                )
            else:
                new = heading.strip().lower() not in self.known
                items.append(
                    {
                        "heading": heading,
                        "how_we_work_together": how,
                        "text": without_mark(question),
                        "answer": answer,
                        "new_group": new,
                    }
                )
        if problems:
            raise ValidationError([ValidationError(p, code="row") for p in problems[:5]])
        cleaned["items"] = items
        return cleaned

    @staticmethod
    def _columns(cells):
        """(group, how we work together, question, answer) by the number of columns:
        question · question, answer · group, question, answer · group, how, question,
        answer (any further cells are more of the answer)."""
        if len(cells) == 1:
            return "", "", cells[0], ""
        if len(cells) == 2:
            return "", "", cells[0], cells[1]
        if len(cells) == 3:
            return cells[0], "", cells[1], cells[2]
        return cells[0], cells[1], cells[2], "\n\n".join(c for c in cells[3:] if c)
