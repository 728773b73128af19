"""The consent checkboxes become consents in the register: each ouder's 'toestemming gegevensdeling' flag a
consent for gegevensdeling given by that ouder, each screening's 'toestemming van de ouders' a consent for
the screening (given by the pupil's first ouder with gezag, on the recorded day). Recorded by the system
actor as 'overgenomen', so what was allowed before stays allowed."""

from django.conf import settings
from django.db import migrations
from django.utils import timezone

SYSTEM_USERNAME = "systeem"


def _system_user(apps):
    app_label, model_name = settings.AUTH_USER_MODEL.split(".")
    User = apps.get_model(app_label, model_name)
    user, _ = User.objects.get_or_create(
        username=SYSTEM_USERNAME,
        defaults={"first_name": "Systeem", "last_name": "(termijnbewaking)", "is_active": False},
    )
    return user


def forwards(apps, schema_editor):
    Ouder = apps.get_model("cases", "Ouder")
    HistoricalOuder = apps.get_model("cases", "HistoricalOuder")
    Consent = apps.get_model("cases", "Consent")
    Screening = apps.get_model("cases", "ZorgOnderwijsScreening")
    flagged = Ouder.objects.filter(toestemming=True)
    screenings = Screening.objects.filter(toestemming_ouders=True).select_related("case")
    if not flagged.exists() and not screenings.exists():
        return
    system = _system_user(apps)
    now = timezone.now()
    for ouder in flagged.iterator():
        first = HistoricalOuder.objects.filter(id=ouder.pk).order_by("history_date").first()
        day = timezone.localdate(first.history_date) if first else timezone.localdate(now)
        Consent.objects.create(
            leerling_id=ouder.leerling_id,
            purpose="gegevensdeling",
            gever="ouder",
            ouder=ouder,
            gever_naam=ouder.naam,
            gegeven_op=day,
            wijze="overgenomen",
            recorded_by=system,
            recorded_at=now,
        )
    for screening in screenings.iterator():
        leerling_id = screening.case.leerling_id
        ouder = Ouder.objects.filter(leerling_id=leerling_id, gezag=True).order_by("pk").first()
        day = screening.toestemming_op or timezone.localdate(screening.case.opened_at)
        Consent.objects.create(
            leerling_id=leerling_id,
            purpose="screening",
            gever="ouder",
            ouder=ouder,
            gever_naam=ouder.naam if ouder else "ouders (overgenomen)",
            gegeven_op=day,
            wijze="overgenomen",
            case=screening.case,
            recorded_by=system,
            recorded_at=now,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0021_consent_register"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
