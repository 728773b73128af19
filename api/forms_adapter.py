"""The UI's Django forms are the input schemas of the API; this turns one into a DRF serializer.

The serializer checks JSON types strictly and rejects unknown fields (400 naming the field), and documents
the request body in OpenAPI. The same Django form then validates the values exactly as the page does
(choices scoped to the user, clean_* rules), and its cleaned_data goes to the one service call.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django import forms
from rest_framework import serializers

_cache: dict[tuple[type, str], type[serializers.Serializer]] = {}


class StrictSerializer(serializers.Serializer):
    """Refuses fields it does not know: a typo never silently drops input."""

    def to_internal_value(self, data):
        if isinstance(data, Mapping):
            unknown = sorted(set(data) - set(self.fields))
            if unknown:
                raise serializers.ValidationError(
                    {
                        name: [serializers.ErrorDetail(f"Onbekend veld '{name}'.", code="onbekend-veld")]
                        for name in unknown
                    }
                )
        return super().to_internal_value(data)


class StrictCharField(serializers.CharField):
    """Text only: a number, list or object is a wrong type, not silently turned into text."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


def _is_yes_no(field: forms.Field) -> bool:
    """A radio choice between "1" and "0" coerced to a bool (e.g. volledig / onvolledig)."""
    if not isinstance(field, forms.TypedChoiceField):
        return False
    return {str(k) for k, _ in field.choices} == {"1", "0"}


def _label(field) -> str:
    return str(field.label) if field.label else ""


def _field(field: forms.Field) -> serializers.Field:
    common = {"required": field.required, "label": _label(field), "help_text": str(field.help_text or "")}
    if isinstance(field, forms.BooleanField):
        return serializers.BooleanField(**{**common, "required": False}, default=bool(field.initial))
    if _is_yes_no(field):
        return serializers.BooleanField(**common)
    if isinstance(field, forms.ModelMultipleChoiceField):  # a list of ids (before ModelChoiceField)
        return serializers.ListField(
            child=serializers.IntegerField(min_value=1), allow_empty=not field.required, **common
        )
    if isinstance(field, forms.MultipleChoiceField):  # a list of choices (before ChoiceField)
        values = [k for k, _ in field.choices if k not in ("", None)]
        return serializers.ListField(
            child=serializers.ChoiceField(choices=values), allow_empty=not field.required, **common
        )
    if isinstance(field, forms.ModelChoiceField):
        return serializers.IntegerField(min_value=1, allow_null=not field.required, **common)
    if isinstance(field, forms.ChoiceField):
        values = [k for k, _ in field.choices if k not in ("", None)]
        if isinstance(field, forms.TypedChoiceField) and field.coerce is int:
            values = [int(v) for v in values]
            return serializers.ChoiceField(choices=values, allow_null=not field.required, **common)
        return serializers.ChoiceField(choices=values, allow_blank=not field.required, **common)
    if isinstance(field, forms.DateField):
        return serializers.DateField(allow_null=not field.required, **common)
    if isinstance(field, forms.TimeField):
        return serializers.TimeField(allow_null=not field.required, format="%H:%M", **common)
    if isinstance(field, forms.IntegerField):
        return serializers.IntegerField(
            min_value=field.min_value, max_value=field.max_value, allow_null=not field.required, **common
        )
    if isinstance(field, forms.FileField):
        return serializers.FileField(allow_null=True, **{**common, "required": False})
    if isinstance(field, forms.CharField):
        return StrictCharField(
            allow_blank=not field.required, max_length=field.max_length, trim_whitespace=False, **common
        )
    raise TypeError(f"no API mapping for form field {type(field).__name__}")  # caught by a test


def serializer_for(form_class: type[forms.Form], name: str) -> type[serializers.Serializer]:
    """A serializer class (cached, stable name for the OpenAPI component) for a form class."""
    key = (form_class, name)
    if key not in _cache:
        fields = {fname: _field(f) for fname, f in form_class.base_fields.items()}
        doc = f"Invoer '{name}': dezelfde velden en controles als het formulier in de applicatie."
        _cache[key] = type(
            f"{name}Input", (StrictSerializer,), {**fields, "__module__": __name__, "__doc__": doc}
        )
    return _cache[key]


def to_form_data(form_class: type[forms.Form], validated: dict) -> tuple[dict, dict]:
    """Validated serializer data -> (data, files) as a browser would post them to the form."""
    data, files = {}, {}
    for name, field in form_class.base_fields.items():
        if name not in validated:
            continue
        value = validated[name]
        if isinstance(field, forms.FileField):
            if value is not None:
                files[name] = value
            continue
        if value is None:
            continue
        if _is_yes_no(field):
            data[name] = "1" if value else "0"
        elif isinstance(field, forms.BooleanField):
            if value:
                data[name] = "on"
        elif isinstance(value, dt.date):
            data[name] = value.isoformat()
        elif isinstance(value, dt.time):
            data[name] = value.strftime("%H:%M")
        elif isinstance(value, list):
            data[name] = [str(v) for v in value]
        else:
            data[name] = str(value)
    return data, files


def form_errors(form: forms.Form) -> serializers.ValidationError:
    """A bound form's errors as a DRF ValidationError (field -> Dutch messages)."""
    errors = {}
    for name, messages in form.errors.get_json_data().items():
        key = name if name != "__all__" else "non_field_errors"
        errors[key] = [serializers.ErrorDetail(m["message"], code=m["code"] or "invalid") for m in messages]
    return serializers.ValidationError(errors)


def component_name(form_class: type[forms.Form], name: str) -> str:
    """The OpenAPI component of this input ("" for an input without fields: no request body)."""
    return f"{name}InputRequest" if form_class.base_fields else ""
