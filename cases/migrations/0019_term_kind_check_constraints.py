from django.db import migrations, models


class Migration(migrations.Migration):
    """The term kinds are a closed list in the database too: a row with an unknown kind fails to save."""

    dependencies = [
        ("cases", "0018_schoolvakanties_swv_regio_deadline_calendar"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name="deadline",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    (
                        "kind__in",
                        [
                            "tlv_beslistermijn",
                            "tlv_informatietermijn",
                            "tlv_hersteltermijn",
                            "thuiszitter_plan",
                            "thuiszitter_aanbod",
                            "thuiszitter_3_maanden",
                            "thuiszitter_monitoring",
                            "zorgplicht",
                            "bezwaartermijn",
                            "beslistermijn_bezwaar",
                            "commissie_advies",
                            "tlv_verlenging_signaal",
                            "tlv_jong_review_signaal",
                            "tlv_beslistermijn_complex",
                            "tlv_vso_vo_signaal",
                            "screening_termijn",
                            "screening_herscreening",
                            "schakel_proefperiode",
                            "schakel_nazorg_3",
                            "schakel_nazorg_12",
                        ],
                    )
                ),
                name="deadline_kind_known",
            ),
        ),
        migrations.AddConstraint(
            model_name="termpolicy",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    (
                        "kind__in",
                        [
                            "tlv_beslistermijn",
                            "tlv_informatietermijn",
                            "tlv_hersteltermijn",
                            "thuiszitter_plan",
                            "thuiszitter_aanbod",
                            "thuiszitter_3_maanden",
                            "thuiszitter_monitoring",
                            "zorgplicht",
                            "bezwaartermijn",
                            "beslistermijn_bezwaar",
                            "commissie_advies",
                            "tlv_verlenging_signaal",
                            "tlv_jong_review_signaal",
                            "tlv_beslistermijn_complex",
                            "tlv_vso_vo_signaal",
                            "screening_termijn",
                            "screening_herscreening",
                            "schakel_proefperiode",
                            "schakel_nazorg_3",
                            "schakel_nazorg_12",
                        ],
                    )
                ),
                name="termpolicy_kind_known",
            ),
        ),
    ]
