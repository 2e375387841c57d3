"""导出 — the official tables built from the database as docrender documents, and their downloads."""

import re

from django.db import models
from django.db.models import Prefetch
from django.utils import timezone

from docparse.periods import round_period_end
from evidence.services import names_by_filing as evidence_names
from filings.models import Filing, Submission
from plans.models import Task

FORMATS = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
    "html": "text/html; charset=utf-8",
}
LAYOUTS = ("status", "form")


NO_FILING = {
    "completion": "",
    "problems": "",
    "reason": "",
    "completed": None,
    "self_assessment": "",
    "submission__state": "",
}
NO_EVIDENCE = {**NO_FILING, "evidence": ""}
NOT_FILED = "（未报送）"
NOT_REVIEWED = "【未审核】"

# What an official table may hold: approved work by default; signed work on request, marked 未审核.
OFFICIAL = (Submission.State.APPROVED,)
WITH_SIGNED = (Submission.State.APPROVED, Submission.State.SIGNED)


def _lead_filings(round_, unit=None, states=OFFICIAL):
    """{task id: the lead unit's filing fields} for a round (optionally of one unit's tasks), in one query.

    Only filings of packages in ``states`` (None: any state, for a unit's own package). Plain
    values, not model instances: a table of hundreds of rows is built many times a day.
    """
    filings = Filing.objects.filter(submission__round=round_).lead_only()
    if states is not None:
        filings = filings.filter(submission__state__in=states)
    if unit is not None:
        filings = filings.filter(submission__unit=unit)
    rows = {f["task_id"]: f for f in filings.values("pk", "task_id", *NO_FILING)}
    names = evidence_names([f["pk"] for f in rows.values()])
    for f in rows.values():
        f["evidence"] = "、".join(names.get(f["pk"], ()))
    return rows


def _tasks(round_, unit=None):
    """The round's tasks in table order, as plain values with their number, section title and lead unit, the text
    as tables print it (``task_texts``)."""
    tasks = round_.plan.tasks.in_table_order()
    if unit is not None:
        tasks = tasks.filter(lead_unit=unit)
    rows = list(
        tasks.values(
            "pk", "number", "text", "split_from_id", "section__title", "lead_unit__name", "lead_unit__short_name"
        )
    )
    texts = task_texts(rows)
    for row in rows:
        row["text"] = texts[row["pk"]]
    return rows


INDICATOR_FIELDS = ("subject", "comparator", "target_value", "unit", "baseline", "scale")


def task_texts(tasks):
    """{task id: its text as the tables and the plan print it}: the text, closed by a note of its indicators when
    the text read alone would not give them back as they are (a district's split target, a target the office
    corrected, a figure that is none) — （分解目标：…） on a task split from the city's, else （指标：…）.

    ``tasks``: dicts with pk, text and split_from_id; one query for all their indicators."""
    from docparse.exported import target_note, text_indicators
    from plans.models import Indicator

    from .services import indicator_fields

    def key(fields):
        return tuple(fields[name] for name in INDICATOR_FIELDS)

    stored = {}
    indicators = Indicator.objects.filter(task_id__in=[t["pk"] for t in tasks]).order_by("pk")
    for ind in indicators.values("task_id", *INDICATOR_FIELDS):
        stored.setdefault(ind["task_id"], []).append(ind)
    out = {}
    for task in tasks:
        text, mine = task["text"], stored.get(task["pk"], [])
        said = [indicator_fields(i.to_dict()) for i in text_indicators(text)] if mine or _DIGIT.search(text) else []
        if [key(f) for f in said if f is not None] != [key(f) for f in mine]:
            text += target_note(mine, split=task["split_from_id"] is not None)
        out[task["pk"]] = text
    return out


_DIGIT = re.compile(r"\d")


def _co_units(round_, short=False):
    """{task id: its co-units joined with 、} for the round's plan (the lead never counted twice), in one query."""
    out = {}
    rows = Task.co_units.through.objects.filter(task__plan=round_.plan).exclude(unit_id=models.F("task__lead_unit_id"))
    for task_id, name, short_name in rows.order_by("unit__order", "unit__name").values_list(
        "task_id", "unit__name", "unit__short_name"
    ):
        out.setdefault(task_id, []).append(form_unit_name(name, short_name) if short else name)
    return {k: "、".join(v) for k, v in out.items()}


def form_unit_name(name, short_name):
    """A unit as the 填报表's 责任单位 cell prints it: its short name when that names the same kind of unit (医政科 for
    医政医管科, 区卫健局 for 椒江区卫生健康局), else its name (a bureau whose short name is its place, 椒江, is no unit
    in a 责任单位 cell, and would not be read back as one)."""
    return short_name if short_name and short_name[-1:] == name[-1:] else name


def _completion(filing, states):
    """The 完成情况 cell: 未报送 for a task with nothing admissible, 【未审核】 before signed-only text."""
    if not filing["submission__state"]:
        return NOT_FILED if states is not None else ""
    if filing["submission__state"] != Submission.State.APPROVED and states is not None:
        return NOT_REVIEWED + filing["completion"]
    return filing["completion"]


def status_table(round_, unit=None, states=OFFICIAL):
    """完成情况表 (序号 | 目标任务 | 完成情况（截止…）| 存在问题及解决建议 | 自评 | 牵头单位).

    The official table: approved filings only (``states=WITH_SIGNED`` adds signed ones, marked).
    """
    from docrender.model import StatusRow, StatusTable

    filings = _lead_filings(round_, unit, states)
    co_units = _co_units(round_)
    rows = []
    for task in _tasks(round_, unit):
        filing = filings.get(task["pk"], NO_EVIDENCE)
        rows.append(
            StatusRow(
                number=task["number"],
                task=task["text"],
                completion=_completion(filing, states),
                problems=filing["problems"],
                self_assessment=filing["self_assessment"],
                lead_unit=task["lead_unit__name"],
                evidence=filing["evidence"],
                co_units=co_units.get(task["pk"], ""),
            )
        )
    issuer = round_.plan.issuer.name if round_.plan.issuer else ""
    title = f"{issuer}{round_name_with_year(round_)}{_plan_title_rest(round_, issuer)}完成情况"
    return StatusTable(title=title, as_of=round_.as_of, rows=rows)


_PLACE = re.compile(r"^[\u4e00-\u9fff]{2,8}?[省市区县]")


def _plan_title_rest(round_, issuer=""):
    """The plan's title without what the table's title already says before it: the issuer, the year
    (the round's name carries it, whether the plan writes "2020年" or "2020 年"), and a district the
    issuer names (杭州市江干区卫生健康局 … 江干区卫生健康工作要点 → 卫生健康工作要点)."""
    rest = round_.plan.title.strip()
    if issuer:
        rest = rest.removeprefix(issuer)
    rest = re.sub(rf"^\s*{round_.plan.year}\s*年\s*", "", rest)
    place = _PLACE.match(rest)
    if issuer and place and place.group(0) in issuer:
        rest = rest[place.end() :]
    return rest


def round_name_with_year(round_):
    """The round's name with its year in front (第二季度 → 2020年第二季度; 2020年第二季度 stays)."""
    year = round_.plan.year
    return round_.name if re.match(rf"\s*{year}\s*年", round_.name) else f"{year}年{round_.name}"


def filing_form(round_, unit=None, states=OFFICIAL):
    """填报表 (类别 | 目标任务 | 完成情况 | 是否完成 | 未完成原因 | 责任单位), for one unit or the whole bureau.

    The round-wide form carries each reporting unit's 签发人, 填报人, 联系方式 and 填报时间.
    """
    from docrender.model import FilingForm, FormRow, UnitMeta

    filings = _lead_filings(round_, unit, states)
    co_units = _co_units(round_, short=True)
    rows = []
    for task in _tasks(round_, unit):
        filing = filings.get(task["pk"], NO_EVIDENCE)
        rows.append(
            FormRow(
                number=task["number"],
                category=task["section__title"] or "",
                task=task["text"],
                completion=_completion(filing, states),
                completed=filing["completed"],
                reason=filing["reason"],
                unit=form_unit_name(task["lead_unit__name"], task["lead_unit__short_name"]),
                evidence=filing["evidence"],
                co_units=co_units.get(task["pk"], ""),
            )
        )
    units = []
    submission = None
    if unit is None:
        shown = (
            Submission.objects.filter(round=round_, unit__in=round_.owing_units())
            .select_related("unit", "signer")
            .order_by("unit__order", "unit__name")
        )
        if states is not None:
            shown = shown.filter(state__in=states)
        shown = list(shown)
        if len(shown) == 1 and shown[0].unit_id == round_.plan.issuer_id:
            # the bureau reports for itself (椒江's own form): its sign-off is the form's, as the seed prints it
            submission, shown = shown[0], []
        units = [
            UnitMeta(
                unit=s.unit.name,
                signer=str(s.signer) if s.signer else "",
                filler=s.filler_name,
                contact=s.contact,
                filed_on=timezone.localdate(s.submitted_at) if s.submitted_at else None,
            )
            for s in shown
        ]
    else:
        submission = Submission.objects.filter(round=round_, unit=unit).select_related("signer").first()
        if submission is not None and states is not None and submission.state not in states:
            submission = (
                None  # an official table shows no sign-off of a package it does not show (its rows say （未报送）)
            )
    signer = str(submission.signer) if submission and submission.signer else ""
    filed = submission.submitted_at if submission and submission.submitted_at else None
    return FilingForm(
        title=form_title(round_),
        rows=rows,
        unit_name=unit.name if unit else (round_.plan.issuer.name if round_.plan.issuer else ""),
        signer=signer or ("" if unit else bureau_signer(round_, units)),
        filler=submission.filler_name if submission else "",
        contact=submission.contact if submission else "",
        # the whole bureau's form is dated by its latest sign-off
        filed_on=timezone.localdate(filed) if filed else max((u.filed_on for u in units if u.filed_on), default=None),
        units=units,
    )


SIGNERS_LISTED = 3  # as many names as the header's 签发人 field holds on one line
EACH_UNIT_SIGNED = "各单位（见表后）"


def bureau_signer(round_, units):
    """签发人 of the whole bureau's 填报表: the bureau's own 签发人 accounts, else whoever signed the
    units' packages it shows (each name once, in unit order), or 各单位（见表后） when more sign than the
    header holds on one line (each unit's line under the table names its 签发人)."""
    from units.models import User

    issuer = round_.plan.issuer
    names = []
    if issuer is not None:
        names = [str(u) for u in User.objects.filter(unit=issuer, role=User.Role.SIGNER, is_active=True).order_by("pk")]
    if names:
        return "、".join(dict.fromkeys(names))
    names = list(dict.fromkeys(u.signer for u in units if u.signer))
    return EACH_UNIT_SIGNED if len(names) > SIGNERS_LISTED else "、".join(names)


def plan_document(plan):
    """工作要点: title, opening paragraph, the tasks in no section, then sections 一、… with their numbered tasks."""
    from docrender.model import PlanDocument, PlanSection

    texts = task_texts(list(plan.tasks.values("pk", "text", "split_from_id")))
    sections = []
    for section in plan.sections.prefetch_related(
        Prefetch(
            "tasks",
            queryset=Task.objects.order_by("order", "pk").select_related("lead_unit").prefetch_related("co_units"),
        )
    ):
        sections.append(
            PlanSection(
                label=section.label, title=section.title, tasks=[plan_task(t, texts) for t in section.tasks.all()]
            )
        )
    loose = list(
        plan.tasks.filter(section__isnull=True)
        .order_by("order", "pk")
        .select_related("lead_unit")
        .prefetch_related("co_units")
    )
    if loose:  # before the first heading: where a plan's own structure puts tasks in no section
        sections.insert(0, PlanSection(label="", title="", tasks=[plan_task(t, texts) for t in loose]))
    return PlanDocument(
        title=plan.title,
        intro=plan.intro,
        sections=sections,
        issuer=plan.issuer.name if plan.issuer else "",
        issued_on=plan.issued_on,
    )


def form_title(round_):
    """填报表 title with the round's period, as real forms carry it: 2023年上半年政府工作报告目标任务完成情况填报表; the
    截至 date follows in brackets when it is not the last day of that period."""
    plan_title = round_.plan.title
    name = round_name_with_year(round_)
    # the round's name carries the year: a plan title's own "2020 年" is not repeated
    title = plan_title if name in plan_title else f"{name}{_plan_title_rest(round_)}"
    title += "完成情况填报表"
    if round_period_end(round_.name, round_.plan.year) != round_.as_of:
        title += f"（截至{round_.as_of.year}年{round_.as_of.month}月{round_.as_of.day}日）"
    return title


def plan_task(task, texts):
    """A plan task for the document, with its lead and co-units and deadline (so the plan re-imports whole), its text
    from ``texts`` (``task_texts``: with its indicators' note where needed)."""
    from docrender.model import PlanTask

    co = "、".join(u.name for u in task.co_units.all() if u.pk != task.lead_unit_id)
    return PlanTask(
        number=task.number,
        text=texts.get(task.pk, task.text),
        lead_unit=task.lead_unit.name if task.lead_unit_id else "",
        co_units=co,
        deadline=task.deadline,
    )


def html_fragment(document):
    """The document as the browser shows it: (markup, stylesheet), the same layout the PDF is made from."""
    import docrender

    return docrender.render_html(document, standalone=False), docrender.stylesheet(document)


def render(document, fmt):
    """Bytes of ``document`` in ``fmt`` (docx, xlsx, pdf or html)."""
    import docrender

    if fmt == "html":
        return docrender.render_html(document).encode("utf-8")
    return {"docx": docrender.render_docx, "xlsx": docrender.render_xlsx, "pdf": docrender.render_pdf}[fmt](document)


def download_name(stem, fmt):
    return f"{stem}.{fmt}"
