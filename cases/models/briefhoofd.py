"""The letterhead of an SWV's letters (besluit, afwijzing, intrekking, beslissing op bezwaar): logo, address
and the function under the signature. Configured by the SWV's beheerder in beheer, with history."""

from __future__ import annotations

import base64

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .case import get_document_storage
from .organisations import Swv

LOGO_MAX_BYTES = 512 * 1024
LOGO_TYPES = {"PNG": "image/png", "JPEG": "image/jpeg"}


def validate_logo(upload) -> None:
    """A PNG or JPEG image of at most 512 kB, checked on its content (not its name)."""
    from PIL import Image, UnidentifiedImageError

    if upload.size > LOGO_MAX_BYTES:
        raise ValidationError(_("Het logo is te groot: hoogstens 512 kB."), code="logo-te-groot")
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            kind = image.format
            image.verify()
    except (UnidentifiedImageError, OSError, ValueError):
        kind = None
    finally:
        upload.seek(0)
    if kind not in LOGO_TYPES:
        raise ValidationError(_("Het logo moet een PNG- of JPEG-afbeelding zijn."), code="logo-soort")


def logo_path(instance, filename):
    return f"briefhoofd/{instance.swv_id or 'nieuw'}/logo"


class Briefhoofd(models.Model):
    swv = models.OneToOneField(
        Swv, on_delete=models.CASCADE, related_name="briefhoofd", verbose_name=_("samenwerkingsverband")
    )
    logo = models.FileField(
        _("logo"),
        storage=get_document_storage,
        upload_to=logo_path,
        blank=True,
        validators=[validate_logo],
        help_text=_("PNG of JPEG, hoogstens 512 kB; staat linksboven op elke brief."),
    )
    adres = models.TextField(
        _("adres"), blank=True, help_text=_("Bezoek- of postadres, één regel per regel van het adres.")
    )
    telefoon = models.CharField(_("telefoon"), max_length=40, blank=True)
    email = models.EmailField(_("e-mailadres"), blank=True)
    website = models.CharField(_("website"), max_length=200, blank=True)
    ondertekenaar_functie = models.CharField(
        _("functie van de ondertekenaar"),
        max_length=120,
        default="gemandateerd beslisser",
        help_text=_("Staat onder de naam van wie het besluit nam, bijv. directeur-bestuurder."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("briefhoofd")
        verbose_name_plural = _("briefhoofden")

    def __str__(self):
        return f"{self.swv.code}: {_('briefhoofd')}"

    def logo_data_uri(self) -> str:
        """The logo inline (data: URI), so the page preview and the PDF show the same image."""
        if not self.logo:
            return ""
        try:
            with self.logo.open("rb") as fh:
                content = fh.read(LOGO_MAX_BYTES + 1)
        except OSError:
            return ""
        kind = "image/png" if content.startswith(b"\x89PNG") else "image/jpeg"
        return f"data:{kind};base64,{base64.b64encode(content).decode()}"
