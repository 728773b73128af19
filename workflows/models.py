"""Per-user settings of the shared pages: the saved inbox filters."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SavedFilter(models.Model):
    """A named inbox filter of one user: the query string of the inbox's own filter parameters."""

    MAX_PER_USER = 20

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_filters")
    name = models.CharField(_("naam"), max_length=80)
    query = models.CharField(_("filter"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("bewaard filter")
        verbose_name_plural = _("bewaarde filters")
        ordering = ["name", "pk"]
        constraints = [models.UniqueConstraint(fields=["user", "name"], name="savedfilter_user_name_uniq")]

    def __str__(self):
        return self.name
