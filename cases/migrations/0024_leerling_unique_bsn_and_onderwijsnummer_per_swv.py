"""One pupil per BSN and per onderwijsnummer within an SWV (an empty number is no number).

A database that already holds two pupils with one number in one SWV stops here with a count per number kind
(no numbers: they are personal data); merge or correct those pupils in beheer first."""

from django.db import migrations, models
from django.db.models import Count


def refuse_duplicates(apps, schema_editor):
    Leerling = apps.get_model("cases", "Leerling")
    found = []
    for field in ("bsn", "onderwijsnummer"):
        groups = (
            Leerling.objects.exclude(**{field: ""})
            .values("swv_id", field)
            .annotate(n=Count("pk"))
            .filter(n__gt=1)
            .count()
        )
        if groups:
            found.append(f"{groups} {field}(s) used by more than one pupil of the same SWV")
    if found:
        raise RuntimeError(
            "Cannot add the unique constraints on Leerling: " + "; ".join(found) + ". Merge or correct "
            "those pupils first (SELECT swv_id, bsn FROM cases_leerling WHERE bsn <> '' GROUP BY 1, 2 "
            "HAVING count(*) > 1, and the same for onderwijsnummer)."
        )


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0023_remove_ouder_toestemming"),
    ]

    operations = [
        migrations.RunPython(refuse_duplicates, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="leerling",
            constraint=models.UniqueConstraint(
                condition=models.Q(("bsn", ""), _negated=True),
                fields=("swv", "bsn"),
                name="leerling_swv_bsn_uniq",
                violation_error_message="Er staat al een leerling met dit BSN in dit samenwerkingsverband.",
            ),
        ),
        migrations.AddConstraint(
            model_name="leerling",
            constraint=models.UniqueConstraint(
                condition=models.Q(("onderwijsnummer", ""), _negated=True),
                fields=("swv", "onderwijsnummer"),
                name="leerling_swv_onderwijsnummer_uniq",
                violation_error_message=(
                    "Er staat al een leerling met dit onderwijsnummer in dit samenwerkingsverband."
                ),
            ),
        ),
    ]
