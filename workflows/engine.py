"""The thin bridge between services and viewflow: start a process, complete a human task.

Services call these inside their own transaction, after the route record has been transitioned,
so gateways read the new state. Flow nodes never write route state; they call services.
"""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar

from viewflow.workflow.status import STATUS

_actor: ContextVar = ContextVar("workflow_actor", default=None)


def current_actor():
    return _actor.get()


@contextmanager
def acting_as(user):
    token = _actor.set(user)
    try:
        yield
    finally:
        _actor.reset(token)


def start_process(flow_class, *, by, **kwargs):
    with acting_as(by):
        return flow_class.start.run(**kwargs)


def complete_task(task, *, by) -> None:
    """Assign (if needed), start and execute a viewflow human task; the flow activates what comes next."""
    flow_class = task.flow_task.flow_class
    with acting_as(by), flow_class.lock(task.process_id):
        task = flow_class.task_class._default_manager.get(pk=task.pk)
        activation = task.flow_task.activation_class(task)
        if task.status == STATUS.NEW:
            activation.assign(by)
        elif task.owner_id != by.pk:
            task.owner = by
        activation.start(None)
        activation.execute()


def cancel_process(process, *, by) -> None:
    flow_class = process.flow_class
    with acting_as(by):
        flow_class.instance.cancel(process)
