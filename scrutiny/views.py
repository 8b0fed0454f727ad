"""Sign-ins locked after repeated failures (django-axes), released by the body's
officers: a councillor locked out before a meeting need not wait an hour or find an
administrator."""

import logging

from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from scrutiny.models import ScrutinyBody, User

logger = logging.getLogger("scrutiny.sign_ins")


def _body_for_unlocking(request, body_slug):
    body = get_object_or_404(ScrutinyBody.objects.for_user(request.user), slug=body_slug)
    if not body.user_can_unlock_sign_ins(request.user):
        raise PermissionDenied("Only the body's officers release locked sign-ins.")
    return body


def _people_of(body):
    return User.objects.filter(roles__body=body).distinct()


@login_required
def locked_sign_ins(request, body_slug):
    body = _body_for_unlocking(request, body_slug)
    users = {user.get_username(): user for user in _people_of(body).select_related("person")}
    attempts = AccessAttempt.objects.filter(username__in=users).order_by("-attempt_time")
    rows = [(users[attempt.username], attempt) for attempt in attempts]
    return render(
        request,
        "registration/locked_sign_ins.html",
        {"body": body, "rows": rows, "limit": settings.AXES_FAILURE_LIMIT},
    )


@login_required
def unlock_sign_in(request, body_slug):
    body = _body_for_unlocking(request, body_slug)  # who may, before how (as elsewhere)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    user = get_object_or_404(_people_of(body), username=request.POST.get("username", ""))
    reset(username=user.get_username())
    logger.warning("Sign-in of %s unlocked by %s", user.get_username(), request.user)
    messages.success(request, f"{user.display_name} can sign in again.")
    return HttpResponseRedirect(reverse("sign_ins", kwargs={"body_slug": body.slug}))
