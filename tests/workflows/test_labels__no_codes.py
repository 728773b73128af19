"""Every state, role and reason a person reads is a label, never an internal code: the case page, the task
page, the inbox, the pupil page and the audit timeline of cases in several states show no `snake_case`
code in their visible text, in Dutch and in English. Timeline lines are built from the stored codes at
display time (cases/event_text.py)."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.urls import reverse

from cases.event_text import transition_text
from cases.models import CaseEvent, WorkItem
from tests import thuiszitter_steps

CODE = re.compile(r"\b[a-z]+_[a-z_]+\b(?!\.[a-z]{3,4}\b)")  # not a file name (zienswijze_ouders.pdf)


class _VisibleText(HTMLParser):
    """The text a person sees: no tags, attributes, scripts or styles."""

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "template"):
            self._hidden += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template"):
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden:
            self.parts.append(data)


def _visible(html: str) -> str:
    parser = _VisibleText()
    parser.feed(html)
    return " ".join(parser.parts)


def codes_in(html: str) -> set[str]:
    return set(CODE.findall(_visible(html)))


def _pages(w, steps):
    """(user, url) of pages over cases in several states and routes."""
    ingediend = steps.ingediend(w)
    cva = steps.cva_advies(w)
    toegekend = steps.toegekend(w)
    melding = thuiszitter_steps.geregistreerd(w, leerling=w.leerling_b, by=w.consulent)
    cva_item = WorkItem.objects.filter(case=cva.case, status="open").first()
    pages = [
        (w.consulent, reverse("inbox")),
        (w.cva, reverse("inbox")),
        (w.leerplicht, reverse("inbox")),
        (w.consulent, reverse("leerling_detail", args=[w.leerling_a.pk])),
        (w.consulent, reverse("thuiszitter_detail", args=[melding.case_id])),
        (w.auditor, reverse("audit_case_timeline", args=[toegekend.case_id])),
    ]
    for a in (ingediend, cva, toegekend):
        pages += [
            (w.consulent, reverse("case_detail", args=[a.case_id])),
            (w.auditor, reverse("case_detail", args=[a.case_id])),
        ]
    if cva_item is not None:
        pages.append((w.cva, reverse("workitem", args=[cva_item.pk])))
    return pages


@pytest.mark.parametrize("language", ["nl", "en"])
def test_no_internal_codes_on_case_task_inbox_pupil_and_audit_pages(client, world, steps, language):
    found = {}
    for user, url in _pages(world, steps):
        client.force_login(user)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        codes = codes_in(html)
        if codes:
            found[url] = sorted(codes)
            for code in codes:  # where it stands, for the failure message
                at = _visible(html).find(code)
                found[url].append(_visible(html)[max(0, at - 60) : at + 40])
    assert not found, "\n".join(f"{url}: {codes}" for url, codes in found.items())


def test_a_status_change_line_uses_the_state_labels_in_the_readers_language(world, steps):
    from django.utils import translation

    a = steps.deskundigenadvies(world)
    event = CaseEvent.objects.filter(case=a.case, kind="transition", from_state="ingediend").first()
    assert event is not None and "ingediend" in event.summary  # stored as it happened, codes and all
    with translation.override("nl"):
        text = transition_text(event.action, event.from_state, event.to_state)
    assert text and not CODE.search(text) and "→" in text and "In behandeling" in text
    with translation.override("en"):
        english = transition_text(event.action, event.from_state, event.to_state)
    assert english != text
