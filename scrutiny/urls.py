from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from scrutiny.forms import SignInForm

urlpatterns = [
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(authentication_form=SignInForm),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("reviews/", include("reviews.urls")),
    path("reports/", include("reviews.public_urls")),
    path("reviews/<slug:slug>/recommendations/", include("recommendations.urls")),
    path("", include("recommendations.site_urls")),
    path("admin/", admin.site.urls),
]
