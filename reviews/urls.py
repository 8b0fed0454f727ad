from django.urls import path

from reviews import views

app_name = "reviews"

urlpatterns = [
    path("<slug:slug>/", views.review_detail, name="detail"),
    path(
        "<slug:slug>/evidence/<int:pk>/download/",
        views.document_download,
        name="document_download",
    ),
]
