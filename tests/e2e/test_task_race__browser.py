"""Two tabs, one task, in Chromium: the consulent completes the volledigheidstoets in one tab; the same form,
still open in the other tab, is submitted too. That tab then shows the task as it is now, with one message
and without the form, and the toets is recorded once. A field's error is shown on the field only."""

import re

import pytest

from cases.models import WorkItem
from tests import tlv_steps
from tests.e2e.steps import login

pytestmark = pytest.mark.django_db(transaction=True)

COMPLETE = "Vastleggen en afronden"


def test_the_losing_tab_shows_the_task_as_it_is_now(browser, live_server, world, shot):
    w = world
    a = tlv_steps.ingediend(w)
    item = WorkItem.objects.get(case=a.case, node="volledigheidstoets", status="open")
    url = f"{live_server.url}/taken/{item.pk}/"
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL")
    try:
        first, second = context.new_page(), context.new_page()
        for tab in (first, second):
            tab.set_default_timeout(15000)
        login(first, live_server, w.consulent)
        first.goto(url)
        second.goto(url)  # the same session: the open form in a second tab

        # a field's error: on the field, not also in the banner
        first.get_by_label(re.compile("^Dossier is onvolledig")).check()
        first.get_by_role("button", name=COMPLETE).click()
        first.wait_for_selector(".errorlist")
        assert first.locator("main").inner_text().count("Noem de ontbrekende stukken.") == 1
        assert first.locator("ul.messages").count() == 0
        shot(first, "fout-bij-het-veld")

        first.get_by_label("Dossier is volledig: in behandeling nemen").check()
        first.get_by_role("button", name=COMPLETE).click()
        first.wait_for_url(re.compile(r"/taken/$"))  # back in the inbox: completing also claimed it
        assert "opgepakt en afgerond" in first.locator("ul.messages").inner_text()

        second.get_by_label("Dossier is volledig: in behandeling nemen").check()
        second.get_by_role("button", name=COMPLETE).click()
        second.wait_for_load_state()
        shot(second, "tweede-tabblad-na-de-race")
        assert second.get_by_role("button", name=COMPLETE).count() == 0, "the stale form is not shown again"
        assert second.locator("ul.messages li").all_inner_texts() == [
            "Deze taak is al afgerond of vervallen."
        ]
        assert "Afgerond op" in second.locator("main").inner_text()
        assert WorkItem.objects.get(pk=item.pk).status == "done"
        assert WorkItem.objects.filter(case=a.case, node="volledigheidstoets").count() == 1
    finally:
        context.close()
