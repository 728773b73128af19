# ruff: noqa: E501  (the reference template reads best unbroken)
"""python -m bench.rows: the inbox's table rows rendered the old way (one template loop, per-row template
nodes) and the current way (`{% task_rows %}`), in the same run: ms per 100 rows and their ratio.

    python -m bench.rows               # 100 rows per list, 200 repetitions
    python -m bench.rows -n 25 -r 500

No database: the rows are built in memory (tasks of every kind: escalations, wedervoorleggingen, tasks
done on someone's behalf, with and without a due date). The reference loop below is the template loop
the inbox used before; the test suite checks that both write the same HTML.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import time

from bench import env

# templates/includes/task_table.html's body rows as a template loop (the reference for `{% task_rows %}`)
REFERENCE_LOOP = (
    '{% load i18n %}{% translate "Escalatie" as t_escalatie %}{% translate "Oppakken" as t_oppakken %}'
    '{% translate "Openen" as t_openen %}'
    + '{% for row in rows %}\n  <tr{% if row.returned %} class="returned"{% endif %}>\n    <td><span class="light light-{{ row.light }}">{{ row.light_label }}</span></td>\n    <td>{% if row.item.kind == "escalation" %}<span class="badge badge-escalation">{{ t_escalatie }}</span> {% endif %}<a href="{{ row.url }}">{{ row.title }}</a>{% if row.returned %} <span class="badge badge-returned">{% translate "Wedervoorlegging" %}</span>{% endif %}{% if row.namens %} <span class="badge">{% blocktranslate with name=row.item.assignee.get_full_name|default:row.item.assignee.username %}namens {{ name }}{% endblocktranslate %}</span>{% endif %}</td>\n    <td><a href="{{ row.case_url }}">{{ row.item.case.reference }}</a></td>\n    <td>{{ row.item.case.leerling }}</td>\n    <td>{% if row.item.due_at %}{{ row.due_label }}{% if row.due_hint %} <span class="muted small">({{ row.due_hint }})</span>{% endif %}{% else %}<span class="muted">—</span>{% endif %}</td>\n    {% if show_assignee %}<td>{{ row.item.assignee.get_full_name|default:row.item.assignee.username }}</td>{% endif %}\n    <td>{% if claim %}<form method="post" action="{{ row.claim_url }}">{% csrf_token %}<button class="btn secondary" type="submit">{{ t_oppakken }}</button></form>{% else %}<a class="btn" href="{{ row.url }}">{{ t_openen }}</a>{% endif %}</td>\n  </tr>\n  {% empty %}\n  <tr><td colspan="7" class="muted">{{ empty_text }}</td></tr>\n  {% endfor %}'
)
TAG_LOOP = (
    "{% load task_rows %}{% task_rows rows claim=claim show_assignee=show_assignee empty_text=empty_text %}"
)


def sample_rows(n: int) -> list:
    """n inbox rows of every shape, built in memory (unsaved model instances)."""
    from django.contrib.auth import get_user_model

    from cases.models import Case, Leerling, WorkItem
    from workflows.selectors import InboxRow

    User = get_user_model()
    people = [
        User(username="j.devries", first_name="Jan", last_name="de Vries"),
        User(username="a.bakker"),  # no full name: the username is shown
    ]
    out = []
    for i in range(n):
        leerling = Leerling(voornaam=f"Noor <{i}>", achternaam="O'Brien & Zn")  # escaped
        case = Case(reference=f"TLV-SWV-2026-{i:04d}", route="tlv", leerling=leerling)
        due = None if i % 7 == 3 else dt.datetime(2026, 12, 1 + i % 28, 12, tzinfo=dt.UTC)
        item = WorkItem(
            pk=i + 1,
            kind=WorkItem.Kind.ESCALATION if i % 5 == 0 else WorkItem.Kind.TASK,
            title=f"Advies <b>{i}</b>",
            due_at=due,
            case=case,
            assignee=people[i % 2],
        )
        out.append(
            InboxRow(
                item=item,
                light=("green", "orange", "red")[i % 3],
                light_label=("Op tijd", "Bijna", "Te laat")[i % 3],
                days_left=None if due is None else i % 9 - 4,
                due_hint="" if i % 4 == 0 else f"nog {i % 9} dagen",
                title=item.title,
                due_label="" if due is None else f"{due.day} Dec. {due.year}",
                url=f"/taken/{i + 1}/?a=1&b=2",
                claim_url=f"/taken/{i + 1}/oppakken/",
                case_url=f"/casussen/{i + 1}/",
                returned=i % 6 == 1,
                namens=i % 8 == 2,
            )
        )
    return out


def render_both(rows, *, claim: bool, show_assignee: bool, empty_text: str = "Leeg", csrf_token="tok3n"):
    """(reference HTML, tag HTML) for these rows."""
    from django.template import Context, engines

    engine = engines["django"]
    ctx = dict(
        rows=rows, claim=claim, show_assignee=show_assignee, empty_text=empty_text, csrf_token=csrf_token
    )
    return tuple(engine.from_string(src).template.render(Context(ctx)) for src in (REFERENCE_LOOP, TAG_LOOP))


def measure(n: int, repeats: int) -> dict:
    from django.template import Context, engines

    rows = sample_rows(n)
    engine = engines["django"]
    out = {"rows": n, "repeats": repeats}
    for name, src in (("template_loop", REFERENCE_LOOP), ("task_rows", TAG_LOOP)):
        template = engine.from_string(src).template
        times = []
        for claim in [False, True] * (repeats // 2 + 1):
            ctx = Context(dict(rows=rows, claim=claim, show_assignee=True, empty_text="", csrf_token="tok3n"))
            t0 = time.perf_counter()
            template.render(ctx)
            times.append(time.perf_counter() - t0)
        out[name] = {
            "median_ms": round(1000 * statistics.median(times), 3),
            "per_row_ms": round(1000 * statistics.median(times) / n, 4),
        }
    out["ratio_template_loop_vs_task_rows"] = round(
        out["template_loop"]["median_ms"] / out["task_rows"]["median_ms"], 1
    )
    return out


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.rows", description=__doc__.split("\n\n")[0])
    p.add_argument("-n", type=int, default=100, help="rows per list (default 100)")
    p.add_argument("-r", type=int, default=200, help="repetitions (default 200)")
    args = p.parse_args(argv)
    env.configure(None)
    import django

    django.setup()
    from django.utils import translation

    translation.activate("nl")
    o = measure(args.n, args.r)
    print(
        f"{o['rows']} rijen: template-lus {o['template_loop']['median_ms']} ms ({o['template_loop']['per_row_ms']} ms per rij), "
        f"task_rows {o['task_rows']['median_ms']} ms ({o['task_rows']['per_row_ms']} ms per rij): "
        f"{o['ratio_template_loop_vs_task_rows']}x sneller"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
