# ruff: noqa: E501  (SQL and report lines read best unbroken)
"""(a) TLV routes through the service layer, and (e) the same process in SpiffWorkflow as a peer."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import time
from pathlib import Path
from types import SimpleNamespace

from bench.generate import (
    SCHOOLS_PER_SWV,
    U_BESLISSER,
    U_CONSULENT,
    U_CVA,
    U_DESKUNDIGE,
    U_SCHOOL,
    USERS_PER_SWV,
)
from bench.stats import summary_ms

PDF = (  # a real one-page PDF: uploads are parsed, not only checked on their first bytes
    b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    b"2 0 obj\n<< /Type /Pages /Count 1 /Kids [3 0 R] >>\nendobj\n"
    b"3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << >> >>\nendobj\n"
    b"xref\n0 4\n0000000000 65535 f \n0000000009 00000 n \n0000000058 00000 n \n0000000115 00000 n \n"
    b"trailer\n<< /Root 1 0 R /Size 4 >>\nstartxref\n203\n%%EOF\n"
)
REQUIRED = ("opp", "zienswijze_ouders", "instemming_ouders", "interventies")
# the TLV route's state transitions (TlvAanvraag FSM) and human tasks from aanvraag to besluit
TRANSITIONS = (
    "indienen",
    "volledig_verklaren",
    "deskundigenadvies_starten",
    "naar_cva",
    "advies_vastleggen",
    "toekennen",
)
HUMAN_TASKS = (
    "indienen",
    "volledigheidstoets",
    "deskundigenadvies_1",
    "deskundigenadvies_2",
    "cva_advies",
    "besluit",
)
PEER_BPMN = Path(__file__).resolve().parent / "peer" / "tlv_aanvraag.bpmn"  # copy of shared/peer


def actors(swv_id: int = 1) -> SimpleNamespace:
    """The people of one generated (PO, CvA) SWV who take a TLV from aanvraag to besluit."""
    from django.contrib.auth import get_user_model

    from cases.models import Leerling, School

    users = get_user_model().objects.in_bulk()
    base = (swv_id - 1) * USERS_PER_SWV
    school = School.objects.get(pk=(swv_id - 1) * SCHOOLS_PER_SWV + 1)
    return SimpleNamespace(
        school=school,
        school_user=users[base + U_SCHOOL + 1],
        consulent=users[base + U_CONSULENT],
        deskundige1=users[base + U_DESKUNDIGE],  # orthopedagoog
        deskundige2=users[base + U_DESKUNDIGE + 2],  # kinderpsychiater
        cva=users[base + U_CVA],
        beslisser=users[base + U_BESLISSER],
        special=School.objects.filter(swv_id=swv_id, soort="so", cluster=4).first(),
        # pupils of this SWV (a pupil may have several aanvragen over the years); the school applies
        leerlingen=list(Leerling.objects.filter(swv_id=swv_id).order_by("pk")[:500]),
    )


def one_route(w, leerling, timings: dict[str, list[float]]) -> None:
    """aanvraag -> indienen -> volledig -> 2 deskundigenadviezen -> CvA-advies -> besluit, each step timed."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from cases.models import TlvAanvraag
    from cases.services import documents, tlv

    def fresh(a):
        return TlvAanvraag.objects.select_related("case").get(pk=a.pk)

    def timed(name, fn):
        t0 = time.perf_counter()
        out = fn()
        timings.setdefault(name, []).append(time.perf_counter() - t0)
        return out

    a = timed(
        "aanvraag_create",
        lambda: tlv.aanvraag_create(
            by=w.school_user,
            leerling=leerling,
            school=w.school,
            gevraagde_soort="so",
            gevraagde_cluster=4,
            gevraagde_categorie="laag",
            onderbouwing="Onderbouwing",
        ),
    )
    for kind in REQUIRED:  # part of a real route, but not of the BPMN peer: timed apart
        timed(
            "document_upload",
            lambda kind=kind: documents.document_upload(
                case=a.case,
                by=w.school_user,
                kind=kind,
                uploaded=SimpleUploadedFile(f"{kind}.pdf", PDF, content_type="application/pdf"),
            ),
        )
    timed("aanvraag_submit", lambda: tlv.aanvraag_submit(aanvraag=a, by=w.school_user))
    timed(
        "volledigheid_record",
        lambda: tlv.volledigheid_record(aanvraag=fresh(a), by=w.consulent, volledig=True),
    )
    timed(
        "deskundigenadvies_1",
        lambda: tlv.deskundigenadvies_record(
            aanvraag=fresh(a), by=w.deskundige1, volgorde=1, advies="Advies 1", aanbeveling="toekennen"
        ),
    )
    timed(
        "deskundigenadvies_2",
        lambda: tlv.deskundigenadvies_record(
            aanvraag=fresh(a), by=w.deskundige2, volgorde=2, advies="Advies 2", aanbeveling="toekennen"
        ),
    )
    timed(
        "cva_advies_record",
        lambda: tlv.cva_advies_record(
            aanvraag=fresh(a),
            by=w.cva,
            uitkomst="toekennen",
            soort="so",
            cluster=4,
            categorie="laag",
            motivering="Motivering",
        ),
    )
    timed(
        "besluit_record",
        lambda: tlv.besluit_record(
            aanvraag=fresh(a),
            by=w.beslisser,
            besluit="toekennen",
            soort="so",
            cluster=4,
            categorie="laag",
            ingangsdatum=dt.date.today() + dt.timedelta(days=30),
            einddatum=dt.date.today() + dt.timedelta(days=30 + 700),
            school=w.special,
            beoogde_school=w.school,  # young pupils need one; ignored for older ones
            motivering="Besluit",
        ),
    )
    if fresh(a).status != "toegekend":  # pragma: no cover - the benchmark must measure real routes
        raise RuntimeError(f"route ended in {fresh(a).status}")


def route_benchmark(*, routes: int, warmup: int, baseline_n: int, progress) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from bench.stats import insert_commit_baseline

    w = actors()
    progress.step(f"baseline: {baseline_n} losse INSERT+COMMIT")
    baseline = insert_commit_baseline(baseline_n)
    progress.done(f"{baseline['mean_ms']:.3f} ms")
    timings: dict[str, list[float]] = {}
    if not w.leerlingen:
        raise RuntimeError("the generated SWV 1 has no pupils; use a larger --scale")
    pupils = itertools.cycle(w.leerlingen)
    for _ in range(warmup):
        one_route(w, next(pupils), {})
    progress.step(f"{routes} TLV-routes door de services")
    route_times = []
    for i in range(routes):
        before = {k: sum(v) for k, v in timings.items()}
        one_route(w, next(pupils), timings)
        after = {k: sum(v) for k, v in timings.items()}
        route_times.append(sum(after[k] - before.get(k, 0) for k in after if k != "document_upload"))
        if (i + 1) % 10 == 0:
            progress.tick(i + 1, routes)
    progress.done()
    with CaptureQueriesContext(connection) as q:
        one_route(w, next(pupils), {})
    per_route = summary_ms(route_times)
    per_transition_ms = per_route["mean_ms"] / len(TRANSITIONS)
    return {
        "routes": routes,
        "routes_per_second": round(1000 / per_route["mean_ms"], 2),
        "per_route": per_route,
        "per_step_mean_ms": {k: round(1000 * sum(v) / len(v), 2) for k, v in timings.items()},
        "transitions_per_route": len(TRANSITIONS),
        "per_transition_ms": round(per_transition_ms, 2),
        "baseline_insert_commit": baseline,
        "ratio_transition_vs_insert_commit": round(per_transition_ms / baseline["mean_ms"], 1),
        "target_ratio": 4,
        "queries_per_route": len(q.captured_queries),
        "commits_per_route": sum(1 for x in q.captured_queries if x["sql"].strip().upper() == "COMMIT"),
        "note": "per route = aanvraag_create .. besluit_record; the 4 document uploads are timed apart",
    }


# --- (e) the peer: SpiffWorkflow running the same TLV process as BPMN --------------------------------


def peer_benchmark(*, routes: int, warmup: int, progress) -> dict:
    """SpiffWorkflow 3 completes the six user tasks of tlv_aanvraag.bpmn and persists its serialized state
    to PostgreSQL (a text column: jsonb reorders keys and loses SpiffWorkflow's task data) after each step.

    hot: the workflow stays in memory and is saved after each task (a worker holding the instance);
    web: each task loads the state, deserializes, completes, serializes and saves (one request per task),
    which is how this engine's services work (they lock and load the record on every call).
    """
    from django.db import connection, transaction
    from SpiffWorkflow.bpmn.parser import BpmnParser
    from SpiffWorkflow.bpmn.serializer import BpmnWorkflowSerializer
    from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
    from SpiffWorkflow.util.task import TaskState

    parser = BpmnParser()
    parser.add_bpmn_file(str(PEER_BPMN))
    spec = parser.get_spec("tlv_aanvraag")
    serializer = BpmnWorkflowSerializer()
    with connection.cursor() as cur:
        cur.execute(
            "CREATE TABLE IF NOT EXISTS bench_peer_state (id bigserial PRIMARY KEY, state text NOT NULL)"
        )

    def complete_next(wf):
        task = wf.get_tasks(state=TaskState.READY, manual=True)[0]
        if task.task_spec.name == "cva_advies":
            task.data["cva_advies"] = "toekennen"
        task.run()
        wf.do_engine_steps()
        return task.task_spec.name

    def hot_route():
        wf = BpmnWorkflow(spec)
        wf.do_engine_steps()
        with connection.cursor() as cur:
            cur.execute(
                "INSERT INTO bench_peer_state (state) VALUES (%s) RETURNING id",
                [serializer.serialize_json(wf)],
            )
            pk = cur.fetchone()[0]
            steps = 0
            while not wf.is_completed():
                complete_next(wf)
                with transaction.atomic():
                    cur.execute(
                        "UPDATE bench_peer_state SET state = %s WHERE id = %s",
                        [serializer.serialize_json(wf), pk],
                    )
                steps += 1
        return steps

    def web_route():
        wf = BpmnWorkflow(spec)
        wf.do_engine_steps()
        with connection.cursor() as cur:
            cur.execute(
                "INSERT INTO bench_peer_state (state) VALUES (%s) RETURNING id",
                [serializer.serialize_json(wf)],
            )
            pk = cur.fetchone()[0]
            steps, done = 0, False
            while not done:
                with transaction.atomic():
                    cur.execute("SELECT state FROM bench_peer_state WHERE id = %s FOR UPDATE", [pk])
                    wf = serializer.deserialize_json(cur.fetchone()[0])
                    complete_next(wf)
                    done = wf.is_completed()
                    cur.execute(
                        "UPDATE bench_peer_state SET state = %s WHERE id = %s",
                        [serializer.serialize_json(wf), pk],
                    )
                steps += 1
        if json.loads(serializer.serialize_json(wf)).get("data", {}).get("cva_advies") != "toekennen":
            raise RuntimeError("SpiffWorkflow lost the task data")  # pragma: no cover
        return steps

    out = {}
    for name, fn in (("hot", hot_route), ("web", web_route)):
        for _ in range(warmup):
            fn()
        progress.step(f"SpiffWorkflow ({name}): {routes} routes")
        times, steps = [], 0
        for _ in range(routes):
            t0 = time.perf_counter()
            steps = fn()
            times.append(time.perf_counter() - t0)
        progress.done()
        out[name] = {"per_route": summary_ms(times), "tasks_per_route": steps}
        out[name]["per_task_ms"] = round(out[name]["per_route"]["mean_ms"] / steps, 3)
    with connection.cursor() as cur:
        cur.execute("DROP TABLE bench_peer_state")
    import SpiffWorkflow

    out["spiffworkflow_version"] = getattr(SpiffWorkflow, "__version__", "3.x")
    return out


# --- (e) the bare viewflow peer: the same TLV flow in plain viewflow, none of the product's guarantees ------

# our timed steps and the bare flow's node each completes (aanvraag_create starts the process)
BARE_STEPS = (
    ("aanvraag_create", None),
    ("aanvraag_submit", "indienen"),
    ("volledigheid_record", "volledigheidstoets"),
    ("deskundigenadvies_1", "deskundigenadvies_1"),
    ("deskundigenadvies_2", "deskundigenadvies_2"),
    ("cva_advies_record", "cva_advies"),
    ("besluit_record", "besluit"),
)


def bare_viewflow_benchmark(*, routes: int, warmup: int, progress) -> dict:
    """bench.viewflow_peer's BareTlvFlow (the TLV flow's nodes: Split/Join, If, Function) run by the product's
    own bridge (workflows.engine: start_process, complete_task with the flow's lock and viewflow's activation
    assign/start/execute), one transaction per step like a service, by the same people as benchmark a;
    no route record, history, work items, deadlines, notifications or audit."""
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext
    from viewflow.workflow.models import Task
    from viewflow.workflow.status import STATUS

    from bench.viewflow_peer.flows import BareTlvFlow
    from workflows import engine

    w = actors()
    by_node = {
        "indienen": w.school_user,
        "volledigheidstoets": w.consulent,
        "deskundigenadvies_1": w.deskundige1,
        "deskundigenadvies_2": w.deskundige2,
        "cva_advies": w.cva,
        "besluit": w.beslisser,
    }

    def one(timings):
        process = None
        for step, node in BARE_STEPS:
            t0 = time.perf_counter()
            with transaction.atomic():
                if node is None:
                    process = engine.start_process(BareTlvFlow, by=w.school_user, volledig=True)
                else:
                    task = Task.objects.filter(
                        process_id=process.pk, flow_task=getattr(BareTlvFlow, node), status=STATUS.NEW
                    ).first()
                    engine.complete_task(task, by=by_node[node])
            timings.setdefault(step, []).append(time.perf_counter() - t0)
        process.refresh_from_db()
        if process.status != STATUS.DONE:  # pragma: no cover - the peer must run the whole flow
            raise RuntimeError(f"bare viewflow route ended in {process.status}")

    for _ in range(warmup):
        one({})
    progress.step(f"kale viewflow: {routes} routes")
    timings: dict[str, list[float]] = {}
    route_times = []
    for _ in range(routes):
        t0 = time.perf_counter()
        one(timings)
        route_times.append(time.perf_counter() - t0)
    progress.done()
    with CaptureQueriesContext(connection) as q:
        one({})
    return {
        "per_route": summary_ms(route_times),
        "per_step_mean_ms": {k: round(1000 * sum(v) / len(v), 3) for k, v in timings.items()},
        "tasks_per_route": len(BARE_STEPS) - 1,
        "queries_per_route": len(q.captured_queries),
    }
