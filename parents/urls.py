"""Staff pages for ouders and consents (under /leerlingen/) and the parent's own view (under /ouders/)."""

from django.urls import path

from parents import views_portal, views_staff

staff_urlpatterns = [
    path("leerlingen/<int:pk>/ouders/nieuw/", views_staff.ouder_new, name="ouder_new"),
    path("leerlingen/ouders/<int:pk>/wijzigen/", views_staff.ouder_edit, name="ouder_edit"),
    path("leerlingen/ouders/<int:pk>/verwijderen/", views_staff.ouder_remove, name="ouder_remove"),
    path("leerlingen/ouders/<int:pk>/link/", views_staff.ouder_link, name="ouder_link"),
    path(
        "leerlingen/ouders/<int:pk>/link/intrekken/", views_staff.ouder_link_revoke, name="ouder_link_revoke"
    ),
    path("casussen/<int:pk>/mening-leerling/", views_staff.leerling_gehoord, name="leerling_gehoord"),
    path("leerlingen/<int:pk>/toestemmingen/", views_staff.consent_list, name="consent_list"),
    path(
        "leerlingen/toestemmingen/<int:pk>/intrekken/", views_staff.consent_withdraw, name="consent_withdraw"
    ),
]

# the parent's own view: reached only with a session opened by a personal link and the second factor
portal_urlpatterns = [
    path("ouders/", views_portal.portal_home, name="portal_home"),
    path("ouders/aanmelden/", views_portal.portal_start, name="portal_start"),
    path("ouders/link/<str:token>/", views_portal.portal_link, name="portal_link"),
    path("ouders/controle/", views_portal.portal_verify, name="portal_verify"),
    path("ouders/afmelden/", views_portal.portal_logout, name="portal_logout"),
    path("ouders/casussen/<int:pk>/", views_portal.portal_case, name="portal_case"),
    path("ouders/brieven/<int:pk>/", views_portal.portal_letter, name="portal_letter"),
    path("ouders/berichten/<int:pk>/", views_portal.portal_notice, name="portal_notice"),
    path(
        "ouders/toestemmingen/<int:pk>/intrekken/",
        views_portal.portal_consent_withdraw,
        name="portal_consent_withdraw",
    ),
    path("ouders/inzage/", views_portal.portal_access, name="portal_access"),
]
