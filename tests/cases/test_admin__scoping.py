"""The Django admin is for beheerders only and shows only their own SWV; route records are read-only."""

from django.test import Client
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


# --- memberships: a beheerder cannot widen their own view ----------------------------------------


def _grant(client, beheerder, **fields):
    """Post the admin's add-membership form as `beheerder`; returns (response, created membership or None)."""
    from cases.models import Membership

    client.force_login(beheerder)
    data = {"user": "", "role": "", "swv": "", "school": "", "gemeente": "", **fields}
    before = set(Membership.objects.values_list("pk", flat=True))
    response = client.post(reverse("admin:cases_membership_add"), {k: v or "" for k, v in data.items()})
    created = Membership.objects.exclude(pk__in=before).first()
    return response, created


def test_a_beheerder_cannot_give_themselves_a_membership(client, world):
    w = world
    response, created = _grant(
        client,
        w.beheerder,
        user=w.beheerder.pk,
        role="leerplichtambtenaar",
        swv=w.swv.pk,
        gemeente=w.gemeente_a.pk,
    )
    assert created is None and response.status_code == 200
    page = client.get(reverse("admin:cases_membership_add")).content.decode()
    assert f'<option value="{w.beheerder.pk}"' not in page  # not even offered


def test_a_beheerder_cannot_change_their_own_membership(client, world):
    from cases.models import Membership

    own = Membership.objects.get(user=world.beheerder)
    client.force_login(world.beheerder)
    url = reverse("admin:cases_membership_change", args=[own.pk])
    response = client.post(url, {"user": world.beheerder.pk, "role": "consulent", "swv": world.swv.pk})
    assert response.status_code == 403
    own.refresh_from_db()
    assert own.role == "beheerder"


def test_a_beheerder_cannot_grant_in_another_swv_or_with_a_foreign_gemeente(client, world, other_world):
    w = world
    response, created = _grant(
        client,
        w.beheerder,
        user=w.consulent.pk,
        role="leerplichtambtenaar",
        swv=other_world.swv.pk,
        gemeente=other_world.gemeente_a.pk,
    )
    assert created is None
    response, created = _grant(
        client,
        w.beheerder,
        user=w.consulent.pk,
        role="leerplichtambtenaar",
        swv=w.swv.pk,
        gemeente=other_world.gemeente_a.pk,
    )
    assert created is None
    response, created = _grant(
        client, w.beheerder, user=w.consulent.pk, role="school", swv=w.swv.pk, school=other_world.school_a.pk
    )
    assert created is None


def test_national_roles_are_granted_only_by_the_national_beheer(client, world):
    w = world
    for role in ("beheerder", "auditor", "privacy_officer"):
        response, created = _grant(client, w.beheerder, user=w.consulent.pk, role=role, swv=w.swv.pk)
        assert created is None, role
        assert "landelijk beheer" in response.content.decode(), role
    # other roles, for other people in the own SWV: allowed (and listed for the privacy officer)
    response, created = _grant(
        client,
        w.beheerder,
        user=w.consulent.pk,
        role="leerplichtambtenaar",
        swv=w.swv.pk,
        gemeente=w.gemeente_a.pk,
    )
    assert created is not None and created.user == w.consulent, response.content.decode()[:2000]


def test_the_privacy_officer_sees_privileged_membership_changes_of_their_swv(client, world, other_world):
    from cases.roles import Role
    from tests.factories import make_user

    w = world
    _grant(client, w.beheerder, user=w.school_user.pk, role="consulent", swv=w.swv.pk)
    _grant(
        client,
        other_world.beheerder,
        user=other_world.school_user.pk,
        role="beslisser",
        swv=other_world.swv.pk,
    )
    privacy = make_user(role=Role.PRIVACY_OFFICER, swv=w.swv)
    client = Client()  # a fresh session: no admin messages of the grants above
    client.force_login(privacy)
    page = client.get(reverse("audit_membership_changes"))
    assert page.status_code == 200
    html = page.content.decode()
    assert w.school_user.username in html and w.beheerder.username in html  # who got it, who gave it
    assert other_world.school_user.username not in html
    client.force_login(w.school_user)
    assert client.get(reverse("audit_membership_changes")).status_code == 404


# --- shared master data: gemeenten and other SWVs' schools are national --------------------------


def test_a_beheerder_views_but_cannot_change_gemeenten(client, world, other_world):
    w = world
    client.force_login(w.beheerder)
    url = reverse("admin:cases_gemeente_change", args=[w.gemeente_a.pk])
    page = client.get(url)
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    response = client.post(url, {"name": "Gekaapt", "code": w.gemeente_a.code, "swvs": [other_world.swv.pk]})
    assert response.status_code == 403
    w.gemeente_a.refresh_from_db()
    assert w.gemeente_a.name != "Gekaapt" and list(w.gemeente_a.swvs.all()) == [w.swv]
    assert client.get(reverse("admin:cases_gemeente_add")).status_code == 403


def test_a_beheerder_cannot_change_a_school_of_another_swv(client, world, other_world):
    client.force_login(world.beheerder)
    url = reverse("admin:cases_school_change", args=[other_world.school_a.pk])
    assert client.get(url).status_code in (302, 403, 404)
    client.post(url, {"name": "Gekaapt"})
    other_world.school_a.refresh_from_db()
    assert other_world.school_a.name != "Gekaapt"


def test_the_national_beheer_changes_gemeenten(client, world, other_world):
    from tests.factories import make_user

    national = make_user(is_superuser=True, is_staff=True)
    client.force_login(national)
    url = reverse("admin:cases_gemeente_change", args=[world.gemeente_a.pk])
    response = client.post(
        url,
        {
            "name": world.gemeente_a.name,
            "code": world.gemeente_a.code,
            "swvs": [world.swv.pk, other_world.swv.pk],
        },
    )
    assert response.status_code == 302
    assert set(world.gemeente_a.swvs.all()) == {world.swv, other_world.swv}
