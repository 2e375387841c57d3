"""政府信息公开 — publications (索引号 + catalogue), their frozen versions, privacy reviews and public feedback.

A Publication is the catalogue entry; what the public reads is always a PublicationVersion, a
snapshot frozen at publishing time (table HTML, attachments, content hash) that is never edited:
a correction (更正) is version n+1, a withdrawal (废止) marks the publication and deletes nothing.
"""

import hashlib
import json
import secrets

from django.conf import settings
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audit.log import record
from audit.models import Kind as AuditKind
from filings.models import Round


class PublishError(Exception):
    """A refused publishing step; the message is shown to the office as it is."""


class FrozenError(Exception):
    """Someone tried to change or delete a frozen snapshot."""


class Publication(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("草稿")
        PUBLISHED = "published", _("已发布")
        WITHDRAWN = "withdrawn", _("已废止")

    class Kind(models.TextChoices):
        STATUS_TABLE = "status_table", _("完成情况表")

    class DateKind(models.TextChoices):
        ISSUED = "issued", _("发文日期")
        GENERATED = "generated", _("生成日期")

    class IndexMode(models.TextChoices):
        MANUAL = "manual", _("手工录入")
        GENERATED = "generated", _("自动生成")

    kind = models.CharField(_("类型"), max_length=30, choices=Kind.choices, default=Kind.STATUS_TABLE)
    round = models.ForeignKey(
        Round, verbose_name=_("填报轮次"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    state = models.CharField(_("状态"), max_length=20, choices=State.choices, default=State.DRAFT)
    # --- catalogue (政府信息公开目录) ---
    index_mode = models.CharField(
        _("索引号方式"), max_length=20, choices=IndexMode.choices, default=IndexMode.GENERATED
    )
    index_number = models.CharField(_("索引号"), max_length=64, unique=True)
    title = models.CharField(_("名称"), max_length=200)
    publisher = models.CharField(_("发布机构"), max_length=100)
    date_kind = models.CharField(_("日期类型"), max_length=20, choices=DateKind.choices, default=DateKind.ISSUED)
    doc_date = models.DateField(_("发文日期"))
    disclosure_mode = models.CharField(_("公开方式"), max_length=30, default="主动公开")
    disclosure_scope = models.CharField(_("公开范围"), max_length=30, default="面向全社会")
    topic = models.CharField(_("主题分类"), max_length=100, blank=True)
    genre = models.CharField(_("组配分类"), max_length=50, blank=True)
    doc_number = models.CharField(_("文件编号"), max_length=100, blank=True)
    source = models.CharField(_("信息来源"), max_length=100, blank=True)
    summary = models.CharField(_("内容概述"), max_length=150, blank=True)
    validity = models.CharField(_("有效性"), max_length=20, default="有效")
    # --- life ---
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    first_published_at = models.DateTimeField(_("首次发布时间"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("废止时间"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    withdraw_reason = models.TextField(_("废止原因"), blank=True)

    CATALOGUE_FIELDS = (
        "index_number",
        "title",
        "publisher",
        "date_kind",
        "doc_date",
        "disclosure_mode",
        "disclosure_scope",
        "topic",
        "genre",
        "doc_number",
        "source",
        "summary",
        "validity",
    )

    class Meta:
        ordering = ["-first_published_at", "-created_at", "-pk"]
        verbose_name = _("公开信息")
        verbose_name_plural = _("公开信息")

    def __str__(self):
        return f"{self.index_number} {self.title}"

    def get_absolute_url(self):
        return reverse("publishing:detail", args=[self.pk])

    def public_url(self):
        return reverse("publishing:public_item", args=[self.pk])

    def save(self, *args, **kwargs):
        if self.pk:
            before = Publication.objects.filter(pk=self.pk).values("index_number", "first_published_at").first()
            if before and before["first_published_at"] and before["index_number"] != self.index_number:
                raise FrozenError("索引号发布后不能更改")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.first_published_at or self.versions.exists():
            raise FrozenError("已发布的信息不能删除，只能废止")
        return super().delete(*args, **kwargs)

    def catalogue(self):
        """The catalogue fields as plain JSON values (dates as ISO strings)."""
        data = {name: getattr(self, name) for name in self.CATALOGUE_FIELDS}
        data["doc_date"] = self.doc_date.isoformat() if self.doc_date else ""
        return data

    @property
    def latest(self):
        return self.versions.order_by("-number").first()

    @transaction.atomic
    def withdraw(self, user, reason):
        reason = (reason or "").strip()
        if not reason:
            raise PublishError(_("请填写废止原因。"))
        changed = Publication.objects.filter(pk=self.pk, state=self.State.PUBLISHED).update(
            state=self.State.WITHDRAWN,
            validity="已废止",
            withdrawn_at=timezone.now(),
            withdrawn_by=user,
            withdraw_reason=reason,
        )
        if not changed:
            raise PublishError(_("只有已发布的信息可以废止。"))
        record(AuditKind.PUBLISH, action="withdraw", obj=self, user=user, details={"reason": reason})
        self.refresh_from_db()
        self.save(
            update_fields=["state"]
        )  # a real save after the conditional update: listeners (the search index) follow


def _sha256(data):
    return hashlib.sha256(data).hexdigest()


class PublicationVersion(models.Model):
    """A frozen snapshot: what the public saw as version ``number`` — never edited, never deleted."""

    publication = models.ForeignKey(Publication, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("版本"))
    catalogue = models.JSONField(_("目录信息"))
    title = models.CharField(_("名称"), max_length=200)
    table_html = models.TextField()
    table_css = models.TextField(blank=True)
    content_hash = models.CharField(_("内容校验值"), max_length=64)
    correction_note = models.TextField(_("更正说明"), blank=True)
    review = models.ForeignKey("PrivacyReview", on_delete=models.PROTECT, related_name="+")
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    published_at = models.DateTimeField(_("发布时间"))

    class Meta:
        ordering = ["publication", "number"]
        constraints = [
            models.UniqueConstraint(fields=["publication", "number"], name="one_version_number_per_publication")
        ]

    def __str__(self):
        return f"{self.publication.index_number} v{self.number}"

    def save(self, *args, **kwargs):
        if self.pk and PublicationVersion.objects.filter(pk=self.pk).exists():
            raise FrozenError("已发布的版本不能修改")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise FrozenError("已发布的版本不能删除")

    def public_url(self):
        return reverse("publishing:public_version", args=[self.publication_id, self.number])

    @staticmethod
    def compute_hash(catalogue, title, table_html, attachment_hashes):
        payload = json.dumps(
            {"catalogue": catalogue, "title": title, "table": table_html, "attachments": attachment_hashes},
            ensure_ascii=False,
            sort_keys=True,
        )
        return _sha256(payload.encode("utf-8"))

    def verify(self):
        """True when the stored content still matches the hash taken at publishing."""
        hashes = {a.fmt: _sha256(bytes(a.content)) for a in self.attachments.all()}
        if any(hashes[a.fmt] != a.sha256 for a in self.attachments.all()):
            return False
        return self.compute_hash(self.catalogue, self.title, self.table_html, hashes) == self.content_hash


class Attachment(models.Model):
    """A file rendered at publishing time (.docx / .xlsx / .pdf), stored in the database with its hash."""

    version = models.ForeignKey(PublicationVersion, on_delete=models.PROTECT, related_name="attachments")
    fmt = models.CharField(max_length=10)
    filename = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    content = models.BinaryField()
    sha256 = models.CharField(max_length=64)
    size = models.PositiveIntegerField()

    class Meta:
        ordering = ["version", "fmt"]
        constraints = [models.UniqueConstraint(fields=["version", "fmt"], name="one_attachment_per_format")]

    def save(self, *args, **kwargs):
        if self.pk and Attachment.objects.filter(pk=self.pk).exists():
            raise FrozenError("已发布的附件不能修改")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise FrozenError("已发布的附件不能删除")

    def public_url(self):
        return reverse(
            "publishing:public_attachment", args=[self.version.publication_id, self.version.number, self.fmt]
        )

    def __str__(self):
        return self.filename


class PrivacyReview(models.Model):
    """隐私审查 — one scan of what is about to be published, and the office's decision on each hit."""

    publication = models.ForeignKey(Publication, on_delete=models.PROTECT, related_name="reviews")
    source_hash = models.CharField(max_length=64)  # the unmasked table the hits were found in
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    used_for = models.PositiveIntegerField(null=True, blank=True)  # the version number it was published as

    class Meta:
        ordering = ["-created_at", "-pk"]

    @property
    def open_hits(self):
        return self.hits.filter(decision=PrivacyHit.Decision.PENDING)

    @property
    def is_resolved(self):
        return not self.open_hits.exists()

    def __str__(self):
        return f"{self.publication_id} · {self.pk}"


class PrivacyHit(models.Model):
    class Decision(models.TextChoices):
        PENDING = "pending", _("待处理")
        MASK = "mask", _("遮盖")
        KEEP = "keep", _("保留")
        EDIT = "edit", _("改写所在句子")
        DROP = "drop", _("删去所在句子")

    class Kind(models.TextChoices):
        ID_CARD = "id_card", _("身份证号")
        ID_LIKE = "id_like", _("疑似身份证号（校验位不符）")
        BANK_CARD = "bank_card", _("银行卡号")
        MOBILE = "mobile", _("手机号")
        LANDLINE = "landline", _("固定电话")
        EMAIL = "email", _("电子邮箱")
        ADDRESS = "address", _("详细地址")
        NAME = "name", _("人名")
        CONTACT = "contact", _("联系方式")
        PHRASE = "phrase", _("不宜公开用语")

    review = models.ForeignKey(PrivacyReview, on_delete=models.CASCADE, related_name="hits")
    cell = models.CharField(max_length=40)  # "title", "3.completion" …
    cell_label = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    text = models.CharField(max_length=300)
    before = models.CharField(max_length=100, blank=True)
    after = models.CharField(max_length=100, blank=True)
    masked = models.CharField(max_length=300)
    decision = models.CharField(max_length=10, choices=Decision.choices, default=Decision.PENDING)
    reason = models.TextField(_("保留理由"), blank=True)  # also why a sentence was rewritten or dropped
    sentence = models.TextField(_("所在句子"), blank=True)  # the sentence around the hit, as scanned
    replacement = models.TextField(_("改写为"), blank=True)  # the rewritten sentence (decision edit)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["review", "pk"]

    def __str__(self):
        return f"{self.kind} · {self.pk}"


def new_receipt_number():
    """回执号: date + 6 random characters (unguessable, so a receipt reveals nothing about others)."""
    alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
    return timezone.localdate().strftime("%Y%m%d") + "-" + "".join(secrets.choice(alphabet) for _ in range(6))


class Feedback(models.Model):
    """公众留言 — a visitor's message under a published item. Only the office ever reads it."""

    class State(models.TextChoices):
        NEW = "new", _("新留言")
        HANDLED = "handled", _("已处理")

    publication = models.ForeignKey(Publication, on_delete=models.PROTECT, related_name="feedback")
    version_number = models.PositiveIntegerField()
    name = models.CharField(_("姓名"), max_length=50, blank=True)
    contact = models.CharField(_("联系方式"), max_length=100, blank=True)
    text = models.TextField(_("内容"))
    receipt_number = models.CharField(_("回执号"), max_length=20, unique=True, default=new_receipt_number)
    state = models.CharField(_("状态"), max_length=10, choices=State.choices, default=State.NEW)
    note = models.TextField(_("处理说明"), blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    handled_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("公众留言")
        verbose_name_plural = _("公众留言")

    def handle(self, user, state, note):
        self.state, self.note = state, (note or "").strip()
        self.handled_by, self.handled_at = user, timezone.now()
        self.save(update_fields=["state", "note", "handled_by", "handled_at"])

    def __str__(self):
        return self.receipt_number


class FeedbackAttempt(models.Model):
    """One feedback POST from an address (a keyed hash, never the address itself), for the rate limit."""

    address = models.CharField(max_length=64, db_index=True)
    at = models.DateTimeField(db_index=True)

    def __str__(self):
        return f"{self.at}"
