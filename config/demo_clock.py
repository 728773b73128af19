"""The demo clock of the embedded quick start (DEMO_CLOCK=1 in `make run`).

A banner shows the demo date; moving it forward runs one sweep pass at once, so warnings and escalations
appear in the inboxes as they would when that day comes. The clock is one for everyone (web app and sweep
share it); "terug naar vandaag" also puts the demo data back as `make run` left it (cases/demo_snapshot.py),
so what the future created disappears with it. Off (404) unless DEMO_CLOCK is set.
"""

import datetime as dt

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cases import clock, demo_snapshot

STEPS = {
    "dag": dt.timedelta(days=1),
    "week": dt.timedelta(weeks=1),
    "4weken": dt.timedelta(weeks=4),
    "3maanden": dt.timedelta(days=91),
}


def demo_clock(request):
    if not settings.DEMO_CLOCK:
        return {}
    offset = clock.demo_offset()
    return {"demo_clock": {"today": clock.today(), "days": offset.days}}


@login_required
@require_POST
def move(request):
    if not settings.DEMO_CLOCK:
        raise Http404
    step = request.POST.get("step", "")
    restored = None
    if step == "reset":
        clock.set_demo_offset(dt.timedelta(0))
        restored = demo_snapshot.restore()
    elif step in STEPS:
        clock.set_demo_offset(clock.demo_offset() + STEPS[step])
    else:
        raise Http404
    from cases.services.deadlines import sweep_deadlines

    steps = sweep_deadlines(now=clock.now())
    messages.info(
        request,
        _("Demoklok staat op %(day)s; de termijnbewaking voerde %(n)d stap(pen) uit.")
        % {"day": clock.today().strftime("%d-%m-%Y"), "n": steps},
    )
    if restored:
        messages.info(request, _("De demogegevens zijn teruggezet zoals bij de start."))
    elif restored is False:
        messages.warning(
            request,
            _(
                "Er is geen momentopname van de demogegevens: wat op een latere demodag ontstond, "
                "blijft staan."
            ),
        )
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "inbox"
    return redirect(target)
