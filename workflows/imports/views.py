"""CSV import page for the beheerder of an SWV: check first, then import all or nothing."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from cases import policies
from cases.errors import DomainError
from cases.models import Swv
from cases.services import imports
from workflows import menu


class ImportForm(forms.Form):
    swv = forms.ModelChoiceField(queryset=Swv.objects.none(), label=_("Samenwerkingsverband"))
    soort = forms.ChoiceField(
        choices=[
            ("scholen", _("Scholen (BRIN-lijst)")),
            ("leerlingen", _("Leerlingen (export leerlingadministratie)")),
        ],
        label=_("Wat importeert u"),
    )
    file = forms.FileField(label=_("CSV-bestand (UTF-8, ; of , als scheidingsteken)"))

    def __init__(self, *args, swvs=None, national=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["swv"].queryset = swvs
        if national:  # the national beheer also reads DUO's school list into the national register
            self.fields["soort"].choices = [
                *self.fields["soort"].choices,
                ("register", _("Landelijk scholenregister (DUO-scholenlijst, alle samenwerkingsverbanden)")),
            ]
            self.fields["swv"].required = False

    def clean(self):
        data = super().clean()
        if data.get("soort") != "register" and not data.get("swv") and "swv" not in self.errors:
            self.add_error("swv", _("Kies het samenwerkingsverband."))
        return data

    def clean_file(self):
        f = self.cleaned_data["file"]
        if f.size > settings.DOCUMENT_MAX_BYTES:
            raise forms.ValidationError(_("Het bestand is te groot."))
        return f


def _swvs(user):
    if policies.scope_of(user).is_superuser:
        return Swv.objects.all()
    return Swv.objects.filter(pk__in=policies.admin_swvs(user))


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def import_csv(request):
    if not menu.may_import(request.user):
        raise Http404  # only beheerders of an SWV
    swvs = _swvs(request.user)
    national = policies.scope_of(request.user).is_superuser
    form = ImportForm(request.POST or None, request.FILES or None, swvs=swvs, national=national)
    report = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["soort"] == "register":
                report = imports.import_register(
                    data=data["file"].read(),
                    by=request.user,
                    dry_run="importeren" not in request.POST,
                    source=data["file"].name,
                )
            else:
                service = imports.import_schools if data["soort"] == "scholen" else imports.import_leerlingen
                report = service(
                    swv=data["swv"],
                    data=data["file"].read(),
                    by=request.user,
                    dry_run="importeren" not in request.POST,
                    source=data["file"].name,
                )
        except DomainError as exc:
            form.add_error("file" if exc.field == "file" else None, str(exc.message))
    return render(
        request,
        "imports/import.html",
        {
            "form": form,
            "report": report,
            "school_columns": imports.SCHOOL_COLUMNS,
            "pupil_columns": imports.PUPIL_COLUMNS,
            "register_columns": imports.REGISTER_COLUMNS if national else [],
        },
    )
