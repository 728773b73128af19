from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.templatetags.static import static
from django.urls import include, path
from django.views.decorators.http import require_POST
from django.views.generic import RedirectView
from django.views.i18n import set_language

from audit import otp as otp_views
from config import demo_clock, health
from config.http_policy import PAGE_FORM_METHODS
from config.login import LoginForm
from notifications import views as notification_views
from parents.urls import portal_urlpatterns, staff_urlpatterns
from reports import views as report_views
from workflows import route_pages
from workflows.dossier import views as case_views
from workflows.home import views as home_views
from workflows.imports import views as import_views
from workflows.inbox import views as workflow_views
from workflows.loket import views as loket_views
from workflows.overleg import views as overleg_views
from workflows.overstap import views as overstap_views
from workflows.processes import views as process_views
from workflows.profiles import views as profile_views
from workflows.pupils import pickers as picker_views
from workflows.pupils import views as leerling_views
from workflows.records import views as records_views
from workflows.schakel import views as schakel_views
from workflows.screening import views as screening_views
from workflows.thuiszitter import views as thuiszitter_views
from workflows.tlv import views as tlv_views

urlpatterns = [
    path("", home_views.home, name="home"),  # home per role
    path("i18n/setlang/", require_POST(set_language), name="set_language"),
    path(
        "inloggen/",
        auth_views.LoginView.as_view(authentication_form=LoginForm, http_method_names=PAGE_FORM_METHODS),
        name="login",
    ),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
    path("inloggen/verificatie/", otp_views.otp_verify, name="otp_verify"),
    path("inloggen/tweestaps-instellen/", otp_views.otp_setup, name="otp_setup"),
    path("taken/", workflow_views.inbox, name="inbox"),
    path("taken/afwezigheid/", workflow_views.afwezigheid, name="afwezigheid"),
    path("taken/toewijzen/", workflow_views.workitems_reassign, name="workitems_reassign"),
    path("taken/<int:pk>/", workflow_views.workitem, name="workitem"),
    path("taken/<int:pk>/oppakken/", workflow_views.workitem_claim, name="workitem_claim"),
    path("taken/<int:pk>/teruggeven/", workflow_views.workitem_release, name="workitem_release"),
    path("taken/<int:pk>/toewijzen/", workflow_views.workitem_reassign, name="workitem_reassign"),
    path("taken/<int:pk>/wedervoorlegging/", workflow_views.workitem_follow_up, name="workitem_follow_up"),
    path("archief/vernietiging/", records_views.lijsten, name="vernietigingslijsten"),
    path("archief/vernietiging/<int:pk>/", records_views.lijst, name="vernietigingslijst"),
    path("archief/regels/bevestigen/", records_views.archiefregel_bevestigen, name="archiefregel_bevestigen"),
    path(
        "archief/vernietiging/<int:pk>/verklaring/", records_views.verklaring, name="vernietiging_verklaring"
    ),
    path("archief/casussen/", records_views.casus_zoeken, name="archief_casus_zoeken"),
    path("archief/casussen/<int:pk>/", records_views.casus, name="archief_casus"),
    path("archief/casussen/<int:pk>/bewaarplicht/", records_views.bewaarplicht, name="archief_bewaarplicht"),
    path("casussen/", case_views.case_list, name="case_list"),
    path("casussen/nieuw/", tlv_views.aanvraag_new, name="aanvraag_new"),
    path("casussen/<int:pk>/", case_views.case_detail, name="case_detail"),
    path("casussen/<int:pk>/heropenen/", route_pages.reopen, name="case_heropenen"),
    path("casussen/<int:pk>/wijzigen/", tlv_views.aanvraag_edit, name="aanvraag_edit"),
    path("casussen/<int:pk>/indienen/", tlv_views.aanvraag_submit, name="aanvraag_submit"),
    path("casussen/<int:pk>/documenten/", case_views.document_upload, name="document_upload"),
    path("casussen/<int:pk>/intrekken/", tlv_views.aanvraag_withdraw, name="aanvraag_withdraw"),
    path("casussen/<int:pk>/verdagen/", tlv_views.aanvraag_verdagen, name="aanvraag_verdagen"),
    path(
        "casussen/<int:pk>/buiten-behandeling/",
        tlv_views.aanvraag_buiten_behandeling,
        name="aanvraag_buiten_behandeling",
    ),
    path("casussen/<int:pk>/besluit/", tlv_views.besluit_print, name="besluit_print"),
    path("documenten/<int:pk>/", case_views.document_download, name="document_download"),
    path("documenten/<int:pk>/bekijken/", case_views.document_detail, name="document_detail"),
    path("documenten/<int:pk>/inhoud/", case_views.document_inline, name="document_inline"),
    path("documenten/<int:pk>/vervangen/", case_views.document_replace, name="document_replace"),
    # The TLV after its besluit
    path("casussen/<int:pk>/bekendmaken/", tlv_views.tlv_bekendmaken, name="tlv_bekendmaken"),
    path("casussen/<int:pk>/bezwaar/", tlv_views.bezwaar_new, name="bezwaar_new"),
    path("casussen/<int:pk>/criteria-pro/", tlv_views.pro_criteria, name="pro_criteria"),
    path("casussen/<int:pk>/complex/", tlv_views.complex_start, name="complex_start"),
    path("casussen/<int:pk>/besluit-corrigeren/", tlv_views.besluit_corrigeren, name="besluit_corrigeren"),
    path("casussen/<int:pk>/verlengen/", tlv_views.tlv_verlengen, name="tlv_verlengen"),
    path("casussen/<int:pk>/plaatsing/", tlv_views.tlv_plaatsing, name="tlv_plaatsing"),
    path("casussen/<int:pk>/beeindigen/", tlv_views.tlv_beeindigen, name="tlv_beeindigen"),
    path("casussen/<int:pk>/tlv-intrekken/", tlv_views.tlv_intrekken, name="tlv_intrekken"),
    path("bezwaren/<int:pk>/", tlv_views.bezwaar_detail, name="bezwaar_detail"),
    path("bezwaren/<int:pk>/verdagen/", tlv_views.bezwaar_verdagen, name="bezwaar_verdagen"),
    path("bezwaren/<int:pk>/intrekken/", tlv_views.bezwaar_intrekken, name="bezwaar_intrekken"),
    path("bezwaren/<int:pk>/beroep/", tlv_views.beroep_new, name="beroep_new"),
    path(
        "bezwaren/<int:pk>/beroep/<int:beroep_pk>/uitspraak/",
        tlv_views.beroep_uitspraak,
        name="beroep_uitspraak",
    ),
    path("tlv-register/", tlv_views.tlv_register, name="tlv_register"),
    path("berichten/", notification_views.notification_list, name="notifications"),
    path("berichten/<int:pk>/gelezen/", notification_views.notification_read, name="notification_read"),
    # thuiszitter and zorgplicht routes
    path("thuiszitters/", thuiszitter_views.thuiszitter_list, name="thuiszitter_list"),
    path("thuiszitters/melden/", thuiszitter_views.thuiszitter_new, name="thuiszitter_new"),
    path("thuiszitters/<int:pk>/", thuiszitter_views.thuiszitter_detail, name="thuiszitter_detail"),
    path("thuiszitters/<int:pk>/actie/", thuiszitter_views.thuiszitter_actie, name="thuiszitter_actie"),
    path(
        "thuiszitters/<int:pk>/heropenen/",
        thuiszitter_views.thuiszitter_heropenen,
        name="thuiszitter_heropenen",
    ),
    path(
        "leerlingen/<int:pk>/uitschrijven/",
        thuiszitter_views.leerling_uitschrijven,
        name="leerling_uitschrijven",
    ),
    path("aanmeldingen/nieuw/", thuiszitter_views.aanmelding_new, name="aanmelding_new"),
    path("aanmeldingen/<int:pk>/", thuiszitter_views.aanmelding_detail, name="aanmelding_detail"),
    path(
        "aanmeldingen/<int:pk>/verlengen/",
        thuiszitter_views.aanmelding_verlengen,
        name="aanmelding_verlengen",
    ),
    path("rapportages/thuiszitters/", report_views.thuiszitter_count, name="thuiszitter_count"),
    path("audit/", include("audit.urls")),  # auditor views and the read-access log
    # Zorg-naar-onderwijs screening and schakel/terugplaatsing
    path("screenings/", screening_views.screening_list, name="screening_list"),
    path("screenings/aanmelden/", screening_views.screening_new, name="screening_new"),
    path("screenings/<int:pk>/", screening_views.screening_detail, name="screening_detail"),
    path("schakeltrajecten/", schakel_views.schakel_list, name="schakel_list"),
    path("schakeltrajecten/signaal/", schakel_views.schakel_new, name="schakel_new"),
    path("schakeltrajecten/<int:pk>/", schakel_views.schakel_detail, name="schakel_detail"),
    # The loket: support requests
    path("loket/", loket_views.loket_list, name="loket_list"),
    path("loket/aanvragen/", loket_views.loket_new, name="loket_new"),
    path("loket/budgetten/", loket_views.loket_budgets, name="loket_budgets"),
    path("loket/rapportage/", loket_views.loket_report_page, name="loket_report"),
    path("loket/rapportage/export.csv", loket_views.loket_report_export, name="loket_report_export"),
    path("loket/<int:pk>/", loket_views.loket_detail, name="loket_detail"),
    # Case tables (DOA, MDO, actietafel, consultation, warm handover) for cases of any route
    path("casustafels/", overleg_views.casustafels, name="casustafels"),
    path("casustafels/plannen/", overleg_views.overleg_plan, name="overleg_plan"),
    path("casustafels/<int:pk>/", overleg_views.overleg_detail, name="overleg_detail"),
    path(
        "casustafels/<int:pk>/deelnemers/", overleg_views.overleg_deelnemer_add, name="overleg_deelnemer_add"
    ),
    path("casustafels/<int:pk>/agenda/", overleg_views.overleg_agendapunt_add, name="overleg_agendapunt_add"),
    path("casustafels/<int:pk>/vastleggen/", overleg_views.overleg_record, name="overleg_record"),
    path(
        "casustafels/<int:pk>/agenda/<int:punt>/verslag/",
        overleg_views.overleg_punt_verslag,
        name="overleg_punt_verslag",
    ),
    path(
        "casustafels/<int:pk>/agenda/<int:punt>/afspraken/",
        overleg_views.overleg_afspraak_add,
        name="overleg_afspraak_add",
    ),
    path("casustafels/<int:pk>/afsluiten/", overleg_views.overleg_close, name="overleg_close"),
    path("casustafels/<int:pk>/annuleren/", overleg_views.overleg_cancel, name="overleg_cancel"),
    path("loket/<int:pk>/toetsgegevens/", loket_views.loket_toetsgegevens, name="loket_toetsgegevens"),
    path("loket/vragen/", loket_views.vraag_list, name="loket_vragen"),
    path("loket/vragen/nieuw/", loket_views.vraag_new, name="loket_vraag_new"),
    path("loket/vragen/<int:pk>/", loket_views.vraag_detail, name="loket_vraag_detail"),
    path("loket/vragen/<int:pk>/beantwoorden/", loket_views.vraag_answer, name="loket_vraag_answer"),
    path("loket/vragen/<int:pk>/omzetten/", loket_views.vraag_convert, name="loket_vraag_convert"),
    # The overstap: the warm PO→VO handover between two SWVs
    path("overstappen/", overstap_views.overstap_list, name="overstap_list"),
    path("overstappen/nieuw/", overstap_views.overstap_new, name="overstap_new"),
    path("overstappen/overleg/", overstap_views.overstap_overleg, name="overstap_overleg"),
    path("overstappen/rapportage/", overstap_views.overstap_report, name="overstap_report"),
    path("overstappen/<int:pk>/", overstap_views.overstap_detail, name="overstap_detail"),
    path("overstappen/<int:pk>/vervolg/", overstap_views.overstap_vervolg, name="overstap_vervolg"),
    path(
        "overstappen/<int:pk>/documenten/<int:doc>/",
        overstap_views.overstap_document,
        name="overstap_document",
    ),
    path("rapportages/toestroom/", report_views.toestroom, name="toestroom"),
    path("rapportages/carrousel/", report_views.carrousel, name="carrousel"),
    # Pupil pages, flow diagrams, the term overview and the combined quarterly report
    path("leerlingen/", leerling_views.leerling_search, name="leerling_search"),
    path("leerlingen/nieuw/", picker_views.leerling_new, name="leerling_new"),
    path("kiezer/<str:route>/<str:field>/", picker_views.picker_search, name="picker_search"),
    path("leerlingen/<int:pk>/", leerling_views.leerling_detail, name="leerling_detail"),
    *staff_urlpatterns,
    *portal_urlpatterns,
    path("processen/", process_views.processen, name="processen"),
    path("casussen/<int:pk>/proces/", process_views.case_process, name="case_process"),
    path("termijnen/", home_views.deadline_list, name="deadline_list"),
    path("rapportages/kwartaal/", report_views.kwartaalrapportage, name="kwartaalrapportage"),
    path("rapportages/vooruitblik/", report_views.forecast, name="forecast"),
    path("rapportages/capaciteit/", report_views.capacity, name="capacity"),
    path("rapportages/maandoverzicht/", report_views.monthly, name="maandoverzicht"),
    path("rapportages/indicatoren/", report_views.indicators, name="indicators"),
    path("rapportages/doelen/", report_views.targets, name="targets"),
    path("rapportages/doelen/casussen/", report_views.target_cases, name="target_cases"),
    path("demo/klok/", demo_clock.move, name="demo_clock_move"),
    # REST API (/api/v1/), its OpenAPI schema and docs
    path("api/", include("api.urls")),
    path("healthz", health.healthz, name="healthz"),
    path(
        "favicon.ico",
        RedirectView.as_view(url=static("favicon.svg"), permanent=True, http_method_names=["get", "head"]),
    ),
    path("importeren/", import_views.import_csv, name="import_csv"),
    path("importeren/leerlingen/", import_views.leerling_import, name="leerling_import"),
    path("importeren/koppelingen/", import_views.import_mappings, name="import_mappings"),
    path("importeren/koppelingen/<int:pk>/", import_views.import_mapping, name="import_mapping"),
    path("profiel/", profile_views.profile_page, name="profile"),
    path("profiel/export/", profile_views.profile_export, name="profile_export"),
    path("beheer/", admin.site.urls),
]

handler400 = "config.bad_input.bad_request"  # malformed requests on the site's page
handler500 = "config.errors.server_error"  # database outage -> 503 (config/errors.py)
