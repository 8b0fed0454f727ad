from django.urls import path

from recommendations import views

app_name = "recommendations"

urlpatterns = [
    path("", views.RecommendationListView.as_view(), name="list"),
    path("add/", views.RecommendationCreate.as_view(), name="add"),
    path("<int:pk>/edit/", views.RecommendationUpdate.as_view(), name="edit"),
    path("<int:pk>/delete/", views.RecommendationDelete.as_view(), name="delete"),
    path("<int:pk>/move/", views.RecommendationMove.as_view(), name="move"),
]
