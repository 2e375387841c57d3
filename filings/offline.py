"""一表填报 — a 填报表 as an .xlsx to fill offline, and its upload back: preview, then confirm.

Two tables, one machinery: the unit's own sheet (its filler, :func:`download` / :func:`preview` /
:func:`confirm`) and the round-wide table of the office that runs the round, which keys in the paper
forms units send (代录入: :func:`download_round` / :func:`preview_round` / :func:`confirm_round`).

Use cases over filings.access and filings.actions, like the sheet's own row save: nothing is saved
before the preview is confirmed; each changed row is then saved as a version (actions.save_filing),
with the version the file was downloaded at, so a row someone changed since is a conflict, not an
overwrite. Each row carries a signed key (filing id and version; in the round table a unit that has
not opened its package yet has its round, unit and task instead), so an upload matches rows exactly and a
row of another unit or round (or a forged key) is refused.

What the office's keying in means (what a bureau expects of 代录入): the version is the office user's,
noted in the history as keyed in by the office (Filing.KEYED_IN); it changes only packages still open
for editing (草稿 or 已退回) — a submitted, signed or approved package is the unit's word and is refused
row by row with its state (the office sends it back first if it must change); the package's state does
not move: the unit still submits and its head still signs.
"""

from dataclasses import dataclass, field

from django.core import signing
from django.utils.translation import gettext as _

from audit.log import record
from audit.models import Kind
from docrender import offline as sheet
from plans.models import Task, TaskQuerySet
from units.access import NotFound, NotNow

from . import actions
from .access import access_filing, require
from .forms import FilingForm
from .models import TEXT_LIMIT, Filing, Submission

SALT = "duban.filings.offline"
MAX_UPLOAD = 5 * 1024 * 1024  # a round's table is a few hundred KB; anything bigger is not ours
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass
class RowChange:
    """One row of the upload, compared with the filing as it stands now."""

    number: str
    task: str
    unit: str = ""  # 责任单位 (the round table's preview groups by it)
    filing_id: int | None = None
    unit_id: int | None = None  # with task_id: a row of a unit that had not opened its package
    task_id: int | None = None
    version: int | None = None
    changes: list = field(default_factory=list)  # [(label, old, new)]
    errors: list = field(default_factory=list)
    conflict: bool = False
    data: dict = field(default_factory=dict)  # the FilingForm data to save

    @property
    def ok(self):
        return not self.errors and not self.conflict

    def pending(self):
        """What the confirm step needs of a row it will save (kept in the session between the two)."""
        return {
            "filing_id": self.filing_id,
            "unit_id": self.unit_id,
            "task_id": self.task_id,
            "version": self.version,
            "data": self.data,
            "ok": self.ok,
            "changes": bool(self.changes),
        }


@dataclass
class Entry:
    """A row to write: the task, its unit, its filing (None: the unit has not opened its package)."""

    task: object
    unit: object
    filing: Filing | None
    editable: bool = True
    round_id: int | None = None  # the round of a row without a filing


def _key(entry):
    if entry.filing is not None:
        return signing.dumps({"f": entry.filing.pk, "v": entry.filing.version}, salt=SALT, compress=True)
    return signing.dumps(
        {"r": entry.round_id, "u": entry.unit.pk, "t": entry.task.pk, "v": 0}, salt=SALT, compress=True
    )


def _assessment_label(code):
    return sheet.ASSESSMENTS.get(code, "")


def _workbook(title, subtitle, entries, unit_column=False):
    """The .xlsx of ``entries`` (each task's current values, its indicators as columns)."""
    columns, seen = [], set()
    for entry in entries:
        for indicator in entry.task.indicators.all():
            if indicator.pk not in seen:
                seen.add(indicator.pk)
                unit = f"（{indicator.input_unit}）" if indicator.input_unit else ""
                columns.append(sheet.IndicatorColumn(str(indicator.pk), f"{indicator.subject}{unit}"))
    rows = []
    for index, entry in enumerate(entries, start=1):
        filing = entry.filing or Filing(task=entry.task)
        actuals = {a.indicator_id: a.value for a in filing.actuals.all()} if filing.pk else {}
        indicators = list(entry.task.indicators.all())
        rows.append(
            sheet.OfflineRow(
                key=_key(entry),
                number=entry.task.number or str(index),
                task=entry.task.text,
                unit=entry.unit.name,
                completion=filing.completion,
                completed={True: "是", False: "否", None: ""}[filing.completed],
                reason=filing.reason,
                problems=filing.problems,
                assessment=_assessment_label(filing.self_assessment),
                actuals={str(i.pk): i.to_input(actuals.get(i.pk)) for i in indicators},
                indicator_keys=tuple(str(i.pk) for i in indicators),
                editable=entry.editable,
            )
        )
    return sheet.write_offline_xlsx(title, subtitle, columns, rows, unit_column=unit_column)


TABLE_ORDER = TaskQuerySet.table_order("task__")


def download(user, submission_id):
    """The .xlsx of the user's own package with every task and its current values.
    Returns (the package, file name, bytes): the view records the download of the package."""
    submission = actions.read_sheet(user, submission_id)
    require(user, "edit_filing", submission)
    filings = submission.filings.select_related("task").prefetch_related("task__indicators", "actuals")
    entries = [Entry(f.task, submission.unit, f) for f in filings.order_by(*TABLE_ORDER)]
    round_ = submission.round
    title = f"{submission.unit.name}{round_.plan.title}{round_.name}填报表"
    subtitle = _("截至%(as_of)s · 报送截止%(due)s · 只填白色单元格，保存后在“上传离线填报表”中上传") % {
        "as_of": round_.as_of,
        "due": round_.due,
    }
    return submission, f"{title}.xlsx", _workbook(title, subtitle, entries)


def round_entries(round_):
    """Every 应报单位's rows of a round, unit by unit in the table order: its filing, or None when the
    unit has not opened its package (its row is keyed by unit and task)."""
    units = list(round_.owing_units().order_by("order", "name", "pk"))
    tasks = (
        Task.objects.filter(plan=round_.plan_id, lead_unit__in=units)
        .select_related("lead_unit")
        .prefetch_related("indicators")
        .in_table_order()
    )
    packages = {s.unit_id: s for s in round_.submissions.select_related("round")}
    filings = {
        (f.submission.unit_id, f.task_id): f
        for f in Filing.objects.filter(submission__round=round_)
        .select_related("submission")
        .prefetch_related("actuals")
    }
    by_unit = {}
    for task in tasks:
        by_unit.setdefault(task.lead_unit_id, []).append(task)
    entries = []
    for unit in units:
        package = packages.get(unit.pk)
        editable = package.is_editable if package else not round_.locked
        for task in by_unit.get(unit.pk, []):
            entries.append(Entry(task, unit, filings.get((unit.pk, task.pk)), editable, round_.pk))
    return entries


def download_round(user, round_id):
    """The office's round-wide .xlsx (every unit's rows, 责任单位, the packages no longer open greyed).
    Returns (the round, file name, bytes): the view records the download of the round."""
    round_ = actions.keying_round(user, round_id)
    title = f"{round_.plan.title}{round_.name}填报表"
    subtitle = _(
        "截至%(as_of)s · 报送截止%(due)s · 督办员代录入各单位纸质报表：只填白色单元格（灰色行的报送已提交，不能代录入），"
        "保存后在本轮次页面“上传离线填报表”中上传"
    ) % {"as_of": round_.as_of, "due": round_.due}
    return round_, f"{title}.xlsx", _workbook(title, subtitle, round_entries(round_), unit_column=True)


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
    stored = {a.indicator_id: a.value for a in filing.actuals.all()} if filing.pk else {}
    for indicator in indicators:
        text = row.actuals.get(str(indicator.pk), "")
        try:
            value = sheet.parse_decimal(text)
        except ValueError:
            errors.append(
                _("%(indicator)s的完成值“%(text)s”不是数字。") % {"indicator": indicator.subject, "text": text[:20]}
            )
            # the row is refused for its error; the preview must not also show the figure as erased
            value = indicator.to_input(stored.get(indicator.pk)) or None
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
    current = {a.indicator_id: a.value for a in filing.actuals.all()} if filing.pk else {}
    for indicator, value in form.actual_values().items():
        if current.get(indicator.pk) != value and not (current.get(indicator.pk) is None and value is None):
            out.append((indicator.subject, indicator.to_input(current.get(indicator.pk)), indicator.to_input(value)))
    return out


def _compare(change, row, filing, version):
    """Fill ``change`` with what ``row`` changes in ``filing`` (saved, or a blank one not opened yet) and
    the row's errors — the same checks as a save on the sheet."""
    indicators = list(filing.task.indicators.all())
    change.version, change.task = version, filing.task.text[:80]
    form_data, errors = _row_data(row, filing, indicators)
    form = FilingForm(form_data, indicators=indicators)
    change.errors += errors
    if not form.is_valid():
        for name, messages in form.errors.items():
            label = form.fields[name].label if name in form.fields else ""
            change.errors += [f"{label}：{m}" if label else str(m) for m in messages]
        return
    fields = form.filing_fields()
    if fields["completed"] is False and not fields["reason"]:
        change.errors.append(_("选择“否”（未完成）时请填写未完成原因。"))
    if len(fields["completion"]) > TEXT_LIMIT:
        change.errors.append(_("完成情况超过%(n)s字。") % {"n": TEXT_LIMIT})
    change.changes = _describe(form, filing, indicators)
    if change.changes and filing.version != change.version:
        change.conflict = True  # saved by someone since the download: shown as on the sheet, not overwritten
    change.data = {k: v for k, v in form_data.items() if k != "version"}


def _read(data):
    if len(data) > MAX_UPLOAD:
        raise sheet.OfflineError(_("文件过大：离线填报表不应超过 5 MB。"))
    return sheet.read_offline_xlsx(data)


def _loads(text):
    """The row's signed key, or None when it is not one this system signed."""
    try:
        key = signing.loads(text, salt=SALT)
        return key if isinstance(key, dict) and isinstance(key.get("v"), int) else None
    except (signing.BadSignature, TypeError, ValueError):
        return None


def preview(user, submission_id, data):
    """Compare an uploaded sheet with the package now: [RowChange], nothing saved."""
    submission = actions.read_sheet(user, submission_id)
    require(user, "edit_filing", submission)
    out = []
    for row in _read(data):
        change = RowChange(number=row.number, task=row.task[:80])
        out.append(change)
        key = _loads(row.key)
        try:
            filing = access_filing(user, int(key["f"])) if key and "f" in key else None
        except (NotFound, TypeError, ValueError):
            filing = None
        if filing is None or filing.submission_id != submission.pk:
            change.errors.append(_("这一行不属于本单位本轮次的填报表（或已被改动），未导入。"))
            continue
        change.filing_id = filing.pk
        _compare(change, row, _fresh(filing), key["v"])
    return submission, out


def _fresh(filing):
    return (
        Filing.objects.select_related("submission__round")
        .prefetch_related("actuals", "task__indicators")
        .get(pk=filing.pk)
    )


def _round_row(user, round_, key):
    """The filing a round-table row names (saved, or a blank one of a unit not opened yet) and its
    package (None when not opened), or None when the key is not a row of this round."""
    if key is None:
        return None
    if "f" in key:
        try:
            filing = access_filing(user, int(key["f"]))
        except (NotFound, TypeError, ValueError):
            return None
        if filing.submission.round_id != round_.pk:
            return None
        return _fresh(filing), filing.submission  # access_filing loaded its unit and round
    if key.get("r") != round_.pk:
        return None
    task = round_.plan.tasks.filter(pk=key.get("t"), lead_unit=key.get("u")).select_related("lead_unit").first()
    if task is None or task.lead_unit not in round_.owing_units():
        return None
    package = Submission.objects.filter(round=round_, unit=task.lead_unit).select_related("round", "unit").first()
    filing = package and package.filings.filter(task=task).first()
    if filing is not None:
        return _fresh(filing), package  # opened since the download: compared with version 0 (a conflict if saved)
    return Filing(task=task), package


def _closed(round_, package, unit):
    """Why the office may not key in this unit's rows now, or ""."""
    if round_.locked:
        return _("本轮次已锁定，不能再代录入。")
    if package is not None and not package.is_editable:
        return _(
            "%(unit)s的报送状态为“%(state)s”，不能代录入：督办员只能为草稿或已退回的报送代录入"
            "（如需修改，请先退回该单位的报送）。"
        ) % {"unit": unit.name, "state": package.get_state_display()}
    return ""


def preview_round(user, round_id, data):
    """Compare the office's uploaded round table with every package now: [RowChange], nothing saved."""
    round_ = actions.keying_round(user, round_id)
    out = []
    for row in _read(data):
        change = RowChange(number=row.number, task=row.task[:80], unit=row.unit)
        out.append(change)
        key = _loads(row.key)
        found = _round_row(user, round_, key)
        if found is None:
            change.errors.append(_("这一行不属于本轮次的填报表（或已被改动），未导入。"))
            continue
        filing, package = found
        unit = package.unit if package is not None else filing.task.lead_unit
        change.unit = unit.name
        if filing.pk:
            change.filing_id = filing.pk
        else:
            change.unit_id, change.task_id = unit.pk, filing.task_id
        _compare(change, row, filing, key["v"])
        reason = _closed(round_, package, unit)
        if reason and change.changes:  # an unchanged row of a closed package is simply nothing to import
            change.errors.append(reason)
    first_seen = {}
    for change in out:
        first_seen.setdefault(change.unit, len(first_seen))
    out.sort(key=lambda change: first_seen[change.unit])  # grouped by unit even if the office re-sorted the sheet
    return round_, out


def _save(user, rows, filing_of, keyed_in=False):
    """Save each changed, error-free row as a version, from the version in the file. Returns (saved, conflicts,
    refused): a conflict was saved by someone since; a refused row's package closed since the preview."""
    saved = conflicts = refused = 0
    for row in rows:
        if not row.get("ok") or not row.get("changes"):
            continue
        filing = filing_of(row)
        if filing is None:
            continue
        indicators = list(filing.task.indicators.all())
        form = FilingForm({**row["data"], "version": row["version"]}, indicators=indicators)
        if not form.is_valid():
            continue
        try:
            _filing, ok = actions.save_filing(
                user,
                filing.pk,
                row["version"],
                form.filing_fields(),
                form.actual_values(),
                keyed_in=keyed_in,
                offline=True,
            )
        except NotNow:
            refused += 1
            continue
        saved += ok
        conflicts += not ok
    return saved, conflicts, refused


def confirm(user, submission_id, rows):
    """Save each changed, error-free row as a version, based on the version in the file. Returns (saved, conflicts)."""
    submission = actions.read_sheet(user, submission_id)
    require(user, "edit_filing", submission)

    def filing_of(row):
        if row.get("filing_id") is None:
            return None
        filing = access_filing(user, row["filing_id"])
        return filing if filing.submission_id == submission.pk else None

    saved, conflicts, _refused = _save(user, rows, filing_of)
    return saved, conflicts


def confirm_round(user, round_id, rows):
    """代录入: save each changed, error-free row of the round table as the office user's version, noted as keyed
    in. A unit that had not opened its package gets it opened (草稿) first; the import is in the audit log.
    Returns (saved, conflicts, refused)."""
    round_ = actions.keying_round(user, round_id)

    def filing_of(row):
        if row.get("filing_id") is not None:
            filing = access_filing(user, row["filing_id"])
            return filing if filing.submission.round_id == round_.pk else None
        task = round_.plan.tasks.filter(pk=row.get("task_id"), lead_unit=row.get("unit_id")).first()
        if task is None or not round_.owing_units().filter(pk=task.lead_unit_id).exists():
            return None
        package = Submission.objects.open_for(round_, task.lead_unit)
        return package.filings.filter(task=task).first()

    saved, conflicts, refused = _save(user, rows, filing_of, keyed_in=True)
    record(
        Kind.IMPORT,
        action="key_in",
        obj=round_,
        user=user,
        details={"saved": saved, "conflicts": conflicts, "refused": refused},
    )
    return saved, conflicts, refused
