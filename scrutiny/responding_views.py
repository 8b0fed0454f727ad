"""The bodies that respond to a scrutiny body's recommendations, kept by its officers:
listed, added and edited (never deleted here once addressed: see `RespondingBody`)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from scrutiny.forms import RespondingBodyForm
from scrutiny.models import ScrutinyBody


def _body_for_managing(request, body_slug):
    body = get_object_or_404(ScrutinyBody.objects.for_user(request.user), slug=body_slug)
    if not body.user_can_manage_responding_bodies(request.user):
        raise PermissionDenied("Only the body's officers keep the list of responding bodies.")
    return body


@login_required
def responding_body_list(request, body_slug):
    body = _body_for_managing(request, body_slug)
    responding = body.responding_bodies.prefetch_related("respondents__person").order_by("name")
    return render(
        request,
        "scrutiny/responding_body_list.html",
        {"body": body, "responding_bodies": responding},
    )


@login_required
def responding_body_edit(request, body_slug, pk=None):
    body = _body_for_managing(request, body_slug)
    instance = get_object_or_404(body.responding_bodies, pk=pk) if pk else None
    form = RespondingBodyForm(request.POST or None, instance=instance, body=body)
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        messages.success(request, f"{saved.name} {'saved' if instance else 'added'}.")
        return HttpResponseRedirect(reverse("responding_bodies", kwargs={"body_slug": body.slug}))
    return render(
        request,
        "scrutiny/responding_body_form.html",
        {"body": body, "form": form, "responding_body": instance},
    )
