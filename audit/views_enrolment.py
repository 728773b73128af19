"""The enrolment-code page: a beheerder issues a one-time code for a colleague's two-step set-up; beheerders
and privacy officers see which codes were issued, by whom, and whether they were used."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from audit import enrolment
from audit.models import OtpEnrolmentCode
from cases import clock, policies
from cases.errors import DomainError
from workflows import menu


class IssueForm(forms.Form):
    user = forms.ModelChoiceField(label=gettext_lazy("Medewerker"), queryset=get_user_model().objects.none())
    via = forms.ChoiceField(
        label=gettext_lazy("Hoe krijgt de medewerker de code?"),
        choices=[
            (OtpEnrolmentCode.Via.BEHEERDER, gettext_lazy("Nu tonen (ik geef de code zelf door)")),
            (OtpEnrolmentCode.Via.EMAIL, gettext_lazy("Mailen naar het e-mailadres van het account")),
        ],
        widget=forms.RadioSelect,
        initial=OtpEnrolmentCode.Via.BEHEERDER,
    )

    def __init__(self, *args, by, **kwargs):
        super().__init__(*args, **kwargs)
        users = enrolment.issuable_users(by)
        self.fields["user"].queryset = get_user_model().objects.filter(pk__in=[u.pk for u in users])


def _visible_codes(user):
    codes = OtpEnrolmentCode.objects.select_related("user", "issued_by")
    if user.is_superuser:
        return codes
    swvs = set(policies.admin_swvs(user)) | set(policies.access_log_swvs(user) or ())
    return codes.filter(Q(user__memberships__swv_id__in=swvs)).distinct()


@login_required
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def enrolment_codes(request):
    user = request.user
    if not menu.may_open_enrolment_codes(user):  # beheerders, privacy officers, auditors
        raise Http404
    may_issue = menu.may_issue_enrolment_codes(user)
    form = IssueForm(request.POST if may_issue and request.method == "POST" else None, by=user)
    issued = None
    if form.is_bound and form.is_valid():
        target, via = form.cleaned_data["user"], form.cleaned_data["via"]
        try:
            plain = enrolment.enrolment_code_issue(user=target, by=user, via=via)
        except DomainError as exc:
            form.add_error(None, str(exc.message))
        else:
            shown = plain if via == OtpEnrolmentCode.Via.BEHEERDER else None
            issued = {"user": target, "via": via, "code": shown}
            form = IssueForm(by=user)
    codes = list(_visible_codes(user)[:100])
    return render(
        request,
        "audit/enrolment_codes.html",
        {
            "form": form if may_issue else None,
            "issued": issued,
            "codes": codes,
            "now": clock.now(),
            "valid_hours": int(enrolment.CODE_VALID.total_seconds() // 3600),
            "title": _("Inschrijfcodes tweestapsverificatie"),
        },
    )
