"""报送质量: each part explained, the copy check stored at save time or per round, the dashboard and its detail page."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import make_user
from filings.models import Round, Submission
from supervision import copies, quality
from supervision.models import CopyCheck, CopyMatch, Extension
from units.models import Unit, User

TODAY = datetime.date(2025, 10, 20)
LONG_A = "今年以来，我科积极推进托育服务体系建设，新增普惠托位336个，开展托育机构质量评估12家，组织从业人员培训3期。"
LONG_B = "医共体牵头医院派驻专家下沉乡镇卫生院坐诊，累计服务群众两千余人次，县域就诊率稳步提升。"
LONG_C = "院前急救网络已覆盖全部乡镇，新增急救站点两个，平均反应时间缩短至十二分钟以内。"


@pytest.fixture
def rounds(world, time_machine):
    """H1 (due 10 Jul) and Q3 (due 15 Oct) of world's plan, after world's own Q1; the clock on 20 Oct 2025."""
    # noon of 20 Oct in the site's zone: the same day for the code and the test whatever the machine's zone
    time_machine.move_to(timezone.make_aware(datetime.datetime.combine(TODAY, datetime.time(12))), tick=False)
    h1 = Round.objects.create(
        plan=world.plan, name="2025年上半年", as_of=datetime.date(2025, 6, 30), due=datetime.date(2025, 7, 10)
    )
    q3 = Round.objects.create(
        plan=world.plan, name="2025年第三季度", as_of=datetime.date(2025, 9, 30), due=datetime.date(2025, 10, 15)
    )
    return h1, q3


def fill(round_, unit, filler, texts, **fields):
    """Save ``texts`` {task number: 完成情况} into the unit's package, each filing complete unless ``fields`` say not."""
    submission = Submission.objects.open_for(round_, unit)
    for filing in submission.filings.select_related("task"):
        values = {
            "completion": texts.get(filing.task.number, ""),
            "completed": True,
            "reason": "",
            "problems": "",
            "self_assessment": "on_track",
        }
        values.update(fields.get(filing.task.number, {}))
        assert filing.save_edit(filler, filing.version, values)
    return submission


def submit(submission, filler, on):
    submission.submit(filler, "甲", "1")
    # noon of that day in the site's zone (the day a clerk reads), whatever zone the machine runs in
    Submission.objects.filter(pk=submission.pk).update(
        submitted_at=timezone.make_aware(datetime.datetime.combine(on, datetime.time(12)))
    )
    submission.refresh_from_db()
    return submission


def unit_quality(round_, unit):
    return quality.round_quality(round_, units=[unit])[0]


def part(result, key):
    return next(p for p in result.parts if p.key == key)


def test_filed_on_time_gets_the_on_time_points_and_late_loses_five_a_day(world, rounds):
    _h1, q3 = rounds
    submit(
        fill(q3, world.unit_a, world.filler_a, {"1": LONG_A, "2": LONG_B}), world.filler_a, datetime.date(2025, 10, 15)
    )
    submit(fill(q3, world.unit_b, world.filler_b, {"3": LONG_C}), world.filler_b, datetime.date(2025, 10, 17))
    a, b = quality.round_quality(q3)
    assert part(a, "on_time").points == 25 and "2025-10-15 报送" in part(a, "on_time").lines[0]
    assert part(b, "on_time").points == 15 and "逾期 2 天" in part(b, "on_time").lines[0]


def test_a_granted_extension_makes_a_later_filing_on_time_and_an_unfiled_package_scores_nothing(world, rounds):
    _h1, q3 = rounds
    Extension.objects.create(
        task=world.tasks[0],
        unit=world.unit_a,
        round=q3,
        reason="数据未出",
        new_date=datetime.date(2025, 10, 18),
        decision=Extension.Decision.GRANTED,
    )
    submit(
        fill(q3, world.unit_a, world.filler_a, {"1": LONG_A, "2": LONG_B}), world.filler_a, datetime.date(2025, 10, 17)
    )
    a, b = quality.round_quality(q3)
    assert part(a, "on_time").points == 25 and "延期日期 2025-10-18" in part(a, "on_time").lines[0]
    assert part(b, "on_time").points == 0 and "已逾期 5 天" in part(b, "on_time").lines[0]
    assert part(b, "fields").lines == ["尚未填报。"] and b.score == 0


def test_every_field_filled_is_checked_with_the_missing_ones_named(world, rounds):
    _h1, q3 = rounds
    fill(
        q3,
        world.unit_a,
        world.filler_a,
        {"1": LONG_A, "2": LONG_B},
        **{"1": {"completed": False}, "2": {"self_assessment": "behind"}},
    )
    result = unit_quality(q3, world.unit_a)
    fields = part(result, "fields")
    assert fields.points == 0
    assert fields.lines == [
        "0 / 2 项填写完整。",
        "任务1：未完成的任务须填写未完成原因。",
        "任务2：自评为滞后的任务须填写存在问题及解决建议。",
    ]
    fill(
        q3,
        world.unit_a,
        world.filler_a,
        {"1": LONG_A, "2": LONG_B},
        **{"1": {"completed": False, "reason": "场地改造中"}},
    )
    assert part(unit_quality(q3, world.unit_a), "fields").points == 25


def test_figures_that_contradict_the_reported_actual_lose_the_figures_points(world, rounds):
    _h1, q3 = rounds
    submission = fill(
        q3,
        world.unit_a,
        world.filler_a,
        {"1": "截至9月底，新增托育机构8家、新增托位336个，其中普惠托位258个。", "2": LONG_B},
    )
    submission.filings.get(task=world.tasks[0]).actuals.create(indicator=world.indicator, value=400)
    figures = part(unit_quality(q3, world.unit_a), "figures")
    assert figures.points == 12.5
    assert (
        figures.lines[0] == "1 / 2 项数字核对无提示。"
        and figures.lines[1].startswith("任务1：")
        and "400" in figures.lines[1]
    )


def test_a_text_pasted_from_the_units_own_previous_round_is_found_when_saved(
    world, rounds, django_capture_on_commit_callbacks
):
    h1, q3 = rounds
    with django_capture_on_commit_callbacks(execute=True):
        fill(h1, world.unit_a, world.filler_a, {"1": LONG_A, "2": LONG_B})
        submission = fill(
            q3,
            world.unit_a,
            world.filler_a,
            {
                "1": LONG_A.replace("3期", "4期"),
                "2": "医共体建设按计划推进，本季度新增远程会诊中心一个，下沉专家十五名。",
            },
        )
    filing = submission.filings.get(task=world.tasks[0])
    assert CopyCheck.objects.get(filing=filing).version == filing.version
    result = unit_quality(q3, world.unit_a)
    [copy] = result.copies
    assert copy.kind == "previous" and copy.filing == filing and copy.score >= 80
    assert copy.mine[1] in LONG_A and copy.theirs[1] == copy.mine[1] and len(copy.mine[1]) > 30
    copies_part = part(result, "copies")
    assert copies_part.points == 12.5 and copies_part.lines[1].startswith("任务1：与上一轮次雷同（2025年上半年）")


def test_a_text_copied_from_another_unit_in_the_same_round_is_found_for_both_units(
    world, rounds, django_capture_on_commit_callbacks
):
    _h1, q3 = rounds
    with django_capture_on_commit_callbacks(execute=True):
        fill(q3, world.unit_b, world.filler_b, {"3": LONG_C})
        fill(q3, world.unit_a, world.filler_a, {"1": LONG_A, "2": "本季度" + LONG_C})
    a, b = quality.round_quality(q3)
    assert [(c.kind, c.filing.task.number) for c in a.copies] == [("peer", "2")]
    assert [(c.kind, c.filing.task.number) for c in b.copies] == [("peer", "3")]
    assert "区疾控中心 任务3" in a.copies[0].other_label and "医政医管科 任务2" in b.copies[0].other_label
    assert a.copies[0].mine[1] == b.copies[0].theirs[1] == LONG_C
    # unit B rewrites its text: the pair is gone from both sides
    with django_capture_on_commit_callbacks(execute=True):
        fill(
            q3,
            world.unit_b,
            world.filler_b,
            {"3": "急救体系建设：完成调度平台升级改造，开展全员急救技能培训两期，覆盖三百余人。"},
        )
    a, b = quality.round_quality(q3)
    assert a.copies == [] and b.copies == []


def stored(round_):
    """The stored matches as (kind, filing, other), a peer pair in either direction alike."""
    out = []
    for m in CopyMatch.objects.filter(round=round_):
        a, b = (m.filing_id, m.other_id)
        out.append((m.kind, *sorted((a, b))) if m.kind == "peer" else (m.kind, a, b))
    return sorted(out)


def test_the_round_batch_finds_the_same_copies_as_the_save_time_check(
    world, rounds, django_capture_on_commit_callbacks
):
    h1, q3 = rounds
    fill(h1, world.unit_a, world.filler_a, {"1": LONG_A, "2": LONG_B})  # no on_commit here: nothing checked yet
    fill(q3, world.unit_b, world.filler_b, {"3": LONG_C})
    fill(q3, world.unit_a, world.filler_a, {"1": LONG_A, "2": LONG_C})
    assert part(unit_quality(q3, world.unit_a), "copies").lines == ["照搬检查尚未运行。"]
    assert copies.check_round(q3) == 2  # 任务1 as in H1, 任务2 as unit B's 任务3
    batch = stored(q3)
    CopyMatch.objects.all().delete()
    for filing in Submission.objects.get(round=q3, unit=world.unit_b).filings.all():
        copies.check_filing(filing.pk)
    for filing in Submission.objects.get(round=q3, unit=world.unit_a).filings.all():
        copies.check_filing(filing.pk)
    assert stored(q3) == batch
    assert {kind for kind, *_ in batch} == {"previous", "peer"}


def test_the_plans_own_task_text_pasted_as_the_completion_is_found(world, rounds, django_capture_on_commit_callbacks):
    _h1, q3 = rounds
    with django_capture_on_commit_callbacks(execute=True):
        fill(q3, world.unit_a, world.filler_a, {"1": LONG_A, "2": world.tasks[1].text})
    [copy] = unit_quality(q3, world.unit_a).copies
    assert copy.kind == "plan" and copy.filing.task == world.tasks[1] and copy.score == 100
    assert copy.theirs == ("", world.tasks[1].text, "") and copy.mine == copy.theirs


def test_the_dashboard_shows_each_units_score_and_its_detail_page_the_copy_side_by_side(
    world, rounds, login, django_capture_on_commit_callbacks
):
    _h1, q3 = rounds
    with django_capture_on_commit_callbacks(execute=True):
        fill(q3, world.unit_b, world.filler_b, {"3": LONG_C})
        submit(
            fill(q3, world.unit_a, world.filler_a, {"1": LONG_A, "2": LONG_C}),
            world.filler_a,
            datetime.date(2025, 10, 14),
        )
    client = login(world.office)
    page = client.get(reverse("supervision:round", args=[q3.pk])).content.decode()
    detail = reverse("supervision:quality", args=[q3.pk, world.unit_a.pk])
    score = unit_quality(q3, world.unit_a).score
    assert f'href="{detail}" data-quality="{world.unit_a.pk}">{score}</a>' in page and "与其他单位雷同" in page
    body = client.get(detail).content.decode()
    assert "照搬对照（1）" in body and f"<mark>{LONG_C}</mark>" in body and body.count("<mark>") == 2
    assert "按时报送" in body and "2025-10-14 报送，截止 2025-10-15。" in body


def test_another_districts_office_does_not_find_the_detail_page(world, rounds, login):
    _h1, q3 = rounds
    other = Unit.objects.create(name="另一区卫生健康局", kind=Unit.Kind.BUREAU)
    detail = reverse("supervision:quality", args=[q3.pk, world.unit_a.pk])
    assert login(make_user("other-office", other, User.Role.OFFICE)).get(detail).status_code == 404
    assert login(world.filler_a).get(detail).status_code == 403
    outsider = Unit.objects.create(name="未牵头任务的科室", parent=world.bureau)
    assert login(world.office).get(reverse("supervision:quality", args=[q3.pk, outsider.pk])).status_code == 404


def test_check_copies_and_its_job_redo_a_whole_round_in_one_batch(world, rounds):
    from io import StringIO

    from django.core.management import CommandError, call_command

    from jobs.registry import lookup

    _h1, q3 = rounds
    fill(q3, world.unit_b, world.filler_b, {"3": LONG_C})
    fill(q3, world.unit_a, world.filler_a, {"1": LONG_A, "2": LONG_C})  # saved without the hook's commit: unchecked
    out = StringIO()
    call_command("check_copies", str(q3.pk), stdout=out)
    assert f"round {q3.pk}: 1 matches" in out.getvalue()
    assert [(c.kind, c.filing.task.number) for c in unit_quality(q3, world.unit_a).copies] == [("peer", "2")]
    with pytest.raises(CommandError, match="no such round: 999999"):
        call_command("check_copies", "999999")

    class Job:
        reports = []

        def report(self, progress, message=""):
            self.reports.append((progress, str(message)))

    job = Job()
    outcome = lookup("supervision.jobs.check_copies")(job, round_id=q3.pk)
    assert outcome.data == {"matches": 1} and outcome.link.endswith(f"/supervision/rounds/{q3.pk}/#quality")
    assert job.reports[0] == (1, "准备照搬检查") and CopyMatch.objects.filter(round=q3).count() == 1


def test_many_filings_saved_in_one_transaction_are_checked_once_as_a_round(
    world, rounds, django_capture_on_commit_callbacks, monkeypatch
):
    """An import writes many filings in one transaction: after it commits the round is checked in one batch."""
    from django.db import transaction

    _h1, q3 = rounds
    batches = []
    real = copies.check_round
    monkeypatch.setattr(copies, "BATCH_OVER", 1)
    monkeypatch.setattr(copies, "check_round", lambda round_, progress=None: batches.append(round_.pk) or real(round_))
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        fill(q3, world.unit_b, world.filler_b, {"3": LONG_C})
        fill(q3, world.unit_a, world.filler_a, {"1": LONG_A, "2": LONG_C})
    assert batches == [q3.pk]
    assert [(c.kind, c.filing.task.number) for c in unit_quality(q3, world.unit_a).copies] == [("peer", "2")]


def test_the_dashboard_scores_figures_with_its_overviews_checks_exactly_as_the_detail_page(world, rounds, login):
    """The dashboard hands its overview's figure checks to 报送质量 instead of making them twice; the score
    it shows must be the detail page's, figures that contradict the actual included."""
    from supervision import dashboard

    _h1, q3 = rounds
    submission = fill(
        q3,
        world.unit_a,
        world.filler_a,
        {"1": "截至9月底，新增托育机构8家、新增托位336个，其中普惠托位258个。", "2": LONG_B},
    )
    submission.filings.get(task=world.tasks[0]).actuals.create(indicator=world.indicator, value=400)
    overview = dashboard.round_overview(q3)
    shared = quality.round_quality(q3, overview.today, units=[world.unit_a], given=overview.quality_given())[0]
    alone = unit_quality(q3, world.unit_a)
    assert [(p.key, p.points, p.lines) for p in shared.parts] == [(p.key, p.points, p.lines) for p in alone.parts]
    assert part(shared, "figures").points == 12.5
    page = login(world.office).get(reverse("supervision:round", args=[q3.pk])).content.decode()
    assert alone.score == 50 and f'data-quality="{world.unit_a.pk}">50</a>' in page


def test_a_task_copied_from_several_texts_gets_one_line_naming_its_closest_match(
    world, rounds, django_capture_on_commit_callbacks
):
    """A template sentence every unit writes matches every other unit: the score line says so once per task
    (the side-by-side list still has each match)."""
    h1, q3 = rounds
    with django_capture_on_commit_callbacks(execute=True):
        fill(h1, world.unit_a, world.filler_a, {"2": LONG_C})
        fill(q3, world.unit_b, world.filler_b, {"3": LONG_C})
        fill(q3, world.unit_a, world.filler_a, {"1": LONG_A, "2": "本季度" + LONG_C})
    a = unit_quality(q3, world.unit_a)
    assert sorted(c.kind for c in a.copies) == ["peer", "previous"]
    task2 = [line for line in part(a, "copies").lines if line.startswith("任务2：")]
    assert len(task2) == 1 and task2[0].endswith("，另有 1 处")


def test_the_copy_line_reads_in_english_too(world, rounds, django_capture_on_commit_callbacks):
    from django.utils import translation

    h1, q3 = rounds
    with django_capture_on_commit_callbacks(execute=True):
        fill(h1, world.unit_a, world.filler_a, {"2": LONG_C})
        fill(q3, world.unit_b, world.filler_b, {"3": LONG_C})
        fill(q3, world.unit_a, world.filler_a, {"1": LONG_A, "2": "本季度" + LONG_C})
    with translation.override("en"):
        lines = part(unit_quality(q3, world.unit_a), "copies").lines
    task2 = [line for line in lines if "; 1 more" in line]
    assert len(task2) == 1 and "，另有" not in task2[0]


def test_the_dashboards_quality_from_its_overview_is_the_quality_loaded_alone(
    world, rounds, django_capture_on_commit_callbacks
):
    """The dashboard hands 报送质量 its overview's packages, lead filings, granted 延期 and figure checks: every
    unit's parts, lines and copies must be those the unit's own page loads for itself."""
    from supervision import dashboard

    h1, q3 = rounds
    with django_capture_on_commit_callbacks(execute=True):
        fill(h1, world.unit_a, world.filler_a, {"1": LONG_A, "2": LONG_B})
        submission = fill(q3, world.unit_b, world.filler_b, {"3": LONG_C})
        fill(
            q3,
            world.unit_a,
            world.filler_a,
            {"1": LONG_A, "2": "本季度" + LONG_C},
            **{"2": {"completed": False, "reason": "", "self_assessment": "behind"}},
        )
    submit(submission, world.filler_b, datetime.date(2025, 10, 18))
    Extension.objects.create(
        task=world.tasks[2],
        unit=world.unit_b,
        round=q3,
        reason="r",
        new_date=datetime.date(2025, 10, 19),
        decision=Extension.Decision.GRANTED,
    )
    overview = dashboard.round_overview(q3)
    shared = quality.round_quality(q3, overview.today, given=overview.quality_given())
    alone = quality.round_quality(q3)
    assert [r.unit for r in shared] == [r.unit for r in alone] == [world.unit_a, world.unit_b]
    for mine, theirs in zip(shared, alone, strict=True):
        assert [(p.label, p.points, p.lines) for p in mine.parts] == [
            (p.label, p.points, p.lines) for p in theirs.parts
        ]
        assert [(c.kind, c.filing, c.other_label, c.mine, c.theirs) for c in mine.copies] == [
            (c.kind, c.filing, c.other_label, c.mine, c.theirs) for c in theirs.copies
        ]
    a, b = shared
    assert "在同意的延期日期 2025-10-19 之前" in part(b, "on_time").lines[0]
    assert any("未完成的任务须填写未完成原因" in line for line in part(a, "fields").lines)
    assert {c.kind for c in a.copies} == {"previous", "peer"}
