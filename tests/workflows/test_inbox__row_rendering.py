"""The inbox's table rows written by `{% task_rows %}` are the template loop's HTML, character for character
(bench/rows.py keeps that loop as the reference): every shape of row, values escaped, the claim form with
its CSRF field, the assignee column, the empty list; and without per-row template work it is faster."""

import pytest
from django.utils import translation

from bench.rows import measure, render_both, sample_rows


@pytest.fixture(autouse=True)
def _dutch():
    with translation.override("nl"):
        yield


@pytest.mark.parametrize(
    ("claim", "show_assignee"), [(False, False), (True, False), (False, True), (True, True)]
)
def test_the_rows_are_the_template_loops_html(claim, show_assignee):
    rows = sample_rows(40)  # escalations, wedervoorleggingen, namens, with and without a due date
    reference, ours = render_both(rows, claim=claim, show_assignee=show_assignee)
    assert ours == reference
    assert ours.count("<tr") == 40
    assert "Noor &lt;1&gt;" in ours and "O&#x27;Brien &amp; Zn" in ours  # values escaped
    assert "Advies &lt;b&gt;0&lt;/b&gt;" in ours and "<b>" not in ours
    assert ("csrfmiddlewaretoken" in ours) is claim


def test_unassigned_rows_in_the_werkvoorraad_and_the_empty_list():
    rows = sample_rows(6)
    for row in rows:
        row.item.assignee, row.namens = None, False
    reference, ours = render_both(rows, claim=True, show_assignee=False)
    assert ours == reference and "namens" not in ours
    reference, ours = render_both([], claim=False, show_assignee=False, empty_text="Geen <taken>")
    assert ours == reference
    assert 'colspan="7" class="muted">Geen &lt;taken&gt;</td>' in ours


def test_without_a_csrf_token_in_the_context_the_form_has_no_field_either_way():
    reference, ours = render_both(sample_rows(3), claim=True, show_assignee=False, csrf_token=None)
    assert ours == reference and "csrfmiddlewaretoken" not in ours


def test_the_rows_render_faster_than_the_template_loop():
    out = measure(50, 6)
    assert out["task_rows"]["median_ms"] < out["template_loop"]["median_ms"]
