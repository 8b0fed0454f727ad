from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.shortcuts import render
from django.urls import include, path

from scrutiny import responding_views, views
from scrutiny.forms import SignInForm


def accessibility_statement(request):
    """The accessibility statement the 2018 regulations require, linked from every
    page's footer. Whom to contact is the deployer's to set."""
    return render(
        request,
        "accessibility.html",
        {
            "organisation": settings.SCRUTINY_ACCESSIBILITY_ORGANISATION,
            "contact": settings.SCRUTINY_ACCESSIBILITY_CONTACT,
        },
    )


urlpatterns = [
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(authentication_form=SignInForm),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("bodies/<slug:body_slug>/sign-ins/", views.locked_sign_ins, name="sign_ins"),
    path("bodies/<slug:body_slug>/sign-ins/unlock/", views.unlock_sign_in, name="sign_in_unlock"),
    path(
        "bodies/<slug:body_slug>/responding-bodies/",
        responding_views.responding_body_list,
        name="responding_bodies",
    ),
    path(
        "bodies/<slug:body_slug>/responding-bodies/add/",
        responding_views.responding_body_edit,
        name="responding_body_add",
    ),
    path(
        "bodies/<slug:body_slug>/responding-bodies/<int:pk>/",
        responding_views.responding_body_edit,
        name="responding_body_edit",
    ),
    path("accessibility/", accessibility_statement, name="accessibility"),
    path("reviews/", include("reviews.urls")),
    path("reports/", include("reviews.public_urls")),
    path("reviews/<slug:slug>/recommendations/", include("recommendations.urls")),
    path("", include("recommendations.site_urls")),
    path("admin/", admin.site.urls),
]
