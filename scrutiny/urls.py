from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from scrutiny import views

urlpatterns = [
    path("", views.home, name="home"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("reviews/", include("reviews.urls")),
    path("reviews/<slug:slug>/recommendations/", include("recommendations.urls")),
    path("admin/", admin.site.urls),
]
