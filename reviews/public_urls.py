"""Published reports, for anyone: no sign-in. Only reviews with a publication exist
here; every other slug is 404, so drafts are never public."""

from django.urls import path

from reviews import public_views

app_name = "public"

urlpatterns = [
    path("<slug:slug>/", public_views.report, name="report"),
    path("<slug:slug>/report.pdf", public_views.report_pdf, name="report_pdf"),
    path(
        "<slug:slug>/<int:sequence>/report.pdf",
        public_views.report_pdf,
        name="report_pdf_sequence",
    ),
]
