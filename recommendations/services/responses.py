"""Each addressee's responses: saved (with their letter) and published."""

from pathlib import PurePosixPath

from django.db import transaction

from recommendations.models import Response


@transaction.atomic
def response_save(*, form, recommendation, responding_body, user, send=False) -> Response:
    """Save the response from a valid `ResponseForm`, storing a new letter with what
    describes it; with `send`, record it as received (today, or on the date an
    officer gave). Raises ValidationError or TransitionNotAllowed."""
    response = form.save(commit=False)
    response.recommendation = recommendation
    response.responding_body = responding_body
    if response.pk is None:
        response.entered_by = user
    if form.letter is not None:
        upload = form.cleaned_data["letter_upload"]
        response.letter.save(PurePosixPath(upload.name).name, upload, save=False)
        response.letter_filename = PurePosixPath(upload.name).name
        response.letter_size = form.letter.size
        response.letter_sha256 = form.letter.sha256
    response.full_clean()
    response.save()
    if send:
        response.submit(user=user, received_on=form.cleaned_data.get("received_on"))
    return response


@transaction.atomic
def responses_publish(*, review, user) -> int:
    """Publish every received response of `review`; the number published."""
    received = Response.objects.filter(
        recommendation__review=review, status=Response.Status.SUBMITTED
    ).select_for_update()
    count = 0
    for response in received:
        response.publish(user=user)
        count += 1
    return count
