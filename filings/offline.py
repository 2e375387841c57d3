"""一表填报 — the unit's sheet as an .xlsx to fill offline, and its upload back: preview, then confirm.

Use cases over filings.access and filings.actions, like the sheet's own row save: nothing is saved
before the preview is confirmed; each changed row is then saved as a version (Filing.save_edit), with
the version the file was downloaded at, so a row someone changed since is a conflict, not an overwrite.
Each row carries a signed key (filing id and version), so an upload matches rows exactly and a row of
another unit or round (or a forged key) is refused.
"""

from dataclasses import dataclass, field

from django.core import signing
from django.utils.translation import gettext as _

from docrender import offline as sheet
from units.access import NotFound

from . import actions
from .access import access_filing, require
from .forms import FilingForm
from .models import TEXT_LIMIT, Filing

SALT = "duban.filings.offline"
MAX_UPLOAD = 5 * 1024 * 1024  # a unit's sheet is tens of KB; anything bigger is not ours


@dataclass
class RowChange:
    """One row of the upload, compared with the filing as it stands now."""

    number: str
    task: str
    filing_id: int | None = None
    version: int | None = None
    changes: list = field(default_factory=list)  # [(label, old, new)]
    errors: list = field(default_factory=list)
    conflict: bool = False
    data: dict = field(default_factory=dict)  # the FilingForm data to save

    @property
    def ok(self):
        return not self.errors and not self.conflict


def _key(filing):
    return signing.dumps({"f": filing.pk, "v": filing.version}, salt=SALT, compress=True)


def _assessment_label(code):
    return sheet.ASSESSMENTS.get(code, "")


def download(user, submission_id):
    """The .xlsx of the user's own package with every task and its current values. Returns (name, bytes)."""
    submission = actions.read_sheet(user, submission_id)
    require(user, "edit_filing", submission)
    filings = list(
        submission.filings.select_related("task")
        .prefetch_related("task__indicators", "actuals")
        .order_by(*("task__" + f for f in ("section__order", "section__pk", "order", "pk")))
    )
    columns, seen = [], set()
    for filing in filings:
        for indicator in filing.task.indicators.all():
            if indicator.pk not in seen:
                seen.add(indicator.pk)
                unit = f"（{indicator.input_unit}）" if indicator.input_unit else ""
                columns.append(sheet.IndicatorColumn(str(indicator.pk), f"{indicator.subject}{unit}"))
    rows = []
    for index, filing in enumerate(filings, start=1):
        actuals = {a.indicator_id: a.value for a in filing.actuals.all()}
        indicators = list(filing.task.indicators.all())
        rows.append(
            sheet.OfflineRow(
                key=_key(filing),
                number=filing.task.number or str(index),
                task=filing.task.text,
                completion=filing.completion,
                completed={True: "是", False: "否", None: ""}[filing.completed],
                reason=filing.reason,
                problems=filing.problems,
                assessment=_assessment_label(filing.self_assessment),
                actuals={str(i.pk): i.to_input(actuals.get(i.pk)) for i in indicators},
                indicator_keys=tuple(str(i.pk) for i in indicators),
            )
        )
    round_ = submission.round
    title = f"{submission.unit.name}{round_.plan.title}{round_.name}填报表"
    subtitle = _("截至%(as_of)s · 报送截止%(due)s · 只填白色单元格，保存后在“上传离线填报表”中上传") % {
        "as_of": round_.as_of,
        "due": round_.due,
    }
    return f"{title}.xlsx", sheet.write_offline_xlsx(title, subtitle, columns, rows)


def _row_data(row, filing, indicators):
    completed = {"是": "yes", "否": "no", "": ""}.get(row.completed)
    assessment = {label: code for code, label in sheet.ASSESSMENTS.items()}.get(
        row.assessment, None if row.assessment else ""
    )
    data = {
        "version": filing.version,
        "completion": row.completion,
        "completed": completed if completed is not None else row.completed,
        "reason": row.reason,
        "problems": row.problems,
        "self_assessment": assessment if assessment is not None else row.assessment,
    }
    errors = []
    for indicator in indicators:
        text = row.actuals.get(str(indicator.pk), "")
        try:
            value = sheet.parse_decimal(text)
        except ValueError:
            errors.append(
                _("%(indicator)s的完成值“%(text)s”不是数字。") % {"indicator": indicator.subject, "text": text[:20]}
            )
            value = None
        data[f"actual_{indicator.pk}"] = "" if value is None else str(value)
    return data, errors


def _describe(form, filing, indicators):
    """[(label, old, new)] for the fields the upload changes."""
    new = form.filing_fields()
    labels = {
        "completion": _("完成情况"),
        "completed": _("是否完成"),
        "reason": _("未完成原因"),
        "problems": _("存在问题及解决建议"),
        "self_assessment": _("完成情况自评"),
    }
    shown = {
        "completed": lambda v: {True: _("已完成"), False: _("未完成"), None: "—"}[v],
        "self_assessment": lambda v: Filing.Assessment(v).label if v else "—",
    }
    out = []
    for name, label in labels.items():
        old = getattr(filing, name)
        if (old or "") != (new[name] or "") and not (old is None and new[name] is None):
            show = shown.get(name, lambda v: v or "")
            out.append((label, show(old), show(new[name])))
    current = {a.indicator_id: a.value for a in filing.actuals.all()}
    for indicator, value in form.actual_values().items():
        if current.get(indicator.pk) != value and not (current.get(indicator.pk) is None and value is None):
            out.append((indicator.subject, indicator.to_input(current.get(indicator.pk)), indicator.to_input(value)))
    return out


def preview(user, submission_id, data):
    """Compare an uploaded sheet with the package now: [RowChange], nothing saved."""
    submission = actions.read_sheet(user, submission_id)
    require(user, "edit_filing", submission)
    if len(data) > MAX_UPLOAD:
        raise sheet.OfflineError(_("文件过大：离线填报表不应超过 5 MB。"))
    out = []
    for row in sheet.read_offline_xlsx(data):
        change = RowChange(number=row.number, task=row.task[:80])
        out.append(change)
        try:
            key = signing.loads(row.key, salt=SALT)
            filing = access_filing(user, int(key["f"]))
        except (signing.BadSignature, KeyError, TypeError, ValueError, NotFound):
            change.errors.append(_("这一行不属于本单位本轮次的填报表（或已被改动），未导入。"))
            continue
        if filing.submission_id != submission.pk:
            change.errors.append(_("这一行不属于本单位本轮次的填报表（或已被改动），未导入。"))
            continue
        filing = Filing.objects.prefetch_related("actuals", "task__indicators").get(pk=filing.pk)
        indicators = list(filing.task.indicators.all())
        change.filing_id, change.version, change.task = filing.pk, int(key["v"]), filing.task.text[:80]
        form_data, errors = _row_data(row, filing, indicators)
        form = FilingForm(form_data, indicators=indicators)
        change.errors += errors
        if not form.is_valid():
            for name, messages in form.errors.items():
                label = form.fields[name].label if name in form.fields else ""
                change.errors += [f"{label}：{m}" if label else str(m) for m in messages]
            continue
        fields = form.filing_fields()
        if fields["completed"] is False and not fields["reason"]:
            change.errors.append(_("选择“否”（未完成）时请填写未完成原因。"))
        if len(fields["completion"]) > TEXT_LIMIT:
            change.errors.append(_("完成情况超过%(n)s字。") % {"n": TEXT_LIMIT})
        change.changes = _describe(form, filing, indicators)
        if change.changes and filing.version != change.version:
            change.conflict = True  # saved by someone since the download: shown as on the sheet, not overwritten
        change.data = {k: v for k, v in form_data.items() if k != "version"}
    return submission, out


def confirm(user, submission_id, rows):
    """Save each changed, error-free row as a version, based on the version in the file. Returns (saved, conflicts)."""
    saved = conflicts = 0
    submission = actions.read_sheet(user, submission_id)
    require(user, "edit_filing", submission)
    for row in rows:
        if not row.get("ok") or not row.get("changes") or row.get("filing_id") is None:
            continue
        filing = access_filing(user, row["filing_id"])
        if filing.submission_id != submission.pk:
            continue
        indicators = list(filing.task.indicators.all())
        form = FilingForm({**row["data"], "version": row["version"]}, indicators=indicators)
        if not form.is_valid():
            continue
        _filing, ok = actions.save_filing(user, filing.pk, row["version"], form.filing_fields(), form.actual_values())
        saved += ok
        conflicts += not ok
    return saved, conflicts
