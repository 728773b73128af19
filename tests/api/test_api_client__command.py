"""`manage.py api_client token`: the validity in days must lie in the allowed range; 0 is refused, not
silently replaced by the default."""

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from api.models import ApiToken
from tests.api.helpers import api_client


@pytest.mark.parametrize("days", [0, -1, settings.API_TOKEN_MAX_DAYS + 1])
def test_a_token_of_an_out_of_range_validity_is_refused(world, days):
    client, _token = api_client(world)
    before = ApiToken.objects.filter(client=client).count()
    with pytest.raises(CommandError, match=f"1 tot {settings.API_TOKEN_MAX_DAYS} dagen"):
        call_command("api_client", "token", "--client", str(client.pk), "--days", str(days))
    assert ApiToken.objects.filter(client=client).count() == before


def test_a_token_of_one_day_and_the_default_are_issued(world, capsys):
    client, _token = api_client(world)
    call_command("api_client", "token", "--client", str(client.pk), "--days", "1")
    call_command("api_client", "token", "--client", str(client.pk))
    days = sorted(
        (t.expires_at - t.created_at).days for t in ApiToken.objects.filter(client=client).order_by("pk")
    )
    assert days == [1, settings.API_TOKEN_DAYS, settings.API_TOKEN_DAYS]
