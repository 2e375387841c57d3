"""The city's documents through docrender: the wide table (.xlsx) and the district status table."""

import docrender
from docrender.levels import DistrictStatusRow, DistrictStatusTable, WideDocument, WideGroup, render_wide_xlsx
from plans.models import Task

from .models import UpwardReport


def wide_document(table):
    """The 全市汇总 as a document: numbers stay numbers; the notes say where split targets do not add
    up and which 全市 rates are weighted by 基数."""
    groups = [
        WideGroup(f"{task.number} {ind.subject}（{ind.unit}）".strip(), ["目标", "完成", "完成率%"])
        for task, ind in table.columns
    ]
    rows = []
    for row in [table.total, *table.rows]:
        cells = []
        for cell in row.cells:
            cells += [cell.target, cell.actual, cell.share]
        rows.append([str(row.label), *cells, row.rank])
    number_formats = ["", *(["General", "General", "0.0"] * len(table.columns)), "0"]
    notes = [str(m) for m in table.mismatches]
    if table.missing:
        notes.append("全市行只合计有上报的区县，未计入：" + "、".join(d.label for d in table.missing))
    if table.weighted:
        notes.append("全市比率按各区县基数加权计算：" + "、".join(ind.subject for ind in table.weighted))
    title = city_title(table.city_round, "全市汇总")
    return WideDocument(
        title=title,
        lead_headers=["区县"],
        groups=groups,
        tail_headers=["排名"],
        rows=rows,
        notes=notes,
        number_formats=number_formats,
    )


def city_title(round_, suffix):
    """The title once: the plan title, then the round's name without the year the plan title already gives
    (台州市2025年民生实事 · 2025年上半年 → 台州市2025年民生实事上半年全市汇总)."""
    name = round_.name
    year = str(round_.plan.year)
    if year in round_.plan.title.replace(" ", "") and name.startswith(year):
        name = name[len(year) :].lstrip("年 ") or name
    return f"{round_.plan.title}{name}{suffix}"


def wide_xlsx(table):
    return render_wide_xlsx(wide_document(table))


def district_status_table(round_, states):
    reports = (
        UpwardReport.objects.filter(city_round=round_, state__in=states)
        .select_related("district")
        .order_by("district__order", "district__name")
    )
    by_task = {}
    for report in reports:
        for task in report.snapshot.get("tasks", []):
            by_task.setdefault(task["city_task"], []).append((report.district.label, task))
    leads = district_leads([task.get("district_task") for tasks in by_task.values() for _d, task in tasks])
    rows = []
    for city_task in round_.plan.tasks.filter(splits__isnull=False).distinct().order_by("order", "pk"):
        for district, task in by_task.get(city_task.pk, []):
            lead, co_units = leads.get(task.get("district_task"), ("", ""))
            rows.append(
                DistrictStatusRow(
                    city_task.number,
                    city_task.text,
                    task.get("completion", ""),
                    task.get("problems", ""),
                    task.get("self_assessment", ""),
                    lead,
                    co_units=co_units,
                    district=district,
                    targets=split_targets(task),
                )
            )
    return DistrictStatusTable(title=city_title(round_, "完成情况"), as_of=round_.as_of, rows=rows)


def split_targets(task):
    """The 分解目标 cell of a district's row: each of its indicators' target (托位：600个；县域内就诊率：90%)."""
    return "；".join(
        f"{ind['subject']}：{ind['target']}{ind.get('unit') or ''}"
        for ind in task.get("indicators", [])
        if ind.get("target") not in (None, "")
    )


def district_leads(task_ids):
    """{district task id: (its lead unit's name, its co-units joined with 、)}: who leads each district's part."""
    out = {}
    tasks = Task.objects.filter(pk__in=[pk for pk in task_ids if pk]).select_related("lead_unit")
    for task in tasks.prefetch_related("co_units"):
        co = "、".join(u.name for u in task.co_units.all() if u.pk != task.lead_unit_id)
        out[task.pk] = (task.lead_unit.name if task.lead_unit_id else "", co)
    return out


def district_status(round_, states, fmt):
    doc = district_status_table(round_, states)
    if fmt == "docx":
        return docrender.render_docx(doc), docrender.CONTENT_TYPES["docx"]
    if fmt == "pdf":
        return docrender.render_pdf(doc), docrender.CONTENT_TYPES["pdf"]
    return docrender.render_html(doc), docrender.CONTENT_TYPES["html"]
