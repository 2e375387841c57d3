"""检索 — one row per indexed thing (a plan, a task, a filing's texts, a 协办意见 …).

``tokens`` holds the jieba-segmented text (search/segment.py). The full-text index over it is
the database's own: an FTS5 table kept by triggers on SQLite, a generated ``tsvector('simple')``
column with a GIN index on PostgreSQL (migration 0002). The other columns are what the filters
and the scope read; ids are plain integers (the indexed rows live in lower apps).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Entry(models.Model):
    kind = models.CharField(_("类别"), max_length=30)
    object_id = models.PositiveBigIntegerField()
    title = models.CharField(_("标题"), max_length=300)
    context = models.CharField(_("出处"), max_length=300, blank=True)  # plan · round · unit
    body = models.TextField(_("正文"), blank=True)
    tokens = models.TextField(blank=True)
    url = models.CharField(max_length=300, blank=True)
    year = models.PositiveIntegerField(null=True, blank=True)
    plan_id = models.PositiveBigIntegerField(null=True, blank=True)
    round_id = models.PositiveBigIntegerField(null=True, blank=True)
    unit_id = models.PositiveBigIntegerField(null=True, blank=True, db_index=True)
    submission_id = models.PositiveBigIntegerField(null=True, blank=True, db_index=True)
    state = models.CharField(max_length=20, blank=True)
    self_assessment = models.CharField(max_length=20, blank=True)
    flagged = models.BooleanField(default=False)
    public = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "search_entry"
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="one_search_entry_per_object")]
        # Results come newest year first: walking this index backwards stops at the first page.
        indexes = [models.Index(fields=["year", "id"], name="search_entry_year_id")]
        verbose_name = _("检索条目")
        verbose_name_plural = _("检索条目")

    def __str__(self):
        return f"{self.kind}:{self.object_id} {self.title[:40]}"
