"""The tamper-evident audit chain and the read-access log."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class AuditEvent(models.Model):
    """One link of the append-only chain: `hash` = sha256(canonical JSON of the fields + `prev_hash`), and
    `mac` = HMAC-SHA256 of that hash under AUDIT_CHAIN_KEY, a key the database does not hold (so a chain
    re-hashed by someone with only database rights does not verify). Links from before the key have no mac.

    Never updated, deleted or truncated (on PostgreSQL triggers refuse all three). `case_id` and `actor_id`
    are plain references without a database constraint: the chain outlives what it describes.
    """

    seq = models.BigIntegerField(unique=True)
    at = models.DateTimeField()
    actor_id = models.BigIntegerField(null=True, blank=True)
    actor_name = models.CharField(max_length=150, blank=True)
    action = models.CharField(max_length=60)
    case_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    payload = models.JSONField(default=dict)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)
    mac = models.CharField(max_length=64, blank=True, default="")

    class Meta:
        ordering = ["seq"]
        verbose_name = _("auditgebeurtenis")
        verbose_name_plural = _("auditketen")

    def __str__(self):
        return f"#{self.seq} {self.action}"


class AccessLog(models.Model):
    """Who opened which dossier, document or export, when and from where (NEN 7513-style).

    Append-only like the chain: on PostgreSQL triggers refuse UPDATE, DELETE and TRUNCATE."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(db_index=True)
    swv_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    case_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    case_reference = models.CharField(max_length=30, blank=True)
    leerling_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    what = models.CharField(_("wat"), max_length=200)
    view = models.CharField(max_length=100, blank=True)
    path = models.CharField(max_length=500, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    # Through the web pages or the REST API (an API client's service user is the `user`)
    via = models.CharField(
        _("via"),
        max_length=10,
        default="ui",
        choices=[("ui", "UI"), ("api", "API"), ("ouder", _("ouderportaal"))],
    )
    # a read by a parent in their own view: `user` is then the portal's named actor
    ouder_id = models.BigIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("inzage")
        verbose_name_plural = _("inzagelog")

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.user_id} {self.what}"


class Bewaartermijn(models.Model):
    """Per SWV: how long a closed case keeps its personal data (default: closed + 2 years)."""

    swv = models.OneToOneField("cases.Swv", on_delete=models.CASCADE, related_name="bewaartermijn")
    years_after_close = models.PositiveSmallIntegerField(_("jaren na afsluiten"), default=2)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("bewaartermijn")
        verbose_name_plural = _("bewaartermijnen")

    def __str__(self):
        return f"{self.swv}: {self.years_after_close}"


class OtpEnrolmentCode(models.Model):
    """A one-time code that lets one user set up their authenticator app (two-step login).

    Issued by a beheerder of the user's SWV (shown once or e-mailed to the account's address) or nationally
    with `manage.py otp_enrolment_code`; only its SHA-256 is stored. Valid once, until `expires_at`; issuing
    a new code revokes the user's unused ones."""

    class Via(models.TextChoices):
        BEHEERDER = "beheerder", _("getoond aan de beheerder")
        EMAIL = "email", _("gemaild naar het account")
        COMMAND = "commando", _("beheercommando (landelijk)")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    code_sha256 = models.CharField(max_length=64, unique=True)
    via = models.CharField(_("uitgegeven via"), max_length=10, choices=Via.choices)
    issued_at = models.DateTimeField(_("uitgegeven op"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("uitgegeven door"),
    )
    expires_at = models.DateTimeField(_("geldig tot"))
    used_at = models.DateTimeField(_("gebruikt op"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("vervallen op"), null=True, blank=True)

    class Meta:
        ordering = ["-issued_at", "-pk"]
        verbose_name = _("inschrijfcode tweestapsverificatie")
        verbose_name_plural = _("inschrijfcodes tweestapsverificatie")

    def __str__(self):
        return f"{self.user_id} {self.issued_at:%Y-%m-%d %H:%M}"
