"""The officers' stage steps from the review's overview (confirm the scope, start
evidence gathering, start drafting): POST only, the one permission rule
(`Review.user_can_run`), then `reviews.lifecycle`, then back with a message."""

from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.views import View

from reviews import lifecycle
from reviews.views.generic import ReviewMixin
from scrutiny.exceptions import TransitionNotAllowed


class StageStepView(ReviewMixin, View):
    requires_run = True
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        step = kwargs["step"]
        if step not in lifecycle.OFFICER_STEPS:
            raise Http404("There is no such step.")
        try:
            done = lifecycle.officer_step(review=self.review, user=request.user, step=step)
        except TransitionNotAllowed as error:
            messages.error(request, str(error))
        else:
            messages.success(request, done)
        return HttpResponseRedirect(self.review.get_absolute_url() + "#next")
