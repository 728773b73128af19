"""Labels instead of codes: `{{ code|role_label }}`, `{% may_open_task item as ok %}` (the rule of the
task page itself) and `{{ event|event_text }}` (a timeline line from its codes, in the reader's language)."""

from __future__ import annotations

from django import template

from cases import policies
from cases.event_text import event_text as _event_text
from cases.roles import Role

register = template.Library()


@register.filter
def role_label(code) -> str:
    """The label of a role code ("cva_lid" -> "Lid CvA/BTO"); an unknown code is shown as it is."""
    return str(Role(code).label) if code in Role.values else str(code or "")


@register.simple_tag(takes_context=True)
def may_open_task(context, item) -> bool:
    """May the viewer open this work item's page (the check of workflows.inbox.views.workitem)?"""
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    return bool(user and user.is_authenticated and policies.can_see_workitem(user, item))


@register.filter
def event_text(event) -> str:
    return _event_text(event)
