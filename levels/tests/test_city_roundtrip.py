"""The city's roll-up (全市汇总) exported and read back (issue 23): the district status table (.docx/.xlsx/HTML) gives
back each row's 区县, 分解目标, 牵头单位, 完成情况, 存在问题 and 自评; the wide figures table (.xlsx) each district's
targets and actuals; and the import preview says what the file is and saves nothing."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

import docrender
from docparse import parse
from levels import documents, services
from levels.models import UpwardReport

from .fixtures import city, report_both  # noqa: F401  (fixture)

APPROVED = (UpwardReport.State.APPROVED,)


def snapshot_rows(world):
    """The reports' tasks in the table's order (task, then district), as the status table lists them."""
    reports = UpwardReport.objects.filter(city_round=world.city_round).order_by("district__order")
    rows = [(t["number"], report.district.order, t) for report in reports for t in report.snapshot["tasks"]]
    return [t for _n, _o, t in sorted(rows, key=lambda r: (r[0], r[1]))]


def parsed_tasks(parsed):
    return [t for s in parsed["sections"] for t in s["tasks"]]


@pytest.mark.parametrize("fmt", ["docx", "xlsx", "html"])
def test_city_status_table_reads_back_each_districts_row_with_its_lead(city, fmt):  # noqa: F811
    report_both(city)
    from units.models import Unit

    cdc = Unit.objects.create(name="椒江区疾控中心", kind=Unit.Kind.INSTITUTION, parent=city.jj, order=3)
    city.jj_plan.tasks.filter(split_from=city.rate).update(lead_unit=cdc)  # 椒江's part of task 2 led by its CDC
    document = documents.district_status_table(city.city_round, APPROVED)
    want = [
        {
            "number": r.number,
            "text": r.task,
            "district": r.district,
            "lead_unit": r.lead_unit,
            "completion": r.completion,
            "problems": r.problems,
            "self_assessment": r.self_assessment,
        }
        for r in document.rows
    ]
    assert [(w["district"], w["lead_unit"]) for w in want] == [
        ("椒江", "椒江区卫生健康局"),
        ("玉环", "玉环市卫生健康局"),
        ("椒江", "椒江区疾控中心"),
        ("玉环", "玉环市卫生健康局"),
    ]
    render = {"docx": docrender.render_docx, "xlsx": docrender.render_xlsx, "html": docrender.render_html}[fmt]
    data = render(document)
    data = data.encode() if isinstance(data, str) else data
    parsed = parse(data, f"city.{fmt}")
    assert parsed["kind"] == "status_table" and parsed["as_of"] == "2025-06-30"
    got = [{k: t[k] for k in want[0]} for t in parsed_tasks(parsed)]
    assert got == want
    targets = {
        (r.number, r.district): sorted(
            (i["subject"], Decimal(i["target"]), i["unit"]) for i in r_snapshot["indicators"] if i["target"]
        )
        for r, r_snapshot in zip(document.rows, snapshot_rows(city), strict=True)
    }
    assert targets[("1", "玉环")] == [("托位", Decimal(400), "个")]
    read = {
        (t["number"], t["district"]): sorted(
            (i["subject"], Decimal(str(i["value"])), i["unit"]) for i in t["indicators"] if i["role"] == "target"
        )
        for t in parsed_tasks(parsed)
    }
    assert read == targets  # each district's own target, never the city's 1900 on the first district's row


def test_city_wide_table_reads_back_every_districts_targets_and_actuals(city):  # noqa: F811
    """The 全市汇总 .xlsx (区县 × 目标 / 完成 / 完成率) comes back as one row per district and indicator, not as an empty
    summary."""
    report_both(city)
    table = services.wide_table(city.city_round)
    want = {}
    for row in [table.total, *table.rows]:
        for (task, ind), cell in zip(table.columns, row.cells, strict=True):
            want[(str(row.label), task.number, ind.subject, ind.unit)] = (cell.target, cell.actual)
    assert len(want) == 6 and want[("玉环", "1", "托位", "个")] == (Decimal(400), Decimal(380))
    parsed = parse(documents.wide_xlsx(table), "city.xlsx")
    assert parsed["kind"] == "status_table" and parsed["title"] == "台州市2025年民生实事上半年全市汇总"
    got = {}
    for t in parsed_tasks(parsed):
        values = {i["role"]: Decimal(str(i["value"])) for i in t["indicators"]}
        units = {i["unit"] for i in t["indicators"]}
        subjects = {i["subject"] for i in t["indicators"]}
        assert len(units) == len(subjects) == 1
        got[(t["district"], t["number"], subjects.pop(), units.pop())] = (values.get("target"), values.get("actual"))
    assert got == want
    assert any("分解目标合计" in line for line in parsed["unparsed"])  # the note below the table is shown, not lost


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_preview_of_a_city_roll_up_shows_districts_and_says_it_saves_nothing(city, client, fmt):  # noqa: F811
    from documents.models import PendingImport
    from filings.models import Round
    from plans.models import Plan

    report_both(city)
    if fmt == "docx":
        data, _type = documents.district_status(city.city_round, APPROVED, "docx")
    else:
        data = documents.wide_xlsx(services.wide_table(city.city_round))
    plans, rounds = Plan.objects.count(), Round.objects.count()
    client.force_login(city.city_office)
    client.post(reverse("documents:upload"), {"document": SimpleUploadedFile(f"全市汇总.{fmt}", data)})
    pending = PendingImport.objects.get()
    page = client.get(pending.get_absolute_url()).content.decode()
    assert 'id="roll-up"' in page and "市级全市汇总表" in page and "2 个区县（椒江、玉环）" in page
    assert page.count('<td class="district">椒江</td>') == 2 and page.count('<td class="district">玉环</td>') == 2
    assert 'name="confirm"' not in page
    if fmt == "docx":
        assert "椒江区卫生健康局" in page and "玉环市卫生健康局的进展" in page  # the lead and 完成情况 of each row
    else:
        assert "380" in page and "620" in page  # each district's actuals
    response = client.post(
        pending.get_absolute_url(),
        {"mode": "new", "kind": "livelihood", "plan_title": "x", "round_name": "2025年上半年", "as_of": "2025-06-30"},
    )
    assert response.status_code == 400 and "确认导入不会保存任何内容" in response.content.decode()
    assert (Plan.objects.count(), Round.objects.count()) == (plans, rounds) and PendingImport.objects.exists()


def test_command_line_refuses_a_city_roll_up_and_says_why(city, tmp_path, capsys):  # noqa: F811
    from plans.models import Plan

    report_both(city)
    path = tmp_path / "全市汇总.xlsx"
    path.write_bytes(documents.wide_xlsx(services.wide_table(city.city_round)))
    plans = Plan.objects.count()
    with pytest.raises(CommandError):
        call_command("import_document", str(path), "--user", city.city_office.username)
    assert "市级全市汇总表" in capsys.readouterr().err and Plan.objects.count() == plans
