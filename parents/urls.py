"""Staff pages for ouders and consents (under /leerlingen/) and the parent's own view (under /ouders/)."""

from django.urls import path

from parents import views_staff

staff_urlpatterns = [
    path("leerlingen/<int:pk>/ouders/nieuw/", views_staff.ouder_new, name="ouder_new"),
    path("leerlingen/ouders/<int:pk>/wijzigen/", views_staff.ouder_edit, name="ouder_edit"),
    path("leerlingen/ouders/<int:pk>/verwijderen/", views_staff.ouder_remove, name="ouder_remove"),
    path("leerlingen/<int:pk>/toestemmingen/", views_staff.consent_list, name="consent_list"),
    path(
        "leerlingen/toestemmingen/<int:pk>/intrekken/", views_staff.consent_withdraw, name="consent_withdraw"
    ),
]

portal_urlpatterns = []
