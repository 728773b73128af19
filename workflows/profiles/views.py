"""The SWV's profile page (its rules as data): its staff read it, its beheerder changes one section or
imports a whole file, and anyone who may read it downloads the export. Every change goes through
cases/services/profiles.py (validated, with history, a new version for new cases)."""

from __future__ import annotations

import yaml
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from cases import policies, profiles
from cases.errors import DomainError
from cases.models import Swv
from cases.services import profiles as profile_services

SECTION_LABELS = {
    "tlv_soorten": gettext_lazy("TLV-soorten"),
    "deskundigenadvies": gettext_lazy("Deskundigenadvies"),
    "termijnen": gettext_lazy("Termijnen"),
    "indicatordoelen": gettext_lazy("Indicatordoelen per schooljaar"),
    "verplichte_documenten": gettext_lazy("Verplichte documenten"),
    "besluitvorming": gettext_lazy("Besluitvorming en mandaat"),
    "adviezen_als": gettext_lazy("Deskundigenadviezen als taken of documenten"),
    "routes": gettext_lazy("Routes aan of uit"),
}


class ChangeForm(forms.Form):
    onderdeel = forms.ChoiceField(choices=list(SECTION_LABELS.items()), label=gettext_lazy("Onderdeel"))
    regels = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 14, "spellcheck": "false"}),
        max_length=100_000,
        label=gettext_lazy("Regels (YAML, als in het profielbestand)"),
    )
    reden = forms.CharField(max_length=300, label=gettext_lazy("Reden van de wijziging"))


class ImportForm(forms.Form):
    bestand = forms.FileField(label=gettext_lazy("Profielbestand (YAML of JSON)"))
    reden = forms.CharField(max_length=300, required=False, label=gettext_lazy("Reden"))

    def clean_bestand(self):
        f = self.cleaned_data["bestand"]
        if f.size > min(settings.DOCUMENT_MAX_BYTES, 200_000):
            raise forms.ValidationError(_("Het bestand is te groot."))
        try:
            return f.read().decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise forms.ValidationError(_("Het bestand is geen UTF-8-tekst.")) from exc


def _readable_swvs(user):
    if not getattr(user, "is_authenticated", False):
        return []
    ids = policies.profile_swvs(user)
    qs = Swv.objects.order_by("code")
    return list(qs if ids is None else qs.filter(pk__in=ids))


def _swv(request):
    swvs = _readable_swvs(request.user)
    if not swvs:
        raise Http404
    code = request.GET.get("swv") or request.POST.get("swv") or ""
    chosen = next((s for s in swvs if s.code == code), None)
    if code and chosen is None:
        raise Http404  # another SWV's profile is not found, not forbidden
    return chosen or swvs[0], swvs


def may_open_profile(user) -> bool:
    ids = policies.profile_swvs(user)
    return ids is None or bool(ids)


def _section_text(data, section) -> str:
    return yaml.dump(data[section], Dumper=profiles._Dumper, allow_unicode=True, sort_keys=False, width=100)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def profile_page(request):
    swv, swvs = _swv(request)
    may_manage = policies.can(request.user, "profiel.manage", swv)
    data = profiles.data_of(swv)
    section = (
        request.GET.get("onderdeel") if request.GET.get("onderdeel") in SECTION_LABELS else "tlv_soorten"
    )
    change_form = ChangeForm(initial={"onderdeel": section, "regels": _section_text(data, section)})
    import_form = ImportForm(auto_id="import_%s")
    errors = []
    if request.method == "POST":
        if not may_manage:
            raise Http404
        if "importeren" in request.POST:
            import_form = ImportForm(request.POST, request.FILES, auto_id="import_%s")
            if import_form.is_valid():
                errors = _apply(
                    request,
                    lambda: profile_services.profile_import(
                        swv=swv,
                        text=import_form.cleaned_data["bestand"],
                        by=request.user,
                        reason=import_form.cleaned_data["reden"] or _("profiel ingelezen"),
                    ),
                )
        else:
            change_form = ChangeForm(request.POST)
            if change_form.is_valid():
                d = change_form.cleaned_data
                try:
                    items = yaml.safe_load(d["regels"])
                except yaml.YAMLError as exc:
                    mark = getattr(exc, "problem_mark", None)
                    change_form.add_error(
                        "regels",
                        _("Geen geldige YAML (regel %(line)s).") % {"line": mark.line + 1 if mark else 1},
                    )
                else:
                    errors = _apply(
                        request,
                        lambda: profile_services.profile_change(
                            swv=swv, by=request.user, section=d["onderdeel"], items=items, reason=d["reden"]
                        ),
                    )
        if not errors and not import_form.errors and not change_form.errors:
            return redirect(f"{request.path}?swv={swv.code}")
    versions = swv.profiel_versies.select_related("by").order_by("-versie")[:20]
    return render(
        request,
        "profiles/profile.html",
        {
            "swv": swv,
            "swvs": swvs,
            "may_manage": may_manage,
            "data": data,
            "profile": profiles.profile_from_data(data, versie=None),
            "versions": versions,
            "change_form": change_form,
            "import_form": import_form,
            "errors": errors,
            "section_labels": SECTION_LABELS,
        },
    )


def _apply(request, call) -> list:
    try:
        version = call()
    except profiles.ProfileInvalid as exc:
        messages.error(request, _("Het profiel is niet gewijzigd: er zijn fouten gevonden."))
        return exc.errors
    except DomainError as exc:
        messages.error(request, str(exc.message))
        return [profiles.ProfileError(0, "profiel", str(exc.message))]
    if version is None:
        messages.info(request, _("Er is niets gewijzigd: het profiel was al zo."))
    else:
        messages.success(
            request,
            _("Opgeslagen als profielversie %(v)s; die geldt voor nieuwe casussen.") % {"v": version.versie},
        )
    return []


@login_required
@require_safe
def profile_export(request):
    swv, _swvs = _swv(request)
    response = HttpResponse(profiles.dump(swv), content_type="application/yaml; charset=utf-8")
    filename = f"profiel-{swv.code.replace(' ', '-').lower()}.yaml"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
