from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from cases import views as case_views
from config import demo_clock
from notifications import views as notification_views
from workflows import views as workflow_views

urlpatterns = [
    path("", case_views.home, name="home"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("inloggen/", auth_views.LoginView.as_view(), name="login"),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
    path("taken/", workflow_views.inbox, name="inbox"),
    path("taken/<int:pk>/", workflow_views.workitem, name="workitem"),
    path("taken/<int:pk>/oppakken/", workflow_views.workitem_claim, name="workitem_claim"),
    path("taken/<int:pk>/teruggeven/", workflow_views.workitem_release, name="workitem_release"),
    path("taken/<int:pk>/toewijzen/", workflow_views.workitem_reassign, name="workitem_reassign"),
    path("casussen/", case_views.case_list, name="case_list"),
    path("casussen/nieuw/", case_views.aanvraag_new, name="aanvraag_new"),
    path("casussen/<int:pk>/", case_views.case_detail, name="case_detail"),
    path("casussen/<int:pk>/wijzigen/", case_views.aanvraag_edit, name="aanvraag_edit"),
    path("casussen/<int:pk>/indienen/", case_views.aanvraag_submit, name="aanvraag_submit"),
    path("casussen/<int:pk>/documenten/", case_views.document_upload, name="document_upload"),
    path("casussen/<int:pk>/intrekken/", case_views.aanvraag_withdraw, name="aanvraag_withdraw"),
    path("casussen/<int:pk>/verdagen/", case_views.aanvraag_verdagen, name="aanvraag_verdagen"),
    path(
        "casussen/<int:pk>/buiten-behandeling/",
        case_views.aanvraag_buiten_behandeling,
        name="aanvraag_buiten_behandeling",
    ),
    path("casussen/<int:pk>/besluit/", case_views.besluit_print, name="besluit_print"),
    path("documenten/<int:pk>/", case_views.document_download, name="document_download"),
    path("berichten/", notification_views.notification_list, name="notifications"),
    path("berichten/<int:pk>/gelezen/", notification_views.notification_read, name="notification_read"),
    path("demo/klok/", demo_clock.move, name="demo_clock_move"),
    path("beheer/", admin.site.urls),
]
