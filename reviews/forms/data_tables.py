"""A table of figures supplied as evidence: typed, pasted or imported, with its
printed total checked."""

from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError

from reviews import documents
from reviews.forms.base import GovUKFormMixin
from reviews.models import DataTable
from scrutiny.partial_dates import as_known, parse_written

NUMERIC_TYPES = (DataTable.ColumnType.NUMBER, DataTable.ColumnType.MONEY)


class _TableError(Exception):
    """A problem with the table that stops the checks: `error` is shown on `field`."""

    def __init__(self, field, error):
        super().__init__(field, error)
        self.field = field
        self.error = error


class DataTableForm(GovUKFormMixin, forms.ModelForm):
    """A table typed or pasted in (one row per line, cells separated by tabs or
    commas), or imported from a CSV/XLSX file; the printed total is checked."""

    column_spec = forms.CharField(
        label="Columns",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=(
            "One column on each line, in order. Add ': money' or ': number' after a "
            "column that holds figures, for example 'Amount: money', and ': date' after "
            "one that holds dates, for example 'Awarded: date'."
        ),
    )
    rows_text = forms.CharField(
        label="Rows",
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text="One row on each line; separate cells with a tab (as pasted from a "
        "spreadsheet) or a comma. Leave blank if you are importing a file.",
    )
    import_file = forms.FileField(
        label="Or import rows from a file",
        required=False,
        help_text="A CSV file or Excel workbook (.xlsx); its first row must be the column names.",
    )
    printed_total = forms.CharField(
        label="Total as printed in the source (optional)",
        required=False,
        help_text="We check that the rows add up to it. For example, 49933.62",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10"}),
    )

    # A save from a form loaded before someone else changed the table is refused
    # (`reviews.concurrency`): its columns, rows and total are watched as shown here.
    edit_extra_fields = ["column_spec", "rows_text", "printed_total"]

    class Meta:
        model = DataTable
        fields = ["title", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            for name, value in self.edit_initial(self.instance).items():
                self.fields[name].initial = value

    @staticmethod
    def edit_initial(table):
        """The columns, rows and printed total of `table` as this form shows them."""
        if not table.pk:
            return {}
        columns = list(table.columns)
        return {
            "column_spec": "\n".join(
                c["name"] if c.get("type", "text") == "text" else f"{c['name']}: {c['type']}"
                for c in table.columns
            ),
            "rows_text": "\n".join(
                "\t".join(
                    _as_entered(cell, column)
                    for cell, column in zip(row.cells, columns, strict=False)
                )
                for row in table.rows.all()
            ),
            "printed_total": next(iter(table.printed_totals.values()))
            if table.printed_totals
            else None,
        }

    def clean_column_spec(self):
        columns = []
        for line in self.cleaned_data["column_spec"].splitlines():
            if not line.strip():
                continue
            name, _, kind = line.partition(":")
            kind = kind.strip().lower() or DataTable.ColumnType.TEXT
            if kind not in DataTable.ColumnType.values:
                raise ValidationError(
                    "'%(kind)s' is not a column type: use money, number, date or nothing.",
                    code="bad_type",
                    params={"kind": kind},
                )
            columns.append({"name": name.strip(), "type": kind})
        if not columns:
            raise ValidationError("Enter at least one column.", code="required")
        return columns

    def clean_printed_total(self):
        value = self.cleaned_data["printed_total"].replace("£", "").replace(",", "").strip()
        if not value:
            return None
        try:
            return Decimal(value)
        except InvalidOperation:
            raise ValidationError(
                "Enter the total as a number, like 49933.62", code="invalid"
            ) from None

    def clean(self):
        """Read the rows (from the file or the text), check each fits the columns,
        turn money and number cells into plain decimals, and check the printed total.
        The first problem found is shown beside its field and stops the rest."""
        cleaned = super().clean()
        columns = cleaned.get("column_spec")
        if not columns:
            return cleaned
        upload = cleaned.get("import_file")
        rows_field = "import_file" if upload else "rows_text"
        numeric = [i for i, c in enumerate(columns) if c["type"] in NUMERIC_TYPES]
        dates = [i for i, c in enumerate(columns) if c["type"] == DataTable.ColumnType.DATE]
        try:
            if upload:
                rows = self._rows_from_file(upload, columns)
            else:
                rows = self._rows_from_text(cleaned.get("rows_text", ""))
            self._check_row_widths(rows, len(columns), rows_field)
            rows = self._with_numbers(rows, columns, numeric, rows_field)
            cleaned["rows"] = self._with_dates(rows, columns, dates, rows_field)
            cleaned["printed_totals"] = self._printed_totals(
                cleaned["rows"], columns, numeric, cleaned.get("printed_total")
            )
        except _TableError as stop:
            self.add_error(stop.field, stop.error)
        return cleaned

    @staticmethod
    def _rows_from_file(upload, columns):
        """The file's rows after its header row, which must have a name per column."""
        try:
            header, *rows = documents.read_table(upload)
        except ValidationError as error:
            raise _TableError("import_file", error) from None
        if len(header) != len(columns):
            raise _TableError(
                "import_file",
                f"The file has {len(header)} columns but you listed {len(columns)}.",
            )
        return rows

    @classmethod
    def _rows_from_text(cls, text):
        """The typed or pasted rows, one a line, leaving out lines with no cells."""
        rows = [cls._split(line) for line in text.splitlines()]
        rows = [row for row in rows if any(row)]
        if not rows:
            raise _TableError("rows_text", "Enter at least one row, or import a file.")
        return rows

    @staticmethod
    def _check_row_widths(rows, width, field):
        for number, row in enumerate(rows, start=1):
            if len(row) > width:
                raise _TableError(
                    field, f"Row {number} has {len(row)} cells but there are {width} columns."
                )

    @staticmethod
    def _with_numbers(rows, columns, numeric, field):
        """Each row padded to the width of the table, with its money and number cells
        as plain decimals ('£2,813.00' → '2813.00'); a blank cell stays blank."""
        width = len(columns)
        cleaned_rows = []
        for number, row in enumerate(rows, start=1):
            row = row + [""] * (width - len(row))
            for i in numeric:
                raw = row[i].replace("£", "").replace(",", "").strip()
                try:
                    row[i] = str(Decimal(raw)) if raw else raw
                except InvalidOperation:
                    raise _TableError(
                        field,
                        f"Row {number}: '{row[i]}' in {columns[i]['name']} is not a number.",
                    ) from None
            cleaned_rows.append(row)
        return cleaned_rows

    @staticmethod
    def _with_dates(rows, columns, dates, field):
        """Date cells as partial dates in ISO form ('July 2017' → '2017-07'), so that
        they sort as dates and print as known; a blank cell stays blank."""
        for number, row in enumerate(rows, start=1):
            for i in dates:
                if not row[i].strip():
                    continue
                try:
                    row[i] = parse_written(row[i]).isoformat()
                except ValueError:
                    raise _TableError(
                        field,
                        f"Row {number}: '{row[i]}' in {columns[i]['name']} is not a real date. "
                        "Enter it like 25 April 2023, July 2017 or 2017.",
                    ) from None
        return rows

    def _printed_totals(self, rows, columns, numeric, total):
        """{column name: total} for the last money or number column, when a total was
        given; a total the rows do not add up to is an error, but is kept."""
        if total is None:
            return {}
        if not numeric:
            raise _TableError("printed_total", "There is no money or number column to total.")
        column = numeric[-1]
        actual = sum((Decimal(row[column] or "0") for row in rows), Decimal("0"))
        if actual != total:
            self.add_error(
                "printed_total",
                f"The rows add up to {actual:,.2f}, not {total:,.2f}. "
                "Check the rows and the total.",
            )
        return {columns[column]["name"]: str(total)}

    @staticmethod
    def _split(line):
        separator = "\t" if "\t" in line else ","
        return [cell.strip() for cell in line.split(separator)]


def _as_entered(cell, column):
    """A cell as the form shows it: a date as known ("July 2017"), the rest as stored."""
    if column.get("type") == DataTable.ColumnType.DATE and cell:
        try:
            return as_known(cell)
        except ValueError:
            return str(cell)
    return str(cell)
