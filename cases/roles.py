"""The roles a Membership can carry. Stable codes; labels are Dutch by default."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    SCHOOL = "school", _("School (IB'er / zorgcoördinator)")
    CONSULENT = "consulent", _("Consulent SWV")
    DESKUNDIGE = "deskundige", _("Deskundige")
    CVA_LID = "cva_lid", _("Lid CvA/BTO")
    CVA_VOORZITTER = "cva_voorzitter", _("Voorzitter CvA/BTO")
    BESLISSER = "beslisser", _("Beslisser (gemandateerd)")
    LEERPLICHTAMBTENAAR = "leerplichtambtenaar", _("Leerplichtambtenaar")
    AUDITOR = "auditor", _("Auditor")
    SCREENINGSTEAM = "screeningsteam", _("Screeningsteam (coördinator)")
    BEHEERDER = "beheerder", _("Beheerder")
    PRIVACY_OFFICER = "privacy_officer", _("Privacy officer (FG)")
    ARCHIVARIS = "archivaris", _("Archivaris")
    SCHOOLBESTUUR = "schoolbestuur", _("Schoolbestuur")


# A role that may also act in the werkvoorraad of another role (the voorzitter is also a member).
ROLE_IMPLIES = {
    Role.CVA_VOORZITTER: {Role.CVA_LID},
}

SWV_STAFF_ROLES = {Role.CONSULENT, Role.CVA_LID, Role.CVA_VOORZITTER, Role.BESLISSER, Role.BEHEERDER}
