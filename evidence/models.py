"""佐证材料 — files a unit attaches to one of its filings (photos, PDFs, Word and Excel documents).

The bytes live in Django's configured storage (``STORAGES["default"]``: a local directory on one machine, a
shared bucket or mount for several hosts), named by their SHA-256, so the same file attached twice is stored
once. A row is never deleted: removing one marks it removed (who, when), and the filing's history lists it.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Evidence(models.Model):
    class Kind(models.TextChoices):
        IMAGE = "image", _("图片")
        PDF = "pdf", "PDF"
        WORD = "word", _("Word 文档")
        EXCEL = "excel", _("Excel 表格")

    filing = models.ForeignKey(
        "filings.Filing", on_delete=models.PROTECT, related_name="evidence", verbose_name=_("填报")
    )
    file = models.FileField(_("文件"), max_length=200)
    name = models.CharField(_("文件名"), max_length=255)
    size = models.PositiveBigIntegerField(_("大小"))
    sha256 = models.CharField("SHA-256", max_length=64, db_index=True)
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    content_type = models.CharField(_("内容类型"), max_length=120)
    attached_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("上传人")
    )
    attached_at = models.DateTimeField(_("上传时间"))
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("删除人"),
    )
    removed_at = models.DateTimeField(_("删除时间"), null=True, blank=True)

    class Meta:
        ordering = ["attached_at", "pk"]
        verbose_name = _("佐证材料")
        verbose_name_plural = _("佐证材料")
        indexes = [models.Index(fields=["filing", "removed_at"], name="evidence_filing_active")]

    def __str__(self):
        return self.name

    @property
    def is_image(self):
        return self.kind == self.Kind.IMAGE
