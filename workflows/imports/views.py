"""Import pages: the CSV import of the beheerder of an SWV (schools, pupils, the national register), and the
pupil import from the schools' own systems (a CSV export through a saved column mapping, the EDEXML file,
the fixed CSV) for a school's own pupils or, for the beheerder, the SWV's schools; the mappings with their
history. Check first, then import all or nothing."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from cases import policies
from cases.errors import DomainError, NotPermitted
from cases.models import Gemeente, ImportMapping, PupilField, School, Swv
from cases.models.imports import Delimiter, Encoding, PupilFileFormat
from cases.services import imports
from cases.services import leerling_import as pupil_imports
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


# --- pupils from the schools' own systems: a school its own, the beheerder for the SWV's schools -------


class PupilImportForm(forms.Form):
    formaat = forms.ChoiceField(choices=PupilFileFormat.choices, label=_("Soort bestand"))
    school = forms.ModelChoiceField(
        queryset=School.objects.none(),
        label=_("School"),
        required=False,
        help_text=_(
            "De school waarvan u de leerlingen importeert. Leeg (beheerder): de school uit het bestand."
        ),
    )
    koppeling = forms.ModelChoiceField(
        queryset=ImportMapping.objects.none(),
        label=_("Kolomkoppeling"),
        required=False,
        help_text=_("Alleen bij een CSV-export met koppeling."),
    )
    woongemeente = forms.ModelChoiceField(
        queryset=Gemeente.objects.none(),
        label=_("Woongemeente van nieuwe leerlingen"),
        required=False,
        help_text=_(
            "Alleen bij EDEXML: het bestand bevat geen adres. Bestaande leerlingen houden hun gemeente."
        ),
    )
    file = forms.FileField(label=_("Bestand"))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        schools = policies.pupil_import_schools(user)
        self.fields["school"].queryset = schools
        self.school_required = not policies.admin_swvs(user) and not policies.scope_of(user).is_superuser
        if self.school_required:
            self.fields["school"].required = True
            self.fields["school"].empty_label = None
        self.fields["koppeling"].queryset = (
            policies.visible_import_mappings(user).filter(active=True).select_related("school")
        )
        self.fields["woongemeente"].queryset = Gemeente.objects.filter(
            swvs__in=policies.pupil_import_swvs(user)
        ).distinct()

    def clean_file(self):
        f = self.cleaned_data["file"]
        if f.size > settings.DOCUMENT_MAX_BYTES:
            raise forms.ValidationError(_("Het bestand is te groot."))
        return f

    def clean(self):
        data = super().clean()
        school, mapping = data.get("school"), data.get("koppeling")
        if data.get("formaat") == "koppeling" and not mapping and "koppeling" not in self.errors:
            self.add_error("koppeling", _("Kies de kolomkoppeling van het bronsysteem."))
        if mapping is not None and mapping.school_id and mapping.school_id != getattr(school, "pk", None):
            self.add_error("koppeling", _("Deze koppeling is van een andere school."))
        swvs = {s.swv_id for s in [school] if s} | ({mapping.swv_id} if mapping else set())
        if school is None and mapping is None:
            admin = policies.pupil_import_swvs(self.user)
            if admin.count() != 1:
                self.add_error("school", _("Kies de school."))
            else:
                swvs = {admin.first().pk}
        if len(swvs) > 1:
            self.add_error("koppeling", _("Deze koppeling hoort bij een ander samenwerkingsverband."))
        data["swv"] = Swv.objects.filter(pk__in=swvs).first() if len(swvs) == 1 else None
        return data


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def leerling_import(request):
    if not policies.may_import_any_pupils(request.user):
        raise Http404
    form = PupilImportForm(request.POST or None, request.FILES or None, user=request.user)
    report = None
    if request.method == "POST" and form.is_valid():
        try:
            d = form.cleaned_data
            report = pupil_imports.import_pupils(
                by=request.user,
                swv=d["swv"],
                school=d.get("school"),
                file_format=d["formaat"],
                mapping=d.get("koppeling"),
                woongemeente=d.get("woongemeente"),
                upload=d["file"],
                dry_run="importeren" not in request.POST,
            )
        except DomainError as exc:
            form.add_error("file" if exc.field == "file" else None, str(exc.message))
    return render(
        request,
        "imports/leerlingen.html",
        {
            "form": form,
            "report": report,
            "pupil_columns": imports.PUPIL_COLUMNS,
            "logs": policies.visible_import_logs(request.user).select_related("by", "school", "mapping")[:10],
            "may_manage": True,
        },
    )


class MappingForm(forms.Form):
    name = forms.CharField(
        label=_("Bronsysteem"), max_length=120, help_text=_("bijv. 'ParnasSys leerlingexport'")
    )
    school = forms.ModelChoiceField(
        queryset=School.objects.none(),
        label=_("Van school"),
        required=False,
        help_text=_("Leeg: voor alle scholen van het samenwerkingsverband (alleen de beheerder)."),
    )
    delimiter = forms.ChoiceField(choices=Delimiter.choices, label=_("Scheidingsteken"))
    encoding = forms.ChoiceField(choices=Encoding.choices, label=_("Tekenset"))
    ignored = forms.CharField(
        label=_("Kolommen die de import overslaat"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Eén kolomkop per regel. Elke andere kolom die niet gekoppeld is, wordt geweigerd."),
    )
    active = forms.BooleanField(label=_("In gebruik"), required=False, initial=True)

    def __init__(self, *args, user=None, mapping=None, **kwargs):
        super().__init__(*args, **kwargs)
        for value, label in PupilField.choices:
            self.fields[f"kolom_{value}"] = forms.CharField(
                label=_("Kolomkop voor: %(veld)s") % {"veld": label}, required=False, max_length=100
            )
        self.fields["school"].queryset = policies.pupil_import_schools(user)
        if mapping is not None:  # the owner of a mapping does not change
            del self.fields["school"]
            self.initial.update(
                {
                    "name": mapping.name,
                    "delimiter": mapping.delimiter,
                    "encoding": mapping.encoding,
                    "ignored": "\n".join(mapping.ignored),
                    "active": mapping.active,
                    **{f"kolom_{k}": v for k, v in mapping.columns.items()},
                }
            )

    def values(self) -> dict:
        d = self.cleaned_data
        return {
            "name": d["name"],
            "delimiter": d["delimiter"],
            "encoding": d["encoding"],
            "columns": {v: d.get(f"kolom_{v}", "") for v in PupilField.values},
            "ignored": [line for line in d.get("ignored", "").splitlines() if line.strip()],
            "active": d.get("active", False),
        }


def _mapping_swv(user, school):
    if school is not None:
        return school.swv
    managed = policies.admin_swvs(user)
    return Swv.objects.filter(pk__in=managed).order_by("pk").first()


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def import_mappings(request):
    if not policies.may_import_any_pupils(request.user):
        raise Http404
    form = MappingForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        school = form.cleaned_data.get("school")
        swv = _mapping_swv(request.user, school)
        try:
            if swv is None:
                raise NotPermitted(_("Kies de school waarvoor deze koppeling geldt."))
            mapping = pupil_imports.mapping_save(by=request.user, swv=swv, school=school, **form.values())
        except DomainError as exc:
            form.add_error(None, str(exc.message))
        else:
            messages.success(request, _("De koppeling is opgeslagen."))
            return redirect("import_mapping", pk=mapping.pk)
    return render(
        request,
        "imports/mappings.html",
        {
            "form": form,
            "mappings": policies.visible_import_mappings(request.user).select_related("swv", "school"),
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def import_mapping(request, pk):
    mapping = policies.visible_import_mappings(request.user).filter(pk=pk).first()
    if mapping is None:
        raise Http404
    may_change = policies.may_manage_import_mapping(request.user, swv=mapping.swv, school=mapping.school)
    form = MappingForm(request.POST or None, user=request.user, mapping=mapping)
    if request.method == "POST":
        if not may_change:
            raise Http404
        if form.is_valid():
            try:
                pupil_imports.mapping_save(by=request.user, swv=mapping.swv, mapping=mapping, **form.values())
            except DomainError as exc:
                form.add_error(None, str(exc.message))
            else:
                messages.success(request, _("De koppeling is opgeslagen."))
                return redirect("import_mapping", pk=mapping.pk)
    return render(
        request,
        "imports/mapping.html",
        {
            "form": form,
            "mapping": mapping,
            "may_change": may_change,
            "history": mapping.history.select_related("history_user").order_by("-history_date")[:20],
        },
    )
