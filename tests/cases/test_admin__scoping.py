"""The Django admin is for beheerders only and shows only their own SWV; route records are read-only."""

from django.urls import reverse

from tests import tlv_steps
from tests.factories import make_world


def test_beheerder_sees_only_own_swv(client, world):
    other = make_world()
    client.force_login(world.beheerder)
    page = client.get(reverse("admin:cases_leerling_changelist")).content.decode()
    assert world.leerling_a.achternaam in page
    assert other.leerling_a.achternaam not in page
    assert client.get(reverse("admin:cases_leerling_change", args=[other.leerling_a.pk])).status_code in (
        302,
        403,
        404,
    )
    assert client.get(reverse("admin:cases_leerling_change", args=[world.leerling_a.pk])).status_code == 200


def test_route_records_are_read_only_in_admin(client, world):
    a = tlv_steps.ingediend(world)
    client.force_login(world.beheerder)
    url = reverse("admin:cases_tlvaanvraag_change", args=[a.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    assert client.post(url, {"gevraagde_soort": "sbo"}).status_code == 403


def test_non_beheerders_have_no_admin(client, world):
    for role, user in world.roles.items():
        if role == "beheerder":
            continue
        user.is_staff = True  # even a staff flag does not open the admin without the beheerder role
        user.save()
        client.force_login(user)
        response = client.get(reverse("admin:cases_leerling_changelist"))
        assert response.status_code in (302, 403), role
