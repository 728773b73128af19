"""An error is shown in one place: on its field when it belongs to a field, in the banner otherwise; after a
lost race the task page reloads the task as it is now instead of showing the filled-in form again."""

from __future__ import annotations

from django.urls import reverse

from cases.errors import Conflict, ValidationFailed
from cases.models import WorkItem
from workflows import registry


def _toets(world, steps):
    a = steps.ingediend(world)
    return WorkItem.objects.get(case=a.case, node="volledigheidstoets", status="open")


def test_an_error_of_a_field_is_shown_on_the_field_only(client, world, steps):
    item = _toets(world, steps)
    client.force_login(world.consulent)
    response = client.post(reverse("workitem", args=[item.pk]), {"volledig": "0", "ontbrekende_stukken": ""})
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("Noem de ontbrekende stukken.") == 1
    assert '<ul class="messages"' not in html  # not also in the banner
    assert 'class="errorlist"' in html


def test_an_error_without_a_field_is_shown_in_the_banner_only(client, world, steps, monkeypatch):
    item = _toets(world, steps)

    def refuse(**kwargs):
        raise ValidationFailed("Het dossier kan nu niet worden beoordeeld.")

    monkeypatch.setattr(registry, "complete", refuse)
    client.force_login(world.consulent)
    response = client.post(reverse("workitem", args=[item.pk]), {"volledig": "1"})
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("Het dossier kan nu niet worden beoordeeld.") == 1
    assert '<ul class="messages"' in html and 'class="errorlist"' not in html


def test_after_a_lost_race_the_task_page_reloads_its_current_state(client, world, steps, monkeypatch):
    item = _toets(world, steps)

    def lost(**kwargs):
        raise Conflict()

    monkeypatch.setattr(registry, "complete", lost)
    client.force_login(world.consulent)
    url = reverse("workitem", args=[item.pk])
    response = client.post(url, {"volledig": "1"})
    assert response.status_code == 302 and response["Location"] == url
    html = client.get(url).content.decode()
    assert html.count(str(Conflict.default_message)) == 1


def test_uitschrijven_without_a_vervolgplek_shows_the_error_on_its_field_only(client, world):
    from cases import clock

    client.force_login(world.school_user)
    url = reverse("leerling_uitschrijven", args=[world.leerling_a.pk])
    response = client.post(url, {"datum": clock.today().isoformat()})
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("leg eerst vast op welke school") == 1
    assert '<ul class="messages"' not in html
