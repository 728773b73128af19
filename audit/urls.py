from django.urls import path

from audit import views, views_enrolment

urlpatterns = [
    path("", views.case_list, name="audit_case_list"),
    path("casussen/<int:pk>/", views.case_timeline, name="audit_case_timeline"),
    path("inzagelog/", views.access_log, name="audit_access_log"),
    path("lidmaatschappen/", views.membership_changes, name="audit_membership_changes"),
    path("tweestaps-inschrijfcodes/", views_enrolment.enrolment_codes, name="otp_enrolment_codes"),
    path("leerlingen/<int:pk>/inzage/", views.pupil_access, name="audit_pupil_access"),
    path("leerlingen/<int:pk>/inzage-export/", views.pupil_inzage_export, name="audit_pupil_inzage_export"),
]
