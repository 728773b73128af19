

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0017_bezwaar_before_bekendmaking"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="HistoricalSchoolVakantie",
            fields=[
                (
                    "id",
                    models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID"),
                ),
                (
                    "regio",
                    models.CharField(
                        choices=[
                            ("noord", "regio noord"),
                            ("midden", "regio midden"),
                            ("zuid", "regio zuid"),
                        ],
                        max_length=6,
                        verbose_name="regio",
                    ),
                ),
                (
                    "naam",
                    models.CharField(
                        choices=[
                            ("herfstvakantie", "herfstvakantie"),
                            ("kerstvakantie", "kerstvakantie"),
                            ("voorjaarsvakantie", "voorjaarsvakantie"),
                            ("meivakantie", "meivakantie"),
                            ("zomervakantie", "zomervakantie"),
                        ],
                        max_length=20,
                        verbose_name="vakantie",
                    ),
                ),
                ("start", models.DateField(verbose_name="eerste dag")),
                ("end", models.DateField(verbose_name="laatste dag (t/m)")),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
            ],
            options={
                "verbose_name": "historical schoolvakantie",
                "verbose_name_plural": "historical schoolvakanties",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="SchoolVakantie",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "regio",
                    models.CharField(
                        choices=[
                            ("noord", "regio noord"),
                            ("midden", "regio midden"),
                            ("zuid", "regio zuid"),
                        ],
                        max_length=6,
                        verbose_name="regio",
                    ),
                ),
                (
                    "naam",
                    models.CharField(
                        choices=[
                            ("herfstvakantie", "herfstvakantie"),
                            ("kerstvakantie", "kerstvakantie"),
                            ("voorjaarsvakantie", "voorjaarsvakantie"),
                            ("meivakantie", "meivakantie"),
                            ("zomervakantie", "zomervakantie"),
                        ],
                        max_length=20,
                        verbose_name="vakantie",
                    ),
                ),
                ("start", models.DateField(verbose_name="eerste dag")),
                ("end", models.DateField(verbose_name="laatste dag (t/m)")),
            ],
            options={
                "verbose_name": "schoolvakantie",
                "verbose_name_plural": "schoolvakanties",
                "ordering": ["regio", "start"],
            },
        ),
        migrations.AddField(
            model_name="deadline",
            name="calendar_incomplete",
            field=models.BooleanField(default=False),
        ),
        migrations.AddField(
            model_name="deadline",
            name="regio",
            field=models.CharField(
                blank=True,
                choices=[("noord", "regio noord"), ("midden", "regio midden"), ("zuid", "regio zuid")],
                default="",
                max_length=6,
            ),
        ),
        migrations.AddField(
            model_name="historicaldeadline",
            name="calendar_incomplete",
            field=models.BooleanField(default=False),
        ),
        migrations.AddField(
            model_name="historicaldeadline",
            name="regio",
            field=models.CharField(
                blank=True,
                choices=[("noord", "regio noord"), ("midden", "regio midden"), ("zuid", "regio zuid")],
                default="",
                max_length=6,
            ),
        ),
        migrations.AddField(
            model_name="historicalswv",
            name="regio",
            field=models.CharField(
                blank=True,
                choices=[("noord", "regio noord"), ("midden", "regio midden"), ("zuid", "regio zuid")],
                help_text="Nodig voor termijnen in schoolweken of schooldagen.",
                max_length=6,
                verbose_name="regio schoolvakanties",
            ),
        ),
        migrations.AddField(
            model_name="swv",
            name="regio",
            field=models.CharField(
                blank=True,
                choices=[("noord", "regio noord"), ("midden", "regio midden"), ("zuid", "regio zuid")],
                help_text="Nodig voor termijnen in schoolweken of schooldagen.",
                max_length=6,
                verbose_name="regio schoolvakanties",
            ),
        ),
        migrations.AlterField(
            model_name="deadline",
            name="calendar",
            field=models.CharField(
                choices=[
                    ("atw", "feestdagen van de Algemene termijnenwet"),
                    ("nl_holidays", "Nederlandse feestdagen met Goede Vrijdag (holidays-lijst)"),
                    (
                        "school",
                        "schoolweken/schooldagen: zonder de schoolvakanties van de regio van het samenwerkingsverband",
                    ),
                ],
                default="atw",
                max_length=20,
            ),
        ),
        migrations.AlterField(
            model_name="historicaldeadline",
            name="calendar",
            field=models.CharField(
                choices=[
                    ("atw", "feestdagen van de Algemene termijnenwet"),
                    ("nl_holidays", "Nederlandse feestdagen met Goede Vrijdag (holidays-lijst)"),
                    (
                        "school",
                        "schoolweken/schooldagen: zonder de schoolvakanties van de regio van het samenwerkingsverband",
                    ),
                ],
                default="atw",
                max_length=20,
            ),
        ),
        migrations.AlterField(
            model_name="historicaltermpolicy",
            name="calendar",
            field=models.CharField(
                choices=[
                    ("atw", "feestdagen van de Algemene termijnenwet"),
                    ("nl_holidays", "Nederlandse feestdagen met Goede Vrijdag (holidays-lijst)"),
                    (
                        "school",
                        "schoolweken/schooldagen: zonder de schoolvakanties van de regio van het samenwerkingsverband",
                    ),
                ],
                default="atw",
                max_length=20,
                verbose_name="werkdagen volgens",
            ),
        ),
        migrations.AlterField(
            model_name="termpolicy",
            name="calendar",
            field=models.CharField(
                choices=[
                    ("atw", "feestdagen van de Algemene termijnenwet"),
                    ("nl_holidays", "Nederlandse feestdagen met Goede Vrijdag (holidays-lijst)"),
                    (
                        "school",
                        "schoolweken/schooldagen: zonder de schoolvakanties van de regio van het samenwerkingsverband",
                    ),
                ],
                default="atw",
                max_length=20,
                verbose_name="werkdagen volgens",
            ),
        ),
        migrations.AddField(
            model_name="historicalschoolvakantie",
            name="history_user",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddConstraint(
            model_name="schoolvakantie",
            constraint=models.CheckConstraint(
                condition=models.Q(("end__gte", models.F("start"))), name="schoolvakantie_end_after_start"
            ),
        ),
        migrations.AddConstraint(
            model_name="schoolvakantie",
            constraint=models.CheckConstraint(
                condition=models.Q(("regio__in", ["noord", "midden", "zuid"])),
                name="schoolvakantie_regio_known",
            ),
        ),
    ]
