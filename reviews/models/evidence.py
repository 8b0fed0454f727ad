"""Evidence of every kind (one table per kind under `Evidence`), with the question
groups and questions put to partners and the data tables supplied."""

import uuid
from decimal import Decimal, InvalidOperation

from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import DataError, connection, models, transaction
from django.db.models import Q
from django.db.models.functions import Left
from django.urls import reverse
from django_cleanup import cleanup
from simple_history.models import HistoricalRecords

from reviews.models.meetings import Meeting
from reviews.models.review import OrderedInReview, Review
from scrutiny.models import Organisation, Person
from scrutiny.partial_dates import PartialDateField, as_known, partial_dates_in_order

SEARCH_CONFIG = "english"
# The tables from an evidence row down to the row of its kind (`Evidence.specific`).
KIND_PATHS = {
    "oral": ["oralevidence"],
    "questions": ["questionset"],
    "call": ["callforevidence"],
    "document": ["document"],
    "data": ["dataset"],
    "written": ["document", "writtensubmission"],
}
# How much of a very long text goes into its search vector when the whole will not fit.
SEARCH_MAX_CHARS = 500_000


def update_search_vectors(evidence):
    """Bring the stored search vectors of `evidence` (a queryset) up to date with their
    text, in one UPDATE. PostgreSQL only: SQLite searches the text itself."""
    if connection.vendor != "postgresql":
        return
    try:
        with transaction.atomic():
            evidence.update(search_vector=SearchVector("search_document", config=SEARCH_CONFIG))
    except DataError:
        # A tsvector holds at most 1 MB: index what fits of a text that large.
        vector = SearchVector(Left("search_document", SEARCH_MAX_CHARS), config=SEARCH_CONFIG)
        evidence.update(search_vector=vector)


class Evidence(OrderedInReview):
    """One source of evidence. Each kind adds its own fields in a subclass table."""

    class Kind(models.TextChoices):
        ORAL = "oral", "Oral evidence"
        QUESTIONS = "questions", "Questions to partners"
        CALL = "call", "Call for evidence"
        DOCUMENT = "document", "Document"
        DATA = "data", "Data tables"
        WRITTEN = "written", "Written submission"

    kind_for_class = None

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(max_length=20, choices=Kind, editable=False)
    title = models.CharField(max_length=255)
    summary = models.TextField(blank=True)
    meeting = models.ForeignKey(
        Meeting, on_delete=models.SET_NULL, null=True, blank=True, related_name="evidence"
    )
    received_on = PartialDateField("date received")
    created_at = models.DateTimeField(auto_now_add=True)
    # All the words of this evidence in one column, so one query can search every kind,
    # and (PostgreSQL) its full-text vector, stored and GIN-indexed so that a search
    # never parses a document's text again (reviews.search).
    search_document = models.TextField(blank=True, editable=False)
    search_vector = SearchVectorField(null=True, editable=False)

    history = HistoricalRecords(inherit=True, excluded_fields=["search_document", "search_vector"])

    class Meta(OrderedInReview.Meta):
        verbose_name_plural = "evidence"

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # A written submission is a document too: saved as a Document (its text read
        # on the queue), it stays a written submission.
        if self.kind_for_class and not self.kind:
            self.kind = self.kind_for_class
        self.search_document = self.build_search_document()
        super().save(*args, **kwargs)
        update_search_vectors(Evidence.objects.filter(pk=self.pk))

    def build_search_document(self):
        return "\n".join(part for part in [self.title, self.summary, *self.search_parts()] if part)

    def search_parts(self):
        """Kind-specific text to search; subclasses add theirs."""
        return []

    def reindex(self):
        """Rebuild the search text after rows belonging to this evidence changed."""
        specific = self.specific if type(self) is Evidence else self
        rows = Evidence.objects.filter(pk=self.pk)
        rows.update(search_document=specific.build_search_document())
        update_search_vectors(rows)

    @property
    def specific(self):
        """This evidence as its own kind (a query per table down unless prefetched)."""
        if type(self).kind_for_class == self.kind:
            return self
        item = self
        for name in KIND_PATHS[self.kind]:
            if item._meta.model_name != name:
                item = getattr(item, name)
        return item


class OralEvidence(Evidence):
    kind_for_class = Evidence.Kind.ORAL

    given_by = models.ManyToManyField(Person, blank=True, related_name="oral_evidence")

    class Meta:
        verbose_name_plural = "oral evidence"

    def search_parts(self):
        if self.pk is None:
            return []
        return [str(person) for person in self.given_by.all()]


class QuestionSet(Evidence):
    """Written questions put to partner organisations, and their answers."""

    kind_for_class = Evidence.Kind.QUESTIONS

    introduction = models.TextField(blank=True)
    sent_on = models.DateField(null=True, blank=True)

    def search_parts(self):
        parts = [self.introduction]
        if self.pk is None:
            return parts
        for group in self.groups.prefetch_related("questions"):
            parts += [group.heading, group.how_we_work_together]
            for question in group.questions.all():
                parts += [question.text, question.answer]
        return parts


class QuestionGroup(models.Model):
    """Questions for one partner (or a set of partners, or everyone)."""

    question_set = models.ForeignKey(QuestionSet, on_delete=models.CASCADE, related_name="groups")
    heading = models.CharField(max_length=255, help_text="Who is asked, as printed.")
    partner = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    how_we_work_together = models.TextField(blank=True)
    position = models.PositiveIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self):
        return self.heading


class Question(models.Model):
    group = models.ForeignKey(QuestionGroup, on_delete=models.CASCADE, related_name="questions")
    text = models.TextField()
    answer = models.TextField(blank=True)
    position = models.PositiveIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self):
        return self.text[:80]


class CallForEvidence(Evidence):
    kind_for_class = Evidence.Kind.CALL

    channel = models.CharField(max_length=255, help_text="e.g. a schools newsletter")
    published_on = PartialDateField("date published")
    closes_on = PartialDateField("closing date")
    responses_received = models.PositiveIntegerField(
        null=True, blank=True, help_text="Leave blank until known; zero is a real answer."
    )
    text = models.TextField(blank=True, help_text="The call as published.")

    class Meta:
        verbose_name_plural = "calls for evidence"
        constraints = [
            partial_dates_in_order(
                "published_on",
                "closes_on",
                name="call_closes_after_published",
                message="A call for evidence cannot close before it is published.",
            ),
        ]

    def search_parts(self):
        return [self.channel, self.text]


def evidence_upload_path(instance, filename):
    return f"evidence/{instance.review_id}/{uuid.uuid4().hex}/{filename}"


@cleanup.select
class Document(Evidence):
    """An uploaded document. Deleting it (or replacing its file) deletes the stored
    file once the transaction commits (django-cleanup)."""

    class TextStatus(models.TextChoices):
        READING = "reading", "Being read"
        READ = "read", "Read"
        UNREADABLE = "unreadable", "Could not be read"

    kind_for_class = Evidence.Kind.DOCUMENT

    file = models.FileField(upload_to=evidence_upload_path, blank=True)
    original_filename = models.CharField(max_length=255, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    author = models.CharField(max_length=255, blank=True, help_text="Who published it.")
    published_on = PartialDateField("date published")
    source_url = models.URLField(blank=True)
    extracted_text = models.TextField(blank=True)
    # Text is read from the file on the task queue after upload (reviews.tasks).
    text_status = models.CharField(max_length=20, choices=TextStatus, default=TextStatus.READ)
    text_note = models.TextField(
        blank=True, help_text="Why the text could not be read, or that it was cut short."
    )

    def search_parts(self):
        return [self.author, self.original_filename, self.extracted_text]

    @property
    def text_job_key(self):
        return f"document-text:{self.pk}:{self.sha256}"

    def get_download_url(self):
        return reverse(
            "reviews:document_download", kwargs={"slug": self.review.slug, "pk": self.pk}
        )


@cleanup.select
class WrittenSubmission(Document):
    """What someone wrote to the review: as text, a file, or both. A document, so that
    its file is checked, stored and read as any document's is."""

    class Provider(models.TextChoices):
        ORGANISATION = "organisation", "An organisation"
        PERSON = "person", "A named person"
        PUBLIC = "public", "Members of the public"

    kind_for_class = Evidence.Kind.WRITTEN

    provider = models.CharField(max_length=20, choices=Provider, default=Provider.ORGANISATION)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    public_count = models.PositiveIntegerField(
        "number of people",
        null=True,
        blank=True,
        help_text="How many members of the public wrote; leave blank if not known.",
    )
    text = models.TextField(blank=True, help_text="The submission as written.")

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    provider="organisation", organisation__isnull=False, person__isnull=True
                )
                | Q(provider="person", person__isnull=False, organisation__isnull=True)
                | Q(provider="public", person__isnull=True, organisation__isnull=True),
                name="written_submission_has_its_provider",
                violation_error_message=(
                    "A written submission names the organisation or the person who wrote "
                    "it, or neither for members of the public."
                ),
            ),
            models.CheckConstraint(
                condition=Q(public_count__isnull=True) | Q(provider="public", public_count__gte=1),
                name="written_submission_count_of_public",
                violation_error_message="Only members of the public are counted, at least one.",
            ),
        ]

    def save(self, *args, **kwargs):
        if not self.title.strip():
            self.title = f"Written submission from {self.provider_name}"[:255]
        super().save(*args, **kwargs)

    @property
    def provider_name(self):
        """Who wrote it, as printed: "Northamptonshire Police", "Councillor Ann Smith",
        "Members of the public" or "12 members of the public"."""
        if self.provider == self.Provider.ORGANISATION:
            return self.organisation.name if self.organisation else ""
        if self.provider == self.Provider.PERSON:
            return str(self.person) if self.person else ""
        if self.public_count:
            return f"{self.public_count} members of the public"
        return "Members of the public"

    @property
    def listing(self):
        """As the report lists it: "<provider> — <date as known>", or only the provider
        when undated."""
        if self.received_on:
            return f"{self.provider_name} — {as_known(self.received_on)}"
        return self.provider_name

    def search_parts(self):
        return [self.provider_name, self.text, *super().search_parts()]


class DataSet(Evidence):
    """One or more tables of figures supplied as evidence (e.g. grant funding)."""

    kind_for_class = Evidence.Kind.DATA

    introduction = models.TextField(blank=True)

    def search_parts(self):
        parts = [self.introduction]
        if self.pk is None:
            return parts
        for table in self.tables.prefetch_related("rows"):
            parts += [table.title, table.description]
            parts += [" ".join(str(cell) for cell in row.cells) for row in table.rows.all()]
        return parts


class DataTable(models.Model):
    class ColumnType(models.TextChoices):
        TEXT = "text", "Text"
        NUMBER = "number", "Number"
        MONEY = "money", "Money (£)"
        DATE = "date", "Date"

    dataset = models.ForeignKey(DataSet, on_delete=models.CASCADE, related_name="tables")
    title = models.CharField(max_length=255)
    description = models.TextField(blank=True)
    columns = models.JSONField(
        default=list, help_text='[{"name": "Amount", "type": "money"}, …] in printed order.'
    )
    printed_totals = models.JSONField(
        default=dict,
        blank=True,
        help_text='Totals as printed in the source, by column name: {"Amount": "49933.62"}.',
    )
    position = models.PositiveIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self):
        return self.title

    @property
    def numeric_columns(self):
        return [
            c["name"]
            for c in self.columns
            if c.get("type") in (self.ColumnType.NUMBER, self.ColumnType.MONEY)
        ]

    def totals(self):
        """Sum of each numeric column over the rows, as Decimals."""
        names = [c["name"] for c in self.columns]
        sums = {name: Decimal("0") for name in self.numeric_columns}
        for row in self.rows.all():
            for name in sums:
                value = row.cells[names.index(name)] if names.index(name) < len(row.cells) else ""
                try:
                    sums[name] += Decimal(str(value or "0"))
                except InvalidOperation:
                    continue
        return sums

    def total_discrepancies(self):
        """Printed totals that do not equal the sum of the rows: {column: (printed, sum)}."""
        sums = self.totals()
        return {
            name: (Decimal(printed), sums.get(name))
            for name, printed in self.printed_totals.items()
            if sums.get(name) != Decimal(printed)
        }


class DataRow(models.Model):
    table = models.ForeignKey(DataTable, on_delete=models.CASCADE, related_name="rows")
    cells = models.JSONField(default=list, help_text="Values in column order; money as '2813.00'.")
    position = models.PositiveIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self):
        return " | ".join(str(c) for c in self.cells)[:80]
