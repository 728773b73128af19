"""Domain errors with stable codes. The UI shows `message`; the API maps them to HTTP statuses."""

from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    code = "domain-error"
    http_status = 400
    default_message = _("Deze actie is niet mogelijk.")

    def __init__(self, message=None, *, code=None, field=None):
        self.message = message or self.default_message
        if code:
            self.code = code
        self.field = field
        super().__init__(str(self.message))


class TransitionNotAllowed(DomainError):
    """The route record is not in a state that allows this step (HTTP 409)."""

    code = "transition-not-allowed"
    http_status = 409
    default_message = _("Deze stap is in de huidige status van de casus niet toegestaan.")


class Conflict(DomainError):
    """Someone else acted first (a lost race or a double submit), HTTP 409."""

    code = "conflict"
    http_status = 409
    default_message = _("Iemand anders heeft deze taak al afgehandeld. Ververs de pagina.")


class NotPermitted(DomainError):
    code = "not-permitted"
    http_status = 403
    default_message = _("U heeft geen recht om deze actie uit te voeren.")


class ValidationFailed(DomainError):
    code = "invalid"
    http_status = 400


def is_database_busy(exc: BaseException | None) -> bool:
    """SQLite's "database is locked" (the quick start's single-file database, still busy when its timeout
    ran out), also as the cause of another error: someone else's change held the database. That is a lost
    race (a conflict), not an outage."""
    from django.db import OperationalError

    while exc is not None:
        if isinstance(exc, OperationalError) and "is locked" in str(exc):
            return True
        exc = exc.__cause__ or exc.__context__
    return False
