import datetime
import io
import json
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from filings.models import Filing
from levels import exchange, services
from levels.models import UpwardReport

from .fixtures import city, report_both  # noqa: F401  (fixture)


def test_split_gives_each_district_its_own_task_target_and_earlier_round(city):  # noqa: F811
    w = city
    assert w.jj_beds.target_value == 600 and w.yh_beds.target_value == 400
    assert (
        w.jj_beds.task.split_from == w.beds and w.jj_beds.task.plan.issuer == w.jj and w.jj_beds.task.lead_unit == w.jj
    )
    assert w.jj_round.due < w.city_round.due
    with pytest.raises(services.LevelError):
        services.open_district_round(w.jj_plan, w.city_round, "晚了", datetime.date(2025, 6, 30), w.city_round.due)


def test_district_round_form_refuses_a_due_date_after_the_citys(city, client):  # noqa: F811
    w = city
    client.force_login(w.jj_office)
    response = client.post(
        f"/plans/{w.jj_plan.pk}/rounds/new/",
        {"name": "第三季度", "as_of": "2025-06-30", "due": "2025-07-20", "grace_days": 0},
    )
    assert response.status_code == 200 and "须早于市级轮次" in response.content.decode()


def test_city_total_is_the_sum_of_district_actuals_and_a_rate_is_recomputed(city):  # noqa: F811
    w = city
    report_both(w)
    table = services.wide_table(w.city_round)
    beds, rate = 0, 1
    assert [row.label for row in table.rows] == ["椒江", "玉环"]
    assert table.total.cells[beds].actual == Decimal(620) + Decimal(380)
    # The 全市 target is the city task's own (1900), not the parts split so far (600 + 400): 1000 / 1900
    assert table.total.cells[beds].target == Decimal(1900) and table.total.cells[beds].share == Decimal("52.6")
    assert [str(m) for m in table.mismatches] == ["1 托位：分解目标合计 1000 个，市级目标 1900 个"]
    assert [ind.subject for ind in table.weighted] == ["县域内就诊率"]
    # 92% of 100 and 80% of 300: 83%, not 172% (summed) nor 86% (unweighted)
    assert table.total.cells[rate].actual == Decimal("83.00")
    assert table.total.cells[rate].target == 90
    assert table.rows[0].cells[beds].share == Decimal("103.3")
    assert table.rows[0].rank == 1 and table.rows[1].rank == 2


def test_rate_without_weights_is_the_mean_never_the_sum(city):  # noqa: F811
    from plans.models import Indicator

    w = city
    Indicator.objects.filter(pk__in=[w.jj_rate.pk, w.yh_rate.pk]).update(baseline=None)
    report_both(w)
    assert services.wide_table(w.city_round).total.cells[1].actual == Decimal("86.00")


def test_a_report_is_frozen_when_sent_and_the_city_reviews_each_district(city):  # noqa: F811
    w = city
    from .fixtures import approve_district_round

    approve_district_round(
        w.jj_round, w.jj, (w.jj_filler, w.jj_signer, w.jj_office), {w.jj_beds: Decimal(620), w.jj_rate: Decimal(92)}
    )
    report = services.send_up(w.city_round, w.jj, w.jj_office)
    assert report.content_hash == services.content_hash(report.snapshot)
    frozen = report.content_hash
    Filing.objects.filter(submission__round=w.jj_round).update(completion="之后改过")
    report.refresh_from_db()
    assert report.content_hash == frozen and "之后改过" not in json.dumps(report.snapshot, ensure_ascii=False)
    assert services.wide_table(w.city_round).rows[0].report is None  # not approved yet: not official
    assert services.wide_table(w.city_round, (UpwardReport.State.SENT,)).rows[0].cells[0].actual == 620
    services.send_back(report, w.city_office, "请补充托位明细")
    assert report.state == UpwardReport.State.RETURNED
    again = services.send_up(w.city_round, w.jj, w.jj_office)
    assert again.pk == report.pk and again.state == UpwardReport.State.SENT and again.content_hash != frozen
    services.approve(again, w.city_office)
    with pytest.raises(services.LevelError):
        services.send_up(w.city_round, w.jj, w.jj_office)
    assert [r.action for r in again.reviews.all()] == ["send", "return", "send", "approve"]


def test_views_city_office_reviews_districts_and_others_are_refused(city, client):  # noqa: F811
    w = city
    from .fixtures import approve_district_round

    approve_district_round(
        w.yh_round, w.yh, (w.yh_filler, w.yh_signer, w.yh_office), {w.yh_beds: Decimal(380), w.yh_rate: Decimal(80)}
    )
    client.force_login(w.yh_office)
    response = client.post(f"/levels/rounds/{w.city_round.pk}/send/")
    report = UpwardReport.objects.get(district=w.yh)
    assert response.status_code == 302
    assert client.post(f"/levels/reports/{report.pk}/approve/").status_code == 403  # a district cannot approve itself
    assert client.get(f"/levels/rounds/{w.city_round.pk}/").status_code == 404  # nor see the city view
    client.force_login(w.jj_office)
    assert client.get(f"/levels/reports/{report.pk}/").status_code == 404  # another district's report
    client.force_login(w.jj_filler)
    assert client.get(f"/levels/rounds/{w.city_round.pk}/").status_code == 403
    client.force_login(w.city_office)
    assert client.post(f"/levels/reports/{report.pk}/approve/").status_code == 302
    page = client.get(f"/levels/rounds/{w.city_round.pk}/").content.decode()
    assert "全市" in page and "玉环" in page and "380" in page


def test_exports_have_merged_headers_and_a_district_column(city, client):  # noqa: F811
    w = city
    report_both(w)
    client.force_login(w.city_office)
    xlsx = client.get(f"/levels/rounds/{w.city_round.pk}/export.xlsx")
    assert xlsx.status_code == 200
    ws = load_workbook(io.BytesIO(xlsx.content)).active
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert "B2:D2" in merged and "A2:A3" in merged  # task heading over 目标/完成/完成率; 区县 over two rows
    values = [[c.value for c in row] for row in ws.iter_rows(min_row=4)]
    assert values[0][0] == "全市" and values[0][2] == 1000  # a number, not text
    docx = client.get(f"/levels/rounds/{w.city_round.pk}/export.docx")
    assert docx.status_code == 200
    from docx import Document

    document = Document(io.BytesIO(docx.content))
    header = [cell.text for cell in document.tables[0].rows[0].cells]
    assert "区县" in header
    text = "\n".join(cell.text for row in document.tables[0].rows for cell in row.cells)
    assert "椒江" in text and "玉环" in text
    assert client.get(f"/levels/rounds/{w.city_round.pk}/export.exe").status_code == 404


def test_exchange_file_imports_into_the_same_place_and_refuses_tampering(city, client):  # noqa: F811
    w = city
    from .fixtures import approve_district_round

    approve_district_round(
        w.yh_round, w.yh, (w.yh_filler, w.yh_signer, w.yh_office), {w.yh_beds: Decimal(380), w.yh_rate: Decimal(80)}
    )
    client.force_login(w.yh_office)
    data = client.get(f"/levels/rounds/{w.city_round.pk}/file.json").content
    envelope = json.loads(data)
    assert (
        envelope["division_code"] == "331083"
        and envelope["city_round"] == w.city_round.pk
        and len(envelope["content_hash"]) == 64
    )
    assert envelope["snapshot"]["tasks"][0]["city_task"] == w.beds.pk
    tampered = json.loads(data)
    tampered["snapshot"]["tasks"][0]["indicators"][0]["actual"] = "999"
    with pytest.raises(exchange.ExchangeError):
        exchange.import_file(json.dumps(tampered).encode(), w.city, w.city_office)
    with pytest.raises(exchange.ExchangeError):
        exchange.import_file(b"not json" * 10, w.city, w.city_office)
    client.force_login(w.city_office)
    bad = client.post("/levels/import/", {"file": io.BytesIO(b"{}")})
    assert bad.status_code == 302 and not UpwardReport.objects.exists()
    upload = io.BytesIO(data)
    upload.name = "yh.json"
    response = client.post("/levels/import/", {"file": upload})
    report = UpwardReport.objects.get(district=w.yh)
    assert response.status_code == 302 and report.source == "file" and report.content_hash == envelope["content_hash"]
    assert services.wide_table(w.city_round, (UpwardReport.State.SENT,)).rows[1].cells[0].actual == 380


def test_import_command_reads_the_file(city, tmp_path):  # noqa: F811
    from django.core.management import call_command

    w = city
    from .fixtures import approve_district_round

    approve_district_round(
        w.jj_round, w.jj, (w.jj_filler, w.jj_signer, w.jj_office), {w.jj_beds: Decimal(600), w.jj_rate: Decimal(91)}
    )
    path = tmp_path / "jj.json"
    path.write_bytes(exchange.to_json(services.build_snapshot(w.city_round, w.jj)))
    out = io.StringIO()
    call_command("import_upward", str(path), "--city", "331000", stdout=out)
    assert "椒江区卫生健康局" in out.getvalue()
    assert UpwardReport.objects.get(district=w.jj).source == "file"


def test_city_office_splits_a_task_from_the_page_and_districts_cannot(city, client):  # noqa: F811
    w = city
    client.force_login(w.city_office)
    assert "新增托位1900个" in client.get("/levels/").content.decode()
    field = f"t_{w.jj.pk}_{w.beds_ind.pk}"
    assert client.get(f"/levels/tasks/{w.beds.pk}/split/").status_code == 200
    response = client.post(f"/levels/tasks/{w.beds.pk}/split/", {field: "700", f"t_{w.yh.pk}_{w.beds_ind.pk}": "400"})
    assert response.status_code == 302
    w.jj_beds.refresh_from_db()
    assert w.jj_beds.target_value == 700
    assert client.post(f"/levels/tasks/{w.beds.pk}/split/", {field: "-5"}).status_code == 200  # refused, nothing saved
    w.jj_beds.refresh_from_db()
    assert w.jj_beds.target_value == 700
    client.force_login(w.jj_office)
    assert client.post(f"/levels/tasks/{w.beds.pk}/split/", {field: "1"}).status_code == 404


def test_the_city_xlsx_holds_numbers_as_numbers_with_a_page_setup_and_the_notes(city, client):  # noqa: F811
    from openpyxl import load_workbook

    w = city
    report_both(w)
    client.force_login(w.city_office)
    response = client.get(f"/levels/rounds/{w.city_round.pk}/export.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [c.value for c in sheet[4]]  # the 全市 row under the title and the two heading rows
    assert (
        values[0] == "全市" and values[1] == 1900 and values[2] == 1000 and isinstance(values[3], float | Decimal | int)
    )
    assert sheet.page_setup.orientation == "landscape" and sheet.print_title_rows == "$2:$3"
    assert sheet["A1"].value == "台州市2025年民生实事上半年全市汇总"  # the year once
    notes = [c.value for row in sheet.iter_rows(min_row=7) for c in row if c.value]
    assert "1 托位：分解目标合计 1000 个，市级目标 1900 个" in notes and any("按各区县基数加权" in n for n in notes)


def test_the_split_page_and_the_city_view_warn_when_splits_do_not_add_up(city, client):  # noqa: F811
    w = city
    client.force_login(w.city_office)
    assert "分解目标合计 1000 个，市级目标 1900 个" in client.get(f"/levels/tasks/{w.beds.pk}/split/").content.decode()
    assert "分解目标合计 1000 个，市级目标 1900 个" in client.get(f"/levels/rounds/{w.city_round.pk}/").content.decode()


def test_the_city_is_never_overdue_for_its_own_roll_up_of_split_tasks(city):  # noqa: F811
    from supervision import todo

    w = city
    late = w.city_round.due + datetime.timedelta(days=509)
    assert list(w.city_round.owing_units()) == []  # every task of the city round is split to the districts
    overdue = todo.for_office(w.city_office, today=late).overdue_units
    assert all(row["unit"] != w.city for row in overdue)
    # the districts still owe their own rounds of their parts
    assert {row["unit"] for row in todo.for_office(w.city_office, today=late).overdue_units} <= {w.jj, w.yh}
