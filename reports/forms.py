"""Report forms: which SWV and which period."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from cases import clock
from reports import selectors
from reports.quarterly import Period

PERIOD_KINDS = [("kwartaal", _("Kwartaal")), ("schooljaar", _("Schooljaar (1 augustus – 31 juli)"))]


class QuarterlyReportForm(forms.Form):
    swv = forms.ModelChoiceField(queryset=None, label=_("Samenwerkingsverband"), empty_label=None)
    periode = forms.ChoiceField(choices=PERIOD_KINDS, label=_("Periode"), widget=forms.RadioSelect)
    jaar = forms.IntegerField(min_value=2000, max_value=2100, label=_("Jaar"))
    kwartaal = forms.TypedChoiceField(
        choices=[(1, "Q1 (jan–mrt)"), (2, "Q2 (apr–jun)"), (3, "Q3 (jul–sep)"), (4, "Q4 (okt–dec)")],
        coerce=int,
        label=_("Kwartaal"),
    )
    schooljaar = forms.TypedChoiceField(choices=[], coerce=int, label=_("Schooljaar"))

    def __init__(self, *args, swvs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["swv"].queryset = swvs
        current = selectors.schooljaar_of(clock.today())
        self.fields["schooljaar"].choices = [
            (year, f"{year}-{year + 1}") for year in range(current, current - 8, -1)
        ]

    @staticmethod
    def defaults(swv) -> dict:
        today = clock.today()
        last = Period.last_complete_quarter(today)
        return {
            "swv": swv.pk if swv else None,
            "periode": "kwartaal",
            "jaar": last.year,
            "kwartaal": last.quarter,
            "schooljaar": selectors.schooljaar_of(today),
        }

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        if data["periode"] == "schooljaar":
            period = Period.of_schoolyear(data["schooljaar"])
        else:
            period = Period.of_quarter(data["jaar"], data["kwartaal"])
        if period.start > clock.today():
            raise forms.ValidationError(
                _("Deze periode is nog niet begonnen. Kies een kwartaal of schooljaar tot en met vandaag."),
                code="periode-toekomst",
            )
        data["period"] = period
        return data


class ForecastForm(forms.Form):
    swv = forms.ModelChoiceField(queryset=None, label=_("Samenwerkingsverband"), empty_label=None)
    rol = forms.ChoiceField(label=_("Rol"), required=False)

    def __init__(self, *args, swvs, **kwargs):
        from cases.roles import Role

        super().__init__(*args, **kwargs)
        self.fields["swv"].queryset = swvs
        inbox_roles = [r for r in Role if r not in (Role.AUDITOR, Role.PRIVACY_OFFICER, Role.BEHEERDER)]
        self.fields["rol"].choices = [("", _("Alle rollen"))] + [(r.value, r.label) for r in inbox_roles]


class SwvForm(forms.Form):
    swv = forms.ModelChoiceField(queryset=None, label=_("Samenwerkingsverband"), empty_label=None)

    def __init__(self, *args, swvs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["swv"].queryset = swvs


class SwvSchooljaarForm(SwvForm):
    schooljaar = forms.TypedChoiceField(choices=[], coerce=int, label=_("Schooljaar"))

    def __init__(self, *args, swvs, **kwargs):
        super().__init__(*args, swvs=swvs, **kwargs)
        current = selectors.schooljaar_of(clock.today())
        self.fields["schooljaar"].choices = [(y, f"{y}-{y + 1}") for y in range(current, current - 8, -1)]


class SwvPeildatumForm(SwvForm):
    peildatum = forms.DateField(
        label=_("Peildatum"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def clean_peildatum(self):
        from cases.errors import ValidationFailed
        from cases.validators import plausible_date, years_ahead

        value = self.cleaned_data["peildatum"]
        try:
            plausible_date(value, field="peildatum", label=_("Peildatum"), not_after=years_ahead(5))
        except ValidationFailed as exc:
            raise forms.ValidationError(exc.message) from exc
        return value
