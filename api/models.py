"""API clients: an integration (school administration system, leerplicht system, dashboard) that belongs to
one organisation, acts as a named service user with a role there, and holds scoped, hashed, expiring tokens.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cases.roles import Role

# Resources of the API; a scope is "<resource>:read" or "<resource>:write".
RESOURCES = ("pupils", "cases", "tasks", "documents", "deadlines", "escalations", "reports", "profiles")
SCOPES = tuple(f"{r}:{m}" for r in RESOURCES for m in ("read", "write"))
SCOPE_CHOICES = [(s, s) for s in SCOPES]


class ApiClient(models.Model):
    name = models.CharField(_("naam"), max_length=120, help_text=_("bijv. 'ParnasSys school A'"))
    swv = models.ForeignKey("cases.Swv", on_delete=models.PROTECT, related_name="api_clients")
    role = models.CharField(
        _("rol"),
        max_length=30,
        choices=Role.choices,
        help_text=_("De koppeling handelt met deze rol; dezelfde regels als voor een medewerker gelden."),
    )
    school = models.ForeignKey(
        "cases.School", on_delete=models.PROTECT, null=True, blank=True, related_name="api_clients"
    )
    gemeente = models.ForeignKey(
        "cases.Gemeente", on_delete=models.PROTECT, null=True, blank=True, related_name="api_clients"
    )
    scopes = models.JSONField(_("rechten"), default=list, blank=True)
    # the named service user: history and the timeline show this user as the actor
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="api_client", editable=False
    )
    active = models.BooleanField(_("actief"), default=True)
    created_at = models.DateTimeField(_("aangemaakt"), editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("API-koppeling")
        verbose_name_plural = _("API-koppelingen")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def has_scope(self, scope: str) -> bool:
        return scope in (self.scopes or [])


class ApiToken(models.Model):
    """A bearer token of a client. Only a SHA-256 digest is stored; the token is shown once."""

    client = models.ForeignKey(ApiClient, on_delete=models.CASCADE, related_name="tokens")
    prefix = models.CharField(_("kenmerk"), max_length=16, unique=True)
    digest = models.CharField(max_length=64)
    created_at = models.DateTimeField(_("aangemaakt"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    expires_at = models.DateTimeField(_("verloopt"))
    revoked_at = models.DateTimeField(_("ingetrokken"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # a usage timestamp, written at most once a minute; deliberately outside the history
    last_used_at = models.DateTimeField(_("laatst gebruikt"), null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["last_used_at"])

    class Meta:
        verbose_name = _("API-token")
        verbose_name_plural = _("API-tokens")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.client} ({self.prefix}…)"
