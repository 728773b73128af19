"""/api/v1/ (namespace `api`), the OpenAPI schema at /api/schema/ and the docs at /api/docs/."""

from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from api import schema_extensions  # noqa: F401 - registers the OpenAPI authentication descriptions
from api.views import (
    cases,
    documents,
    imports,
    loket,
    meta,
    overleg,
    overstap,
    parents,
    profiles,
    pupils,
    records,
    reports,
    tasks,
)

app_name = "api"

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    path("v1/me/", meta.Me.as_view(), name="me"),
    path("v1/pupils/", pupils.PupilList.as_view(), name="pupil-list"),
    path("v1/pupils/<int:pk>/", pupils.PupilDetail.as_view(), name="pupil-detail"),
    path("v1/pupils/<int:pk>/parents/", parents.PupilParents.as_view(), name="pupil-parents"),
    path("v1/pupils/<int:pk>/consents/", parents.PupilConsents.as_view(), name="pupil-consents"),
    path("v1/parents/<int:pk>/", parents.ParentDetail.as_view(), name="parent-detail"),
    path("v1/parents/<int:pk>/change/", parents.ParentChange.as_view(), name="parent-change"),
    path("v1/parents/<int:pk>/remove/", parents.ParentRemove.as_view(), name="parent-remove"),
    path("v1/parents/<int:pk>/links/", parents.ParentLinks.as_view(), name="parent-links"),
    path("v1/parents/<int:pk>/link/revoke/", parents.ParentLinkRevoke.as_view(), name="parent-link-revoke"),
    path("v1/consents/<int:pk>/", parents.ConsentDetail.as_view(), name="consent-detail"),
    path("v1/consents/<int:pk>/withdraw/", parents.ConsentWithdraw.as_view(), name="consent-withdraw"),
    path("v1/cases/", cases.CaseList.as_view(), name="case-list"),
    path("v1/cases/<int:pk>/", cases.CaseDetail.as_view(), name="case-detail"),
    path("v1/cases/<int:pk>/timeline/", cases.CaseTimeline.as_view(), name="case-timeline"),
    path("v1/cases/<int:pk>/deadlines/", cases.CaseDeadlines.as_view(), name="case-deadlines"),
    path("v1/cases/<int:pk>/letters/", parents.CaseLetters.as_view(), name="case-letters"),
    path("v1/cases/<int:pk>/pupil-voice/", parents.CasePupilVoice.as_view(), name="case-pupil-voice"),
    path(
        "v1/cases/<int:pk>/parent-notices/", parents.CaseParentNotices.as_view(), name="case-parent-notices"
    ),
    path("v1/cases/<int:pk>/documents/", documents.CaseDocuments.as_view(), name="case-documents"),
    path("v1/cases/<int:pk>/transitions/", cases.CaseTransitions.as_view(), name="case-transitions"),
    *[
        path(f"v1/cases/<int:pk>/transitions/{name}/", view.as_view(), name=f"case-transition-{name}")
        for name, view in cases.TRANSITION_VIEWS.items()
    ],
    *[
        p
        for route, (list_create, detail) in cases.ROUTE_VIEWS.items()
        for p in (
            path(f"v1/cases/{route}/", list_create.as_view(), name=f"{route}-list"),
            path(f"v1/cases/{route}/<int:pk>/", detail.as_view(), name=f"{route}-detail"),
        )
    ],
    path("v1/documents/<int:pk>/", documents.DocumentDetail.as_view(), name="document-detail"),
    path("v1/documents/<int:pk>/content/", documents.DocumentContent.as_view(), name="document-content"),
    path("v1/documents/<int:pk>/versions/", documents.DocumentVersions.as_view(), name="document-versions"),
    # case tables: the meeting's page actions
    path("v1/case-tables/", overleg.OverlegList.as_view(), name="case-table-list"),
    path("v1/case-tables/plan/", overleg.OverlegPlan.as_view(), name="case-table-plan"),
    path("v1/case-tables/<int:pk>/", overleg.OverlegDetail.as_view(), name="case-table-detail"),
    path(
        "v1/case-tables/<int:pk>/participants/",
        overleg.OverlegDeelnemerAdd.as_view(),
        name="case-table-participant-add",
    ),
    path(
        "v1/case-tables/<int:pk>/agenda/",
        overleg.OverlegAgendapuntAdd.as_view(),
        name="case-table-agenda-add",
    ),
    path("v1/case-tables/<int:pk>/record/", overleg.OverlegRecord.as_view(), name="case-table-record"),
    path(
        "v1/case-table-items/<int:pk>/minutes/",
        overleg.OverlegPuntVerslag.as_view(),
        name="case-table-minutes",
    ),
    path(
        "v1/case-table-items/<int:pk>/agreements/",
        overleg.OverlegAfspraakAdd.as_view(),
        name="case-table-agreement-add",
    ),
    path("v1/case-tables/<int:pk>/close/", overleg.OverlegClose.as_view(), name="case-table-close"),
    path("v1/case-tables/<int:pk>/cancel/", overleg.OverlegCancel.as_view(), name="case-table-cancel"),
    path("v1/tasks/", tasks.TaskList.as_view(), name="task-list"),
    path("v1/tasks/reassign/", tasks.TaskBulkReassign.as_view(), name="task-bulk-reassign"),
    path("v1/tasks/<int:pk>/", tasks.TaskDetail.as_view(), name="task-detail"),
    path("v1/tasks/<int:pk>/claim/", tasks.TaskClaim.as_view(), name="task-claim"),
    path("v1/tasks/<int:pk>/release/", tasks.TaskRelease.as_view(), name="task-release"),
    path("v1/tasks/<int:pk>/complete/", tasks.TaskComplete.as_view(), name="task-complete"),
    path("v1/tasks/<int:pk>/reassign/", tasks.TaskReassign.as_view(), name="task-reassign"),
    path("v1/tasks/<int:pk>/follow-up/", tasks.TaskFollowUp.as_view(), name="task-follow-up"),
    path("v1/absences/", tasks.AbsenceList.as_view(), name="absence-list"),
    path("v1/escalations/", tasks.EscalationList.as_view(), name="escalation-list"),
    path("v1/deadlines/", meta.DeadlineList.as_view(), name="deadline-list"),
    path("v1/destruction-lists/", records.DestructionListList.as_view(), name="destruction-list-list"),
    path(
        "v1/destruction-lists/<int:pk>/",
        records.DestructionListDetail.as_view(),
        name="destruction-list-detail",
    ),
    path(
        "v1/destruction-lists/<int:pk>/approve/",
        records.DestructionListApprove.as_view(),
        name="destruction-list-approve",
    ),
    path(
        "v1/destruction-lists/<int:pk>/execute/",
        records.DestructionListExecute.as_view(),
        name="destruction-list-execute",
    ),
    path(
        "v1/destruction-lists/<int:pk>/review/",
        records.DestructionListReview.as_view(),
        name="destruction-list-review",
    ),
    path(
        "v1/destruction-lists/<int:pk>/certificate/",
        records.DestructionListCertificate.as_view(),
        name="destruction-list-certificate",
    ),
    path("v1/archive-rules/", records.ArchiveRuleList.as_view(), name="archive-rule-list"),
    path("v1/archive-rules/confirm/", records.ArchiveRuleConfirm.as_view(), name="archive-rule-confirm"),
    path(
        "v1/destruction-cases/<int:pk>/legal-hold/", records.CaseLegalHold.as_view(), name="case-legal-hold"
    ),
    path("v1/reports/thuiszitters/", reports.ThuiszitterReport.as_view(), name="report-thuiszitters"),
    path("v1/reports/toestroom/", reports.ToestroomReport.as_view(), name="report-toestroom"),
    path("v1/reports/carrousel/", reports.CarrouselReport.as_view(), name="report-carrousel"),
    path("v1/imports/pupils/", imports.PupilImport.as_view(), name="import-pupils"),
    path("v1/imports/mappings/", imports.ImportMappings.as_view(), name="import-mappings"),
    path(
        "v1/imports/mappings/<int:pk>/", imports.ImportMappingDetail.as_view(), name="import-mapping-detail"
    ),
    path("v1/profile/", profiles.ProfileDetail.as_view(), name="profile-detail"),
    path("v1/profile/import/", profiles.ProfileImport.as_view(), name="profile-import"),
    path("v1/profile/change/", profiles.ProfileChange.as_view(), name="profile-change"),
    path("v1/reports/quarterly/", reports.QuarterlyReport.as_view(), name="report-quarterly"),
    path("v1/reports/forecast/", reports.ForecastReport.as_view(), name="report-forecast"),
    path("v1/reports/capacity/", reports.CapacityReport.as_view(), name="report-capacity"),
    path("v1/reports/monthly/", reports.MonthlyReport.as_view(), name="report-monthly"),
    path("v1/reports/indicators/", reports.IndicatorsReport.as_view(), name="report-indicators"),
    path("v1/reports/targets/", reports.TargetsReport.as_view(), name="report-targets"),
    path("v1/reports/targets/cases/", reports.TargetCases.as_view(), name="report-target-cases"),
    path("v1/reports/loket/", reports.LoketReport.as_view(), name="report-loket"),
    path("v1/reports/loket-budgets/", reports.LoketBudgets.as_view(), name="report-loket-budgets"),
    path(
        "v1/loket/<int:pk>/toetsgegevens/", loket.AanvraagToetsgegevens.as_view(), name="loket-toetsgegevens"
    ),
    path("v1/loket/vragen/", loket.AdviesvraagList.as_view(), name="loket-vragen"),
    path("v1/loket/vragen/<int:pk>/", loket.AdviesvraagDetail.as_view(), name="loket-vraag-detail"),
    path("v1/loket/vragen/<int:pk>/answer/", loket.AdviesvraagAnswer.as_view(), name="loket-vraag-answer"),
    path("v1/loket/vragen/<int:pk>/convert/", loket.AdviesvraagConvert.as_view(), name="loket-vraag-convert"),
    path("v1/overstap/overleg/", overstap.MeetingOverview.as_view(), name="overstap-overleg"),
    path("v1/overstap/<int:pk>/overdracht/", overstap.HandoverDetail.as_view(), name="overstap-overdracht"),
    path(
        "v1/overstap/<int:pk>/overdracht/documenten/<int:doc>/",
        overstap.HandoverDocument.as_view(),
        name="overstap-overdracht-document",
    ),
    path("v1/reports/overstap/", overstap.OverstapReport.as_view(), name="report-overstap"),
    # anything else under /api/ is a JSON 404 (never the HTML error page)
    re_path(r"^", meta.NotFoundView.as_view(), name="not-found"),
]
