"""Writes that touch more than one row, or leave the request: keyword-only functions."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from simple_history.utils import bulk_create_with_history

from reviews import documents
from reviews.models import (
    Attendance,
    DataRow,
    Document,
    Finding,
    KeyLineOfEnquiry,
    Question,
    QuestionGroup,
    Review,
    Witness,
)
from scrutiny.models import Job, Organisation, PanelMembership, Person

# Slugs a review cannot have, because fixed paths under /reviews/ use them.
RESERVED_SLUGS = {"new", "search"}


def review_create(*, form, body):
    """Save a new review from `NewReviewForm`, with a unique slug from its short title."""
    review = form.save(commit=False)
    review.body = body
    base = slugify(review.short_title)[:80] or "review"
    slug, n = base, 1
    while slug in RESERVED_SLUGS or Review.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    review.slug = slug
    review.save()
    return review


def ordered_item_move(*, item, siblings, direction):
    """Swap `item` with its neighbour above ("up") or below ("down") among `siblings`
    (a queryset ordered by position). Positions are renumbered 1..n so gaps and ties
    left by earlier edits cannot make a move do nothing."""
    items = list(siblings)
    index = next(i for i, other in enumerate(items) if other.pk == item.pk)
    target = index - 1 if direction == "up" else index + 1
    if not 0 <= target < len(items):
        return False
    items[index], items[target] = items[target], items[index]
    with transaction.atomic():
        for position, other in enumerate(items, start=1):
            if other.position != position:
                other.position = position
                other.save(update_fields=["position"])
    return True


def ordered_items_reorder(*, review, items):
    """Give `items` (all of one list, in the order wanted) positions 1..n, saving only
    those that move, each with its history row."""
    with transaction.atomic():
        review_lock(review)
        for position, item in enumerate(items, start=1):
            if item.position != position:
                item.position = position
                item.save(update_fields=["position"])


def review_lock(review):
    """Lock the review's row until the transaction ends: changes inside one review
    wait for each other."""
    Review.objects.select_for_update().filter(pk=review.pk).exists()


def child_save(*, form, review, siblings):
    """Save a form's object that belongs to `review`, a new one after its `siblings`.
    Saves in one review wait for each other (a row lock on the review), so two adds
    never take the same position; a clash the database refuses (a unique number
    saved a moment ago) raises IntegrityError with nothing saved."""
    with transaction.atomic():
        review_lock(review)
        obj = form.save(commit=False)
        if hasattr(obj, "position") and not obj.pk and not obj.position:
            obj.position = next_position(siblings)
        obj.save()
        form.save_m2m()
    return obj


def next_position(siblings):
    last = siblings.order_by("-position").values_list("position", flat=True).first()
    return (last or 0) + 1


def _add_in_order(*, review, siblings, items):
    """Save unsaved `items` after `siblings`, in the order given. Each is saved on its
    own, so each leaves its history row."""
    review_lock(review)
    position = next_position(siblings)
    for offset, item in enumerate(items):
        item.position = position + offset
        item.save()
    return items


@transaction.atomic
def key_lines_add(*, review, texts):
    """Add key lines of enquiry (pasted, one a line) after the review's others."""
    return _add_in_order(
        review=review,
        siblings=review.key_lines.all(),
        items=[KeyLineOfEnquiry(review=review, text=text) for text in texts],
    )


@transaction.atomic
def findings_add(*, review, texts, evidence=()):
    """Add information identified (pasted, one a line), each linked to `evidence`."""
    findings = _add_in_order(
        review=review,
        siblings=review.findings.all(),
        items=[Finding(review=review, text=text) for text in texts],
    )
    for finding in findings:
        finding.evidence.set(evidence)
    return findings


@transaction.atomic
def questions_add(*, question_set, rows):
    """Add questions with their answers to `question_set`, from `PasteQuestionsForm`'s
    rows: each goes to the group with its heading (ignoring case), or to a new group
    created after the others, with the row's "how we work together"."""
    review_lock(question_set.review)
    groups = {g.heading.strip().lower(): g for g in question_set.groups.all()}
    group_position = next_position(question_set.groups.all())
    questions = []
    for row in rows:
        key = row["heading"].strip().lower()
        if key not in groups:
            groups[key] = QuestionGroup.objects.create(
                question_set=question_set,
                heading=row["heading"].strip(),
                how_we_work_together=row["how_we_work_together"],
                position=group_position,
            )
            group_position += 1
        group = groups[key]
        questions.append(
            Question.objects.create(
                group=group,
                text=row["text"],
                answer=row["answer"],
                position=next_position(group.questions.all()),
            )
        )
    question_set.reindex()
    return questions


@transaction.atomic
def working_group_member_add(*, form, review):
    """Save a new `WorkingGroupMemberForm`; someone new named in it first becomes a
    person and a member of the body's panel."""
    data = form.cleaned_data
    if data.get("person") is None:
        person = Person.objects.create(
            honorific=data.get("honorific", "").strip(),
            given_name=data["given_name"].strip(),
            family_name=data["family_name"].strip(),
        )
        PanelMembership.objects.create(
            body=review.body,
            person=person,
            kind=data.get("kind") or PanelMembership.Kind.COUNCILLOR,
        )
        form.instance.person = person
    return child_save(form=form, review=review, siblings=review.working_group.all())


@transaction.atomic
def meeting_record_attendance(*, meeting, statuses):
    """Set each person's attendance; '' removes a record ("not recorded")."""
    current = {a.person_id: a for a in meeting.attendance.all()}
    for person_id, status in statuses.items():
        record = current.get(person_id)
        if not status:
            if record:
                record.delete()
        elif record is None:
            Attendance.objects.create(meeting=meeting, person_id=person_id, status=status)
        elif record.status != status:
            record.status = status
            record.save(update_fields=["status"])


def _organisation(data):
    """The organisation chosen in `WitnessForm` data, or the new one named there."""
    if data.get("new_organisation"):
        organisation, _ = Organisation.objects.get_or_create(name=data["new_organisation"].strip())
        return organisation
    return data.get("organisation")


@transaction.atomic
def witness_add(*, meeting, data):
    """Record a witness from `WitnessForm` data: the person chosen, or one named there
    (reusing a person already known by that name and organisation). A blank job title
    or organisation takes the one they last appeared with, else the person's own."""
    organisation = _organisation(data)
    person = data.get("person")
    if person is not None:
        last = person.appearances.order_by("-meeting__date", "-pk").first()
        if last:
            data = {**data, "job_title": data.get("job_title") or last.job_title}
            organisation = organisation or last.organisation
    else:
        person, _ = Person.objects.get_or_create(
            honorific=data.get("honorific", ""),
            given_name=data["given_name"],
            family_name=data["family_name"],
            organisation=organisation,
            defaults={"job_title": data.get("job_title", "")},
        )
    job_title = data.get("job_title") or person.job_title
    if job_title != person.job_title:
        person.job_title = job_title
        person.save(update_fields=["job_title"])
    witness, _ = Witness.objects.get_or_create(
        meeting=meeting,
        person=person,
        defaults={"job_title": job_title, "organisation": organisation or person.organisation},
    )
    return witness


@transaction.atomic
def witness_update(*, witness, data):
    """Correct a witness from `WitnessForm` data: the person's name (everywhere it
    appears), and their job title and organisation as at this meeting."""
    person = witness.person
    person.honorific = data.get("honorific", "")
    person.given_name = data["given_name"]
    person.family_name = data["family_name"]
    person.save()
    witness.job_title = data.get("job_title", "")
    witness.organisation = _organisation(data)
    witness.save()
    return witness


@transaction.atomic
def document_save(*, form):
    """Save a `DocumentForm`: the file with its checked type, size and hash. A new file's
    text is read on the task queue (`document_read_text`), never in the request."""
    document = form.save(commit=False)
    upload = form.cleaned_data.get("upload")
    if upload:
        checked = form.checked
        upload.seek(0)
        document.file.save(upload.name, upload, save=False)
        document.original_filename = upload.name
        document.content_type = checked.content_type
        document.size = checked.size
        document.sha256 = checked.sha256
        document.extracted_text = document.text_note = ""
        document.text_status = Document.TextStatus.READING
    if not document.position:
        document.position = next_position(document.review.evidence.all())
    document.save()
    form.save_m2m()
    if upload:
        from reviews.tasks import read_document_text

        Job.start(document.text_job_key, read_document_text, document_id=document.pk)
    return document


def document_read_text(*, document):
    """Read the text of `document`'s file into it (on the task queue), or record why it
    could not be read. The file stays either way."""
    with document.file.open("rb") as handle:
        data = handle.read()
    try:
        text, note = documents.extract_text(data, document.content_type)
    except ValidationError as error:
        document.extracted_text = ""
        document.text_status = Document.TextStatus.UNREADABLE
        document.text_note = error.messages[0]
    else:
        document.extracted_text = text
        document.text_status = Document.TextStatus.READ
        document.text_note = note
    # Only what reading wrote: an officer may have edited the title meanwhile.
    document.save(update_fields=["extracted_text", "text_status", "text_note", "search_document"])


@transaction.atomic
def data_table_save(*, form, dataset):
    """Save a `DataTableForm` and replace the table's rows with the checked ones."""
    table = form.save(commit=False)
    table.dataset = dataset
    table.columns = form.cleaned_data["column_spec"]
    table.printed_totals = form.cleaned_data["printed_totals"]
    if not table.pk:
        table.position = next_position(dataset.tables.all())
    table.save()
    # Row by row, and in bulk with their history, so the review's history shows the
    # rows that went and the rows that came.
    for row in table.rows.all():
        row.delete()
    bulk_create_with_history(
        [
            DataRow(table=table, cells=cells, position=i)
            for i, cells in enumerate(form.cleaned_data["rows"], start=1)
        ],
        DataRow,
    )
    dataset.reindex()
    return table
