"""A document waiting for the office to confirm its import (上传 → 预览 → 确认)."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class PendingImport(models.Model):
    """The parse of an uploaded document, kept until the office confirms or cancels it.

    Nothing in plans or filings exists for it until confirmation; cancelling deletes this row.
    """

    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    filename = models.CharField(_("文件名"), max_length=255)
    parsed = models.JSONField(_("识别结果"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return self.filename

    def get_absolute_url(self):
        return reverse("documents:preview", args=[self.pk])

    @property
    def kind(self):
        return self.parsed.get("kind")

    @property
    def is_report(self):
        """A filled filing form or status table (filings), as opposed to a plan."""
        return self.kind in ("filing_form", "status_table")
