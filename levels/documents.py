"""The city's documents through docrender: the wide table (.xlsx) and the district status table."""

import docrender
from docparse.numbers import plain_number
from docrender.levels import DistrictStatusRow, DistrictStatusTable, WideDocument, WideGroup, render_wide_xlsx

from .models import UpwardReport


def wide_document(table):
    groups = [WideGroup(f"{task.number} {ind.subject}（{ind.unit}）".strip(), ["目标", "完成", "完成率%"]) for task, ind in table.columns]
    rows = []
    for row in [table.total, *table.rows]:
        cells = []
        for cell in row.cells:
            cells += [plain_number(cell.target), plain_number(cell.actual), plain_number(cell.share)]
        rows.append([str(row.label), *cells, "" if row.rank is None else str(row.rank)])
    title = f"{table.city_round.plan.title}{table.city_round.name}全市汇总"
    return WideDocument(title=title, lead_headers=["区县"], groups=groups, tail_headers=["排名"], rows=rows)


def wide_xlsx(table):
    return render_wide_xlsx(wide_document(table))


def district_status_table(round_, states):
    reports = UpwardReport.objects.filter(city_round=round_, state__in=states).select_related("district").order_by("district__order", "district__name")
    by_task = {}
    for report in reports:
        for task in report.snapshot.get("tasks", []):
            by_task.setdefault(task["city_task"], []).append((report.district.label, task))
    rows = []
    for city_task in round_.plan.tasks.filter(splits__isnull=False).distinct().order_by("order", "pk"):
        for district, task in by_task.get(city_task.pk, []):
            rows.append(DistrictStatusRow(city_task.number, city_task.text, task.get("completion", ""), task.get("problems", ""), task.get("self_assessment", ""), "", district=district))
    return DistrictStatusTable(title=f"{round_.plan.title}{round_.name}完成情况", as_of=round_.as_of, rows=rows)


def district_status(round_, states, fmt):
    doc = district_status_table(round_, states)
    if fmt == "docx":
        return docrender.render_docx(doc), docrender.CONTENT_TYPES["docx"]
    if fmt == "pdf":
        return docrender.render_pdf(doc), docrender.CONTENT_TYPES["pdf"]
    return docrender.render_html(doc), docrender.CONTENT_TYPES["html"]
