"""The import preview (issue 12): the office fixes units, sections, texts and values before anything is saved."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from docparse.periods import summary_parts
from documents import services
from documents.models import PendingImport
from plans.models import Plan
from units.models import Unit

PLAN = """测试区卫生健康局2025年重点工作
一、医疗服务
1.深化医共体建设，县域内就诊率达到90%以上。（牵头单位：医政科；配合单位：区疾控中心）
2.新建急救站点3个，力争达到300。（牵头单位：区卫健局）
二、公共卫生
3.开展健康讲座50场。（牵头单位：区医保局）
"""


def _upload(client, name, data):
    client.post(reverse("documents:upload"), {"document": SimpleUploadedFile(name, data)})
    return PendingImport.objects.get()


def test_preview_suggests_units_by_name_short_name_and_abbreviation_and_offers_to_create_the_rest(world, login):
    client = login(world.office)
    pending = _upload(client, "plan.txt", PLAN.encode())
    page = client.get(pending.get_absolute_url()).content.decode()
    rows = services.preview_rows(pending.parsed, list(Unit.objects.all()))
    assert [r["lead_match"] for r in rows] == [world.unit_a, world.bureau, None]  # 医政科, 区卫健局, unknown
    assert rows[0]["co_matches"] == [("区疾控中心", world.unit_b, [])]
    assert f'value="u{world.unit_a.pk}" selected' in page
    assert "新建单位：区医保局" in page and 'name="t2-lead_new" value="区医保局"' in page
    assert "未识别的数字：300" in page  # a number not understood is listed on its row
    assert not Plan.objects.filter(title__contains="2025年重点工作", pk__gt=world.plan.pk).exists()


def test_office_corrects_units_sections_texts_and_values_before_confirming(world, login):
    client = login(world.office)
    pending = _upload(client, "plan.txt", PLAN.encode())
    response = client.post(
        pending.get_absolute_url(),
        {
            "kind": "key_work",
            "title": "2025年重点工作（导入）",
            "year": 2025,
            "t0-text": "深化紧密型医共体建设，县域内就诊率达到92%以上。",
            "t0-lead": f"u{world.unit_b.pk}",
            "t0-co": "医政科",
            "t0-ind0": "92",
            "t1-section": "急救体系",
            "t1-lead": "new",
            "t1-lead_new": "区急救中心",
            "t2-skip": "1",
        },
    )
    assert response.status_code == 302
    plan = Plan.objects.get(title="2025年重点工作（导入）")
    first, second = plan.tasks.order_by("order")
    assert plan.tasks.count() == 2
    assert first.text == "深化紧密型医共体建设，县域内就诊率达到92%以上。" and first.lead_unit == world.unit_b
    assert list(first.co_units.all()) == [world.unit_a]
    assert first.indicators.get().target_value == 92
    assert second.section.title == "急救体系" and second.lead_unit.name == "区急救中心"
    assert not Unit.objects.filter(name="区医保局").exists()


def test_a_forged_unit_or_a_value_that_is_no_number_saves_nothing(world, login):
    client = login(world.office)
    pending = _upload(client, "plan.txt", PLAN.encode())
    base = {"kind": "key_work", "title": "2025年重点工作（导入）", "year": 2025}
    response = client.post(pending.get_absolute_url(), {**base, "t0-lead": "u999999"})
    assert response.status_code == 400 and "所选单位不存在" in response.content.decode()
    response = client.post(pending.get_absolute_url(), {**base, "t0-ind0": "九十"})
    assert response.status_code == 400 and "不是数字" in response.content.decode()
    response = client.post(pending.get_absolute_url(), {**base, "t0-text": "  "})
    assert response.status_code == 400
    assert not Plan.objects.filter(title="2025年重点工作（导入）").exists()
    assert PendingImport.objects.filter(pk=pending.pk).exists()


def test_summaries_collection_as_a_plan_is_flagged_and_can_be_read_as_summaries(world, login, seeds):
    client = login(world.office)
    pending = _upload(client, "summaries.txt", (seeds / "county-work-summaries-collection.txt").read_bytes())
    page = client.get(pending.get_absolute_url()).content.decode()
    count = len(services.all_tasks(pending.parsed))
    assert count > 150
    assert f"该文档识别为工作总结，不是计划：按计划导入将生成 {count} 项任务。" in page
    assert 'name="read_as" value="summary"' in page
    client.post(pending.get_absolute_url(), {"read_as": "summary"})
    page = client.get(pending.get_absolute_url()).content.decode()
    assert 'id="summary-parts"' in page and 'id="import-confirm"' not in page
    assert len(summary_parts(pending.parsed)) >= 10
    response = client.post(pending.get_absolute_url(), {"kind": "work_points", "title": "x", "year": 2023})
    assert response.status_code == 400 and not Plan.objects.filter(title="x").exists()
    assert client.post(pending.get_absolute_url(), {"read_as": "other"}).status_code == 400


def test_rows_whose_cells_do_not_fit_list_the_problem():
    from docparse import parse

    text = "2025年重点工作推进情况\n序号\t工作任务\t进展情况\t存在问题\t自评\t责任单位\n1\t新建村卫生室20家。\t已完成5家。\t无\t待定\t尽快完成。\n"
    doc = parse(text.encode(), "s.txt")
    problems = services.row_problems(services.all_tasks(doc)[0], doc["text"])
    assert "责任单位“尽快完成。”不像单位名称" in problems and "自评“待定”不是超前/正常/滞后" in problems


def test_preview_warnings_and_row_problems_in_english(world, login):
    client = login(world.office)
    pending = _upload(client, "plan.txt", PLAN.encode())
    page = client.get(pending.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Number not understood: 300" in page and "New unit: 区医保局" in page
    assert "未识别的数字" not in page and "新建单位：" not in page
