"""Task forms. Labels are Dutch (translatable); validation of business rules lives in the services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cases.models import DocumentKind, Leerling
from cases.validators import BIRTH_NOT_BEFORE, PlausibleDate
from workflows.widgets import DateInput

DATE = DateInput()
CLUSTERS = [("", "—"), (3, _("cluster 3")), (4, _("cluster 4"))]


class IdentifyPupilMixin(forms.Form):
    """For a school registering a child not yet enrolled with it: pick from its own pupils or identify the
    child by BSN (or onderwijsnummer) and date of birth (cases.policies.identify_leerling)."""

    leerling = forms.ModelChoiceField(queryset=Leerling.objects.none(), required=False, label=_("Leerling"))
    leerling_nummer = forms.CharField(
        max_length=12,
        required=False,
        label=_("Of: BSN of onderwijsnummer van het kind"),
        help_text=_(
            "Voor een kind dat (nog) niet bij uw school staat ingeschreven, samen met de geboortedatum."
        ),
    )
    leerling_geboortedatum = forms.DateField(
        validators=[PlausibleDate(years=0, not_before=BIRTH_NOT_BEFORE)],
        widget=DATE,
        required=False,
        label=_("Geboortedatum van het kind"),
    )
    field_order = ["leerling", "leerling_nummer", "leerling_geboortedatum"]

    def __init__(self, *args, identify=None, **kwargs):
        """`identify(nummer, geboortedatum)` returns the pupil or None; None: pick from the list only."""
        super().__init__(*args, **kwargs)
        self._identify = identify
        if identify is None:
            del self.fields["leerling_nummer"], self.fields["leerling_geboortedatum"]
            self.fields["leerling"].required = True

    def clean(self):
        data = super().clean()
        # the identification fields only find the pupil; the service receives the pupil itself
        nummer, geboortedatum = data.pop("leerling_nummer", ""), data.pop("leerling_geboortedatum", None)
        if self._identify is None or data.get("leerling") or "leerling" in self.errors:
            return data
        if not nummer and not geboortedatum:
            self.add_error(
                "leerling", _("Kies een leerling, of vul het BSN en de geboortedatum van het kind in.")
            )
            return data
        leerling = self._identify(nummer, geboortedatum)
        if leerling is None:
            self.add_error(
                "leerling_nummer",
                _(
                    "Geen leerling gevonden met dit BSN of onderwijsnummer en deze geboortedatum in uw "
                    "samenwerkingsverband. Controleer beide gegevens."
                ),
            )
        else:
            data["leerling"] = leerling
        return data


class DocumentForm(forms.Form):
    """One file of any kind (the API's upload; the service refuses a kind the user may not add)."""

    kind = forms.ChoiceField(choices=DocumentKind.choices, label=_("Soort document"))
    file = forms.FileField(label=_("Bestand (PDF, DOCX, JPG of PNG)"))


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field: cleans to a list of uploaded files."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if not files and self.required:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        return [super(MultipleFileField, self).clean(f, initial) for f in files]


class DocumentUploadForm(forms.Form):
    """The page's upload: one kind for all chosen files, offered only the kinds this user may add."""

    kind = forms.ChoiceField(choices=(), label=_("Soort document"))
    file = MultipleFileField(
        label=_("Bestanden (PDF, DOCX, JPG of PNG)"),
    )

    def __init__(self, *args, kinds, **kwargs):
        from django.conf import settings

        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "U kunt meerdere bestanden van dezelfde soort tegelijk kiezen (samen hoogstens %(mb).0f MB). "
            "Bestanden van een andere soort voegt u daarna apart toe. Is één bestand niet in orde, dan wordt "
            "niets toegevoegd."
        ) % {"mb": settings.DOCUMENT_MAX_BYTES / 1048576}
        self.fields["kind"].choices = [("", "---------"), *((k, DocumentKind(k).label) for k in kinds)]


class DocumentReplaceForm(forms.Form):
    file = forms.FileField(label=_("Nieuwe versie (PDF, DOCX, JPG of PNG)"))


class EscalatieForm(forms.Form):
    action_taken = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label=_("Genomen actie"))


class ReasonForm(forms.Form):
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), label=_("Reden"))


class ReassignForm(forms.Form):
    to = forms.ModelChoiceField(queryset=None, label=_("Toewijzen aan"))
    reason = forms.CharField(label=_("Reden"))

    def __init__(self, *args, candidates=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to"].queryset = candidates
        self.fields["to"].label_from_instance = lambda u: u.get_full_name() or u.username
