"""The named system actor: the sweep and flow automation act as this user, never anonymously."""

from django.contrib.auth import get_user_model

from cases.policies import SYSTEM_USERNAME


def system_user():
    User = get_user_model()
    user, _ = User.objects.get_or_create(
        username=SYSTEM_USERNAME,
        defaults={"first_name": "Systeem", "last_name": "(termijnbewaking)", "is_active": False},
    )
    return user
