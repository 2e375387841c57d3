"""The office's pages: generate, edit through HTMX, accept/ignore, next-year plan, cross-year page, access."""

import pytest
from django.urls import reverse

from filings.models import Filing
from plans.models import Plan, Task
from reports.models import CarriedTask, Paragraph, SubjectSynonym, Summary

HX = {"HTTP_HX_REQUEST": "true"}


def prior_plan():
    return Plan.objects.get(title__startswith="2022年政府工作报告目标任务")


def test_office_generates_and_edits_through_htmx(demo, client):
    client.force_login(demo)
    plan = Plan.objects.get(year=2025, issuer__name="玉环市卫生健康局", kind="key_work")
    response = client.post(f"/reports/plans/{plan.pk}/generate/", {"period": "half"})
    summary = Summary.objects.get(plan=plan)
    assert response.status_code == 302 and response["Location"] == summary.get_absolute_url()
    page = client.get(summary.get_absolute_url()).content.decode()
    assert "玉环市卫生健康局2025年上半年工作总结暨下半年工作思路" in page
    assert (
        "来源" in page and reverse("filings:filing", args=[Filing.objects.filter(task__plan=plan).first().pk]) in page
    )
    p = summary.paragraphs.get(key="part:1")
    form = client.get(f"/reports/paragraphs/{p.pk}/edit/", **HX)
    assert form.status_code == 200 and "<textarea" in form.content.decode() and "<html" not in form.content.decode()
    saved = client.post(
        f"/reports/paragraphs/{p.pk}/edit/", {"text": "一、2025年上半年主要工作", "version": p.version}, **HX
    )
    assert (
        saved.status_code == 200
        and "一、2025年上半年主要工作" in saved.content.decode()
        and "已手工修改" in saved.content.decode()
    )
    p.refresh_from_db()
    assert p.text == "一、2025年上半年主要工作" and p.edited and p.version == 2
    # a stale version: 409, the typed text kept, nothing overwritten
    stale = client.post(f"/reports/paragraphs/{p.pk}/edit/", {"text": "旧页面上的修改", "version": 1}, **HX)
    assert stale.status_code == 409 and "旧页面上的修改" in stale.content.decode()
    p.refresh_from_db()
    assert p.text == "一、2025年上半年主要工作"
    # a 10 MB paste is refused with a message, nothing saved
    big = client.post(f"/reports/paragraphs/{p.pk}/edit/", {"text": "字" * 10_000_000, "version": p.version}, **HX)
    assert big.status_code == 400
    p.refresh_from_db()
    assert p.text == "一、2025年上半年主要工作"
    history = client.get(f"/reports/paragraphs/{p.pk}/history/").content.decode()
    assert "一、上半年主要工作及成效" in history and "一、2025年上半年主要工作" in history


def test_pending_text_is_shown_beside_the_edit_to_accept_or_ignore(demo, client):
    client.force_login(demo)
    summary = Summary.objects.get(plan=prior_plan())
    p = summary.paragraphs.get(key="opening")
    assert p.save_edit(demo, p.version, "本人改写的开头。")
    filing = Filing.objects.get(task__plan=summary.plan, task__indicators__subject="托位")
    filing.completed = True
    filing.save()
    client.post(f"/reports/summaries/{summary.pk}/regenerate/")
    p.refresh_from_db()
    assert p.text == "本人改写的开头。" and "已完成2项、未完成0项" in p.pending_text
    page = client.get(summary.get_absolute_url()).content.decode()
    assert "按最新数据生成的内容" in page and "采纳新内容" in page
    assert client.post(f"/reports/paragraphs/{p.pk}/decide/", {"decision": "maybe"}).status_code == 400
    response = client.post(f"/reports/paragraphs/{p.pk}/decide/", {"decision": "ignore"}, **HX)
    assert response.status_code == 200
    p.refresh_from_db()
    assert p.text == "本人改写的开头。" and p.pending_text == ""
    # regenerating again offers nothing new: the ignored text is remembered
    client.post(f"/reports/summaries/{summary.pk}/regenerate/")
    p.refresh_from_db()
    assert p.pending_text == ""


def test_next_year_draft_carries_exactly_the_unfinished_or_lagging_tasks(demo, client):
    client.force_login(demo)
    plan = prior_plan()
    # one more task, finished but self-assessed 滞后, and one finished and on track
    other = Filing.objects.get(task__plan=plan, task__indicators__subject="县域内就诊率")
    lagging = Task.objects.create(
        plan=plan,
        section=other.task.section,
        number="3",
        text="完善心理健康服务。",
        lead_unit=other.task.lead_unit,
        order=3,
    )
    on_track = Task.objects.create(
        plan=plan,
        section=other.task.section,
        number="4",
        text="开展爱国卫生运动。",
        lead_unit=other.task.lead_unit,
        order=4,
    )
    for task, assessment in ((lagging, "behind"), (on_track, "on_track")):
        Filing.objects.create(
            submission=other.submission,
            task=task,
            completion="推进中。",
            completed=True,
            problems="人手不足。",
            self_assessment=assessment,
        )
    unfinished = Filing.objects.get(task__plan=plan, completed=False).task_id
    expected = {unfinished, lagging.pk}
    page = client.get(f"/reports/plans/{plan.pk}/next-year/?fresh=1").content.decode()
    assert "2023年政府工作报告目标任务（演示）" in page
    draft = client.session[f"reports-next-plan-{plan.pk}"]
    assert {r["carried_from"] for r in draft["tasks"]} == expected
    assert draft["tasks"][0]["indicators"] == [{"subject": "托位", "comparator": "add", "target": "120", "unit": "个"}]
    assert other.task_id not in {r["carried_from"] for r in draft["tasks"]} and on_track.pk not in {
        r["carried_from"] for r in draft["tasks"]
    }
    plans_before, tasks_before = Plan.objects.count(), Task.objects.count()
    # edit the carried task, add one, then cancel: nothing saved
    unit = plan.tasks.first().lead_unit_id
    post = {
        "title": "2023年政府工作报告目标任务（草稿）",
        "year": 2023,
        "form-TOTAL_FORMS": 2,
        "form-INITIAL_FORMS": 2,
        "form-MIN_NUM_FORMS": 0,
        "form-MAX_NUM_FORMS": 500,
        "form-0-carried_from": unfinished,
        "form-0-section": draft["tasks"][0]["section"],
        "form-0-number": "1",
        "form-0-text": "新增托位120个，完成结转的托育机构验收。",
        "form-0-lead_unit": unit,
        "form-0-indicators": "托位；新增；120；个",
        "form-1-number": "2",
        "form-1-text": "新增一项：普惠托育服务覆盖全部镇街。",
        "form-1-lead_unit": unit,
        "form-1-indicators": "",
        "action": "save",
    }
    assert client.post(f"/reports/plans/{plan.pk}/next-year/", post).status_code == 302
    assert len(client.session[f"reports-next-plan-{plan.pk}"]["tasks"]) == 2
    bad = client.post(f"/reports/plans/{plan.pk}/next-year/", {**post, "form-0-indicators": "托位 新增 很多"})
    assert bad.status_code == 400 and "第1行格式不对" in bad.content.decode()
    client.post(f"/reports/plans/{plan.pk}/next-year/cancel/")
    assert (Plan.objects.count(), Task.objects.count()) == (plans_before, tasks_before)
    assert f"reports-next-plan-{plan.pk}" not in client.session
    # again, remove the added row, confirm
    client.get(f"/reports/plans/{plan.pk}/next-year/?fresh=1")
    response = client.post(f"/reports/plans/{plan.pk}/next-year/", {**post, "form-1-DELETE": "on", "action": "confirm"})
    new = Plan.objects.get(title="2023年政府工作报告目标任务（草稿）")
    assert response.status_code == 302 and response["Location"] == new.get_absolute_url()
    task = new.tasks.get()
    assert (
        task.text == "新增托位120个，完成结转的托育机构验收。"
        and task.section.title == "完善高质量就业和共富型大社保体系"
    )
    assert task.indicators.get().target_value == 120
    assert CarriedTask.objects.get(task=task).source_id == unfinished
    assert "承接上年的任务" in client.get(f"/reports/plans/{new.pk}/").content.decode()


def test_cross_year_page_shows_two_years_of_one_subject(demo, client):
    client.force_login(demo)
    response = client.get("/reports/indicators/trend/", {"subject": "托位"})
    page = response.content.decode()
    assert response.status_code == 200
    chart = response.context["chart"]
    years = response.context["years"]
    assert {2022, 2023} <= set(years)
    rounds = dict(zip(chart["rounds"], chart["series"][0]["actual"], strict=False))
    assert rounds["2022年度"] == 1380 and rounds["2023年上半年"] == 336
    assert 'id="trend-data"' in page and "reports/trend.js" in page and "<script>" not in page
    assert "托位" in client.get("/reports/indicators/").content.decode()
    # the task page (plans' task table) links to it
    link = f"/reports/indicators/trend/?subject=%E6%89%98%E4%BD%8D&amp;issuer={prior_plan().issuer_id}"
    assert link in client.get(prior_plan().get_absolute_url()).content.decode()
    # one bureau's line only: 江干's 2020 托位 drops out
    everywhere = client.get("/reports/indicators/trend/", {"subject": "托位"}).context["years"]
    own = client.get("/reports/indicators/trend/", {"subject": "托位", "issuer": prior_plan().issuer_id}).context[
        "years"
    ]
    assert 2020 in everywhere and own == [2022, 2023, 2025]  # 2025: 椒江's part of the 台州 托位 split (levels demo)
    assert client.get("/reports/indicators/trend/", {"subject": "托位", "issuer": "x"}).status_code == 404
    assert client.get("/reports/indicators/trend/", {"subject": "不存在的指标"}).status_code == 404


def test_synonyms_join_two_spellings(demo, client):
    client.force_login(demo)
    task = prior_plan().tasks.get(indicators__subject="托位")
    task.indicators.update(subject="托育托位")
    before = client.get("/reports/indicators/trend/", {"subject": "托位"}).context["years"]
    assert 2022 not in before
    assert client.post("/reports/indicators/synonyms/", {"alias": "托育托位", "canonical": "托位"}).status_code == 302
    assert 2022 in client.get("/reports/indicators/trend/", {"subject": "托位"}).context["years"]
    syn = SubjectSynonym.objects.get()
    client.post(f"/reports/indicators/synonyms/{syn.pk}/delete/")
    assert not SubjectSynonym.objects.exists()


@pytest.mark.parametrize("role", ["filler_a", "signer_a", "filler_b"])
def test_only_the_office_may_generate_or_edit(world, client, role):
    from reports import services

    summary = services.generate_summary(world.plan, Summary.Period.YEAR, world.office)
    p = summary.paragraphs.get(key="opening")
    client.force_login(getattr(world, role))
    urls = [
        f"/reports/plans/{world.plan.pk}/",
        f"/reports/summaries/{summary.pk}/",
        f"/reports/paragraphs/{p.pk}/edit/",
        f"/reports/summaries/{summary.pk}/export/docx/",
        f"/reports/plans/{world.plan.pk}/next-year/",
        "/reports/indicators/trend/?subject=托位",
    ]
    for url in urls:
        assert client.get(url).status_code == 403, url
    assert client.post(f"/reports/plans/{world.plan.pk}/generate/", {"period": "year"}).status_code == 403
    assert client.post(f"/reports/paragraphs/{p.pk}/edit/", {"text": "越权", "version": p.version}).status_code == 403
    assert client.post(f"/reports/summaries/{summary.pk}/regenerate/").status_code == 403
    assert client.post(f"/reports/plans/{world.plan.pk}/next-year/", {"action": "confirm"}).status_code == 403
    assert Summary.objects.count() == 1 and Paragraph.objects.get(pk=p.pk).version == 1
    client.logout()
    response = client.get(f"/reports/summaries/{summary.pk}/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_english_pages(demo, client):
    client.force_login(demo)
    summary = Summary.objects.get()
    page = client.get(summary.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Regenerate from the latest data" in page and "Sources" in page


def test_export_refuses_a_summary_with_a_placeholder(demo, client):
    client.force_login(demo)
    summary = Summary.objects.get()
    p = summary.paragraphs.get(key="opening")
    client.post(f"/reports/paragraphs/{p.pk}/edit/", {"text": "共检查xx家。", "version": p.version})
    response = client.get(f"/reports/summaries/{summary.pk}/export/docx/")
    assert response.status_code == 302 and response["Location"].endswith(f"#p-{p.pk}")
    assert "占位符" in client.get(response["Location"]).content.decode()
