"""What every route's viewflow flow shares, written once: the lock, the human task whose creation opens the
route's work item, where the flow finds its route record, how a process starts for a record.

A route's flow subclasses `RouteFlow`, names its record (`record_model`, the key in the process data
`record_key`) and its service module (`service`; a `task_created(record, task, node)` there gives a new
human task its work item where the node's role and term alone do not), and declares its own nodes with
`human(...)` and viewflow's gateways.
"""

from __future__ import annotations

import importlib

from django.apps import apps
from viewflow import this
from viewflow.workflow import flow, lock

from workflows.inbox.views import task_view


def human(title, description=""):
    """A task for a person: its page is the inbox's task view; its creation opens the route's work item."""
    return flow.View(task_view).Annotation(title=title, description=description).onCreate(this.task_created)


class RouteFlow(flow.Flow):
    """The shared part of a route's flow; a route sets `record_model`, `record_key` and `service`."""

    lock_impl = lock.SelectForUpdateLock(nowait=False, attempts=3)

    record_model = ""  # the route record's model in the cases app, e.g. "Schakeltraject"
    record_key = ""  # its primary key in the process data, e.g. "traject_id" (stored: never renamed)
    service = ""  # the route's service module under cases.services, e.g. "schakel"

    @classmethod
    def record_of(cls, process):
        """The route record this process runs for, with its case, SWV and school."""
        model = apps.get_model("cases", cls.record_model)
        return model.objects.select_related("case", "case__swv", "case__school").get(
            pk=process.data[cls.record_key]
        )

    def start_process(self, activation, record):
        activation.process.data = {self.record_key: record.pk, "case_id": record.case_id}
        return activation.process

    def task_created(self, activation):
        """The new human task's work item: the service's own `task_created` where the route has one (a role
        that depends on the case, another case, a due date), else the node's role and term from NODE_ROLES,
        at the case's school for a school task."""
        record, node = self.record_of(activation.process), activation.flow_task.name
        own = getattr(importlib.import_module(f"cases.services.{self.service}"), "task_created", None)
        if own is not None:
            own(record, task=activation.task, node=node)
            return
        from cases.services.routes import task_item

        task_item(
            case=record.case,
            task=activation.task,
            node=node,
            node_roles=self.NODE_ROLES,
            school=record.case.school,
        )
