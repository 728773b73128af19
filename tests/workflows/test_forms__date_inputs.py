"""A browser's date picker only accepts ISO values: every date field of every page form renders its value as
YYYY-MM-DD (the Dutch input format 07-12-2026 is discarded by the browser, and the default disappears)."""

from __future__ import annotations

import datetime as dt
import importlib
import pkgutil
import re

import pytest
from django import forms
from django.urls import reverse
from django.utils import translation

from cases import clock

APPS = ["cases", "workflows", "audit", "reports", "notifications", "webhooks"]
DAY = dt.date(2026, 12, 7)


def _page_forms() -> list[type[forms.BaseForm]]:
    for app in APPS:
        package = importlib.import_module(app)
        for info in pkgutil.walk_packages(package.__path__, f"{app}."):
            if ".migrations" in info.name or ".management" in info.name or info.name.endswith(".tests"):
                continue
            importlib.import_module(info.name)
    found, todo = [], [forms.Form]
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        if cls.__module__.split(".")[0] in APPS:
            found.append(cls)
    return found


def _date_fields():
    return [
        pytest.param(form, name, id=f"{form.__module__}.{form.__name__}.{name}")
        for form in _page_forms()
        for name, field in form.base_fields.items()
        if isinstance(field, forms.DateField)
    ]


def test_the_project_has_date_fields_to_check():
    assert len(_date_fields()) > 20


@pytest.mark.parametrize("form,name", _date_fields())
@pytest.mark.parametrize("language", ["nl", "en"])
def test_every_date_field_renders_an_iso_value_in_a_date_picker(form, name, language):
    widget = form.base_fields[name].widget
    with translation.override(language):
        html = widget.render(name, DAY)
    assert 'type="date"' in html
    assert 'value="2026-12-07"' in html, html


def _value_of(page: str, name: str) -> str:
    match = re.search(rf'<input[^>]*name="{name}"[^>]*>', page)
    assert match, f"no input {name}"
    value = re.search(r'value="([^"]*)"', match.group(0))
    return value.group(1) if value else ""


def test_thuiszitter_melden_shows_todays_date_as_default(client, world):
    client.force_login(world.school_user)
    page = client.get(reverse("thuiszitter_new")).content.decode()
    assert _value_of(page, "gemeld_op") == clock.today().isoformat()


def test_the_report_peildatum_is_prefilled_in_iso(client, world):
    client.force_login(world.consulent)
    page = client.get(reverse("thuiszitter_count")).content.decode()
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", _value_of(page, "peildatum"))
