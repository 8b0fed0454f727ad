"""Officers' forms: good input is saved; bad input comes back with everything typed,
a message beside the field, and nothing saved."""

import pytest
from django.urls import reverse

from recommendations.models import Recommendation
from reviews.models import (
    CallForEvidence,
    Conclusion,
    DataRow,
    DataTable,
    Document,
    KeyLineOfEnquiry,
    Meeting,
    Milestone,
    Review,
    WorkingGroupMember,
)
from scrutiny.jobs import run_queued_tasks
from tests.edit_forms import with_token
from tests.factories import (
    ConclusionFactory,
    DataSetFactory,
    DocumentFactory,
    MeetingFactory,
    PanelMembershipFactory,
    RecommendationFactory,
    WorkingGroupMemberFactory,
)
from tests.pdfs import make_pdf


def date_fields(prefix, day, month, year):
    return {f"{prefix}_0": day, f"{prefix}_1": month, f"{prefix}_2": year}


@pytest.fixture
def officer_client(client, officer):
    client.force_login(officer)
    return client


def url(name, review, **kwargs):
    return reverse(name, kwargs={"slug": review.slug, **kwargs})


# --- creating a review ----------------------------------------------------------------


@pytest.mark.django_db
def test_officer_creates_a_review_in_their_body(officer_client, body):
    response = officer_client.post(
        reverse("reviews:create"),
        {
            "body": body.pk,
            "short_title": "Rural Crime",
            "working_group_name": "Rural Crime Working Group",
            "title": "Scrutiny of the response to rural crime",
            "topic": "Rural crime",
            **date_fields("commissioned_on", "8", "9", "2025"),
        },
    )
    review = Review.objects.get(short_title="Rural Crime")
    assert response.status_code == 302
    assert response.url == review.get_absolute_url()
    assert review.body == body
    assert review.slug == "rural-crime"
    assert str(review.commissioned_on) == "2025-09-08"


@pytest.mark.django_db
def test_a_review_without_a_title_is_refused_and_what_was_typed_is_kept(officer_client, body):
    response = officer_client.post(
        reverse("reviews:create"),
        {"body": body.pk, "short_title": "Rural Crime", "working_group_name": "", "topic": "x"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Enter the name of the working group" in page
    assert 'value="Rural Crime"' in page
    assert not Review.objects.filter(short_title="Rural Crime").exists()


@pytest.mark.django_db
def test_a_review_cannot_be_created_in_another_body(officer_client, body):
    from tests.factories import ScrutinyBodyFactory

    other = ScrutinyBodyFactory()
    response = officer_client.post(
        reverse("reviews:create"),
        {
            "body": other.pk,
            "short_title": "X",
            "working_group_name": "X",
            "title": "X",
            "topic": "X",
        },
    )
    assert response.status_code == 200
    assert "only start reviews for a body where you are an officer" in response.content.decode()
    assert not Review.objects.filter(body=other).exists()


# --- scope and timetable --------------------------------------------------------------


@pytest.mark.django_db
def test_key_lines_are_added_in_order_and_can_be_moved(officer_client, review):
    for text in ["First question?", "Second question?"]:
        officer_client.post(url("reviews:keyline_add", review), {"text": text})
    first, second = review.key_lines.all()
    assert [first.text, second.text] == ["First question?", "Second question?"]
    response = officer_client.post(
        url("reviews:keyline_move", review, pk=second.pk), {"direction": "up"}
    )
    assert response.status_code == 302
    assert list(review.key_lines.values_list("text", flat=True)) == [
        "Second question?",
        "First question?",
    ]


@pytest.mark.django_db
def test_a_milestone_ending_before_it_starts_is_refused(officer_client, review):
    response = officer_client.post(
        url("reviews:milestone_add", review),
        {
            "description": "Evidence-gathering",
            **date_fields("planned_start", "", "3", "2024"),
            **date_fields("planned_end", "", "2", "2024"),
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "The planned end must be on or after the planned date." in page
    assert 'value="Evidence-gathering"' in page
    assert not Milestone.objects.exists()


@pytest.mark.django_db
def test_an_impossible_date_is_refused_with_a_message(officer_client, review):
    response = officer_client.post(
        url("reviews:variation_add", review),
        {
            "agreed_at": "Panel",
            "description": "Later report",
            **date_fields("agreed_on", "31", "2", "2023"),
        },
    )
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert not review.variations.exists()


@pytest.mark.django_db
def test_a_call_for_evidence_closing_before_it_is_published_is_refused(officer_client, review):
    response = officer_client.post(
        url("reviews:evidence_add_kind", review, kind="call"),
        {
            "title": "Views from schools",
            "channel": "HeadWest",
            **date_fields("published_on", "1", "5", "2023"),
            **date_fields("closes_on", "19", "4", "2023"),
            "responses_received": "0",
        },
    )
    page = response.content.decode()
    assert "The closing date must be on or after the date published." in page
    assert 'value="HeadWest"' in page
    assert not CallForEvidence.objects.exists()


@pytest.mark.django_db
def test_zero_responses_to_a_call_is_kept_as_zero(officer_client, review):
    officer_client.post(
        url("reviews:evidence_add_kind", review, kind="call"),
        {
            "title": "Views from schools",
            "channel": "HeadWest",
            **date_fields("published_on", "25", "4", "2023"),
            **date_fields("closes_on", "19", "5", "2023"),
            "responses_received": "0",
        },
    )
    assert CallForEvidence.objects.get().responses_received == 0


# --- working group and meetings ---------------------------------------------------------


@pytest.mark.django_db
def test_only_the_bodys_members_can_join_the_working_group(officer_client, review):
    stranger = PanelMembershipFactory().person  # a member of another body
    response = officer_client.post(
        url("reviews:member_add", review), {"person": stranger.pk, "role": "member"}
    )
    assert "Select panel member from the list" in response.content.decode()
    assert not WorkingGroupMember.objects.exists()


@pytest.mark.django_db
def test_a_second_chair_is_refused(officer_client, review):
    WorkingGroupMemberFactory(review=review, role="chair")
    candidate = PanelMembershipFactory(body=review.body).person
    response = officer_client.post(
        url("reviews:member_add", review), {"person": candidate.pk, "role": "chair"}
    )
    assert "The working group already has a chair." in response.content.decode()
    assert review.working_group.count() == 1


@pytest.mark.django_db
def test_attendance_is_recorded_for_working_group_members(officer_client, review):
    present, absent = (
        WorkingGroupMemberFactory(review=review),
        WorkingGroupMemberFactory(review=review),
    )
    meeting = MeetingFactory(review=review)
    attendance = url("reviews:meeting_attendance", review, pk=meeting.pk)
    officer_client.post(
        attendance,
        with_token(
            officer_client,
            attendance,
            {f"person_{present.person_id}": "present", f"person_{absent.person_id}": "apologies"},
        ),
    )
    assert dict(meeting.attendance.values_list("person_id", "status")) == {
        present.person_id: "present",
        absent.person_id: "apologies",
    }


@pytest.mark.django_db
def test_a_witness_is_recorded_with_job_title_and_organisation(officer_client, review):
    meeting = MeetingFactory(review=review)
    officer_client.post(
        url("reviews:witness_add", review, meeting_pk=meeting.pk),
        {
            "given_name": "Jackie",
            "family_name": "Jones",
            "job_title": "Head of Early Intervention and Youth Services",
            "new_organisation": "Office of the Police, Fire and Crime Commissioner",
        },
    )
    witness = meeting.witnesses.get()
    assert witness.person.full_name == "Jackie Jones"
    assert witness.job_title == "Head of Early Intervention and Youth Services"
    assert witness.organisation.name == "Office of the Police, Fire and Crime Commissioner"


@pytest.mark.django_db
def test_a_meeting_without_a_date_is_refused(officer_client, review):
    response = officer_client.post(
        url("reviews:meeting_add", review), {"kind": "working_group", "purpose": "Budgets"}
    )
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Budgets" in page
    assert not Meeting.objects.exists()


# --- documents --------------------------------------------------------------------------


@pytest.mark.django_db
def test_an_uploaded_pdf_is_kept_with_its_text(officer_client, review):
    pdf = make_pdf("Caseloads are capped at fourteen families.")
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = officer_client.post(
        url("reviews:evidence_add_kind", review, kind="document"),
        {"title": "Caseload note", "upload": SimpleUploadedFile("note.pdf", pdf)},
    )
    document = Document.objects.get()
    assert response.status_code == 302
    # The request kept the file; its text is read on the task queue.
    assert document.text_status == Document.TextStatus.READING
    assert "being read" in officer_client.get(response.url).content.decode().lower()
    run_queued_tasks()
    document.refresh_from_db()
    assert document.text_status == Document.TextStatus.READ
    assert "capped at fourteen families" in document.extracted_text
    assert document.content_type == "application/pdf"
    assert document.size == len(pdf)
    download = officer_client.get(document.get_download_url())
    assert b"".join(download.streaming_content) == pdf


@pytest.mark.django_db
def test_a_renamed_file_that_is_not_a_pdf_is_refused(officer_client, review):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = officer_client.post(
        url("reviews:evidence_add_kind", review, kind="document"),
        {
            "title": "Budget",
            "upload": SimpleUploadedFile("budget.pdf", b"PK\x03\x04not really a pdf" + b"\0" * 64),
        },
    )
    page = response.content.decode()
    assert "must be a PDF, a Word document (.docx) or a plain text file" in page
    assert 'value="Budget"' in page
    assert not Document.objects.exists()


@pytest.mark.django_db
def test_a_file_over_the_cap_is_refused(officer_client, review, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MAX_UPLOAD_BYTES = 2048
    response = officer_client.post(
        url("reviews:evidence_add_kind", review, kind="document"),
        {"title": "Big", "upload": SimpleUploadedFile("big.txt", b"word " * 1000)},
    )
    assert "the largest file you can upload is 2.0\xa0KB" in response.content.decode()
    assert not Document.objects.exists()


# --- data tables ------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_table_whose_rows_do_not_add_up_to_the_printed_total_is_refused(officer_client, review):
    dataset = DataSetFactory(review=review)
    rows = "Bulwick Parish Council\t2,813.00\nClipston Parish Council\t4,925.52"
    response = officer_client.post(
        url("reviews:data_table_add", review, evidence_pk=dataset.pk),
        {
            "title": "Road Safety Fund",
            "column_spec": "Recipient\nAmount: money",
            "rows_text": rows,
            "printed_total": "£7,700.00",
        },
    )
    page = response.content.decode()
    assert "The rows add up to 7,738.52, not 7,700.00." in page
    assert "Clipston Parish Council" in page
    assert not DataTable.objects.exists()


@pytest.mark.django_db
def test_a_table_that_adds_up_is_saved_with_its_rows(officer_client, review):
    dataset = DataSetFactory(review=review)
    officer_client.post(
        url("reviews:data_table_add", review, evidence_pk=dataset.pk),
        {
            "title": "Road Safety Fund",
            "column_spec": "Recipient\nAmount: money",
            "rows_text": "Bulwick Parish Council\t2,813.00\nClipston Parish Council\t4,925.52",
            "printed_total": "7738.52",
        },
    )
    table = DataTable.objects.get()
    assert [row.cells for row in table.rows.all()] == [
        ["Bulwick Parish Council", "2813.00"],
        ["Clipston Parish Council", "4925.52"],
    ]
    assert table.total_discrepancies() == {}


@pytest.mark.django_db
def test_a_table_is_imported_from_csv(officer_client, review):
    from django.core.files.uploadedfile import SimpleUploadedFile

    dataset = DataSetFactory(review=review)
    csv = b"Recipient,Area,Amount\nTeam Shoe Box,Northampton,2980\nCorby ABC,Corby,3000\n"
    officer_client.post(
        url("reviews:data_table_add", review, evidence_pk=dataset.pk),
        {
            "title": "Small grants",
            "column_spec": "Recipient\nArea\nAmount: money",
            "import_file": SimpleUploadedFile("grants.csv", csv),
            "printed_total": "5980",
        },
    )
    table = DataTable.objects.get()
    assert table.rows.count() == 2
    assert table.totals() == {"Amount": 5980}


# --- conclusions and recommendations ---------------------------------------------------


@pytest.mark.django_db
def test_a_conclusion_is_linked_to_its_evidence(officer_client, review):
    document = DocumentFactory(review=review)
    officer_client.post(
        url("reviews:conclusion_add", review),
        {"text": "Outcomes are not evidenced.", "evidence": [document.pk]},
    )
    conclusion = Conclusion.objects.get()
    assert list(conclusion.evidence.all()) == [document.evidence_ptr]


@pytest.mark.django_db
def test_a_conclusion_cannot_cite_another_reviews_evidence(officer_client, review):
    foreign = DocumentFactory()
    response = officer_client.post(
        url("reviews:conclusion_add", review), {"text": "X", "evidence": [foreign.pk]}
    )
    assert "Select evidence from the list" in response.content.decode()
    assert not Conclusion.objects.exists()


@pytest.mark.django_db
def test_a_duplicate_recommendation_number_is_refused(officer_client, review):
    RecommendationFactory(review=review, number=1)
    conclusion = ConclusionFactory(review=review)
    response = officer_client.post(
        url("recommendations:add", review),
        {
            "number": "1",
            "reason": "The importance of data.",
            "text": "That the PFCC review data.",
            "addressed_to": ["panel"],
            "conclusions": [conclusion.pk],
        },
    )
    page = response.content.decode()
    assert "Recommendation 1 already exists in this review." in page
    assert "That the PFCC review data." in page
    assert review.recommendations.count() == 1


@pytest.mark.django_db
def test_recommendations_are_renumbered_by_moving_them(officer_client, review):
    first = RecommendationFactory(review=review, number=1, text="First")
    second = RecommendationFactory(review=review, number=2, text="Second")
    officer_client.post(url("recommendations:move", review, pk=second.pk), {"direction": "up"})
    assert dict(Recommendation.objects.values_list("text", "number")) == {
        "Second": 1,
        "First": 2,
    }
    first.refresh_from_db()
    assert first.number == 2


# --- who may do what ---------------------------------------------------------------------


@pytest.mark.django_db
def test_a_member_can_read_but_not_change(client, member, review):
    client.force_login(member)
    assert client.get(url("reviews:scope", review)).status_code == 200
    assert "Edit the scope" not in client.get(url("reviews:scope", review)).content.decode()
    response = client.post(url("reviews:keyline_add", review), {"text": "Sneaky?"})
    assert response.status_code == 403
    assert not KeyLineOfEnquiry.objects.exists()


@pytest.mark.django_db
def test_another_bodys_officer_sees_nothing(client, other_officer, review):
    client.force_login(other_officer)
    assert client.get(url("reviews:evidence", review)).status_code == 404
    response = client.post(url("reviews:keyline_add", review), {"text": "Sneaky?"})
    assert response.status_code == 404
    assert not KeyLineOfEnquiry.objects.exists()


@pytest.mark.django_db
def test_changes_appear_in_the_reviews_history_with_who_made_them(officer_client, officer, review):
    officer_client.post(url("reviews:keyline_add", review), {"text": "What works?"})
    line = review.key_lines.get()
    edit = url("reviews:keyline_edit", review, pk=line.pk)
    officer_client.post(edit, with_token(officer_client, edit, {"text": "What works well?"}))
    page = officer_client.get(url("reviews:history", review)).content.decode()
    assert "Changed: key line of enquiry" in page
    assert "What works?" in page and "What works well?" in page
    assert officer.person.full_name in page


@pytest.mark.django_db
def test_questions_to_a_partner_and_their_answers_are_recorded_and_searchable(
    officer_client, review
):
    from reviews.models import Evidence
    from reviews.search import search_evidence
    from tests.factories import QuestionSetFactory

    question_set = QuestionSetFactory(review=review)
    officer_client.post(
        url("reviews:question_group_add", review, evidence_pk=question_set.pk),
        {"heading": "Police", "how_we_work_together": "Referrals come from PPNs."},
    )
    group = question_set.groups.get()
    officer_client.post(
        url("reviews:question_add", review, evidence_pk=question_set.pk, group_pk=group.pk),
        {"text": "How many PPN referrals this year?", "answer": "526 PPNs received."},
    )
    assert group.questions.get().answer == "526 PPNs received."
    found = search_evidence(Evidence.objects.filter(review=review), "526 PPNs")
    assert [e.pk for e in found] == [question_set.pk]


@pytest.mark.django_db
def test_deleting_a_document_deletes_its_file(
    officer_client, review, django_capture_on_commit_callbacks
):
    from django.core.files.storage import default_storage
    from django.core.files.uploadedfile import SimpleUploadedFile

    officer_client.post(
        url("reviews:evidence_add_kind", review, kind="document"),
        {"title": "Caseload note", "upload": SimpleUploadedFile("note.txt", b"Caseloads.")},
    )
    document = Document.objects.get()
    stored = document.file.name
    assert default_storage.exists(stored)

    with django_capture_on_commit_callbacks(execute=True):
        response = officer_client.post(url("reviews:evidence_delete", review, pk=document.pk))

    assert response.status_code == 302
    assert not Document.objects.exists()
    assert not default_storage.exists(stored)


@pytest.mark.django_db
def test_changing_a_table_s_rows_leaves_them_in_the_review_s_history(officer_client, review):
    dataset = DataSetFactory(review=review)
    add = url("reviews:data_table_add", review, evidence_pk=dataset.pk)
    officer_client.post(
        add,
        {
            "title": "Road Safety Fund",
            "column_spec": "Recipient\nAmount: money",
            "rows_text": "Bulwick Parish Council\t2,813.00",
        },
    )
    table = DataTable.objects.get()
    edit = url("reviews:data_table_edit", review, evidence_pk=dataset.pk, pk=table.pk)
    officer_client.post(
        edit,
        with_token(
            officer_client,
            edit,
            {
                "title": "Road Safety Fund",
                "column_spec": "Recipient\nAmount: money",
                "rows_text": "Clipston Parish Council\t4,925.52",
            },
        ),
    )

    history = officer_client.get(url("reviews:history", review)).content.decode()
    row_history = DataRow.history.order_by("history_id")
    assert [(h.history_type, h.cells[0]) for h in row_history] == [
        ("+", "Bulwick Parish Council"),
        ("-", "Bulwick Parish Council"),
        ("+", "Clipston Parish Council"),
    ]
    assert "Clipston Parish Council" in history


@pytest.mark.django_db
@pytest.mark.parametrize("day,month,year", [("31", "2", "2026"), ("1", "2147483648", "2026")])
def test_a_date_that_does_not_exist_says_so_in_plain_words(
    officer_client, review, day, month, year
):
    response = officer_client.post(
        url("reviews:variation_add", review),
        {
            "agreed_on_0": day,
            "agreed_on_1": month,
            "agreed_on_2": year,
            "agreed_at": "Panel",
            "description": "Report moved to June.",
        },
    )

    assert response.status_code == 200
    assert "Date agreed must be a real date" in response.content.decode()
