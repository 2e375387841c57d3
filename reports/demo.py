"""Demo additions for the year's end (called at the end of ``manage.py load_demo``; idempotent).

* 椒江 2023: the 托位 actual the unit reports in its 完成情况 ("新增托位336个") is entered as the
  indicator's actual, as the filler would have.
* 椒江 2022 (a small prior-year plan, marked 演示): the same plan line — 托位 and 县域内就诊率 — with
  an approved 年度 round, so the cross-year page has two years to draw; its 托位 task is unfinished.
* One draft 年度工作总结 of the 2022 plan.
"""

import datetime
import re
from decimal import Decimal

from django.db import transaction

from filings.models import Filing, IndicatorActual, Round, Submission
from plans.models import Indicator, Plan, Section, Task
from units.models import Unit, User

JIAOJIANG = "台州市椒江区卫生健康局"
PRIOR_TITLE = "2022年政府工作报告目标任务（演示）"

PRIOR_TASKS = [
    # (section, task text, indicator (subject, comparator, target, unit), filing fields, actual)
    (
        "完善高质量就业和共富型大社保体系",
        "建设善育高地，落实三孩生育政策，新增托位1500个。",
        ("托位", "add", 1500, "个"),
        {
            "completion": "截至12月底，通过省民生实事新增托育机构6家、新增托位1380个，其中普惠托位1020个。",
            "completed": False,
            "reason": "2家托育机构消防验收延后，120个托位未能按期投用。",
            "problems": "部分托育机构消防验收周期长。建议协调消防部门提前介入，明年一季度完成验收投用。",
            "self_assessment": Filing.Assessment.BEHIND,
        },
        Decimal(1380),
    ),
    (
        "实施健康台州新三年行动",
        "深化医共体建设，县域内就诊率达到90%以上。",
        ("县域内就诊率", "gte", 90, "%"),
        {
            "completion": "2022年，我区县域内就诊率已达90.77%。",
            "completed": True,
            "reason": "",
            "problems": "",
            "self_assessment": Filing.Assessment.ON_TRACK,
        },
        Decimal("90.77"),
    ),
]


def load_demo(stdout):
    unit = Unit.objects.filter(name=JIAOJIANG).first()
    office = User.objects.filter(role=User.Role.OFFICE).order_by("pk").first()
    filler = User.objects.filter(unit=unit, role=User.Role.FILLER).order_by("pk").first() if unit else None
    signer = User.objects.filter(unit=unit, role=User.Role.SIGNER).order_by("pk").first() if unit else None
    if not (unit and office and filler and signer):
        stdout.write("reports demo: 椒江 demo units or users not found; skipped")
        return
    with transaction.atomic():
        _jiaojiang_2023_actual(unit)
        plan = _prior_year_plan(unit, filler, signer, office)
        _draft_summary(plan, office)
    stdout.write("工作总结演示：椒江 2022（演示）与 2023 两个年度的托位指标，及一份 2022 年度工作总结草稿。")


def _jiaojiang_2023_actual(unit):
    for ind in Indicator.objects.filter(
        task__plan__year=2023, task__plan__issuer=unit, subject="托位", comparator="add"
    ):
        filing = Filing.objects.filter(task=ind.task, submission__unit=unit).first()
        if filing is None or IndicatorActual.objects.filter(filing=filing, indicator=ind).exists():
            continue
        m = re.search(rf"新增{re.escape(ind.subject)}(\d+){re.escape(ind.unit)}", filing.completion)
        if m:
            IndicatorActual.objects.create(filing=filing, indicator=ind, value=Decimal(m.group(1)))


def _prior_year_plan(unit, filler, signer, office):
    plan = Plan.objects.filter(title=PRIOR_TITLE, issuer=unit).first()
    if plan is not None:
        return plan
    plan = Plan.objects.create(
        year=2022, kind=Plan.Kind.GOV_REPORT, title=PRIOR_TITLE, issuer=unit, source_document="演示数据 / demo data"
    )
    sections = {}
    for order, (section_title, text, (subject, comparator, target, measure), _fields, _actual) in enumerate(
        PRIOR_TASKS, start=1
    ):
        if section_title not in sections:
            sections[section_title] = Section.objects.create(
                plan=plan, label="", title=section_title, order=len(sections) + 1
            )
        task = Task.objects.create(
            plan=plan, section=sections[section_title], number=str(order), text=text, lead_unit=unit, order=order
        )
        Indicator.objects.create(
            task=task,
            subject=subject,
            comparator=comparator,
            target_value=target,
            unit=measure,
            source_text=f"{target}{measure}",
        )
    round_ = Round.objects.create(
        plan=plan, name="2022年度", as_of=datetime.date(2022, 12, 31), due=datetime.date(2023, 1, 15)
    )
    submission = Submission.objects.open_for(round_, unit)
    for filing, (_s, _t, _i, fields, actual) in zip(
        submission.filings.order_by("task__order"), PRIOR_TASKS, strict=False
    ):
        indicator = filing.task.indicators.get()
        filing.save_edit(filler, filing.version, fields, actuals={indicator: actual})
    submission.submit(filler, filler.display_name, "0576-89025399")
    submission.sign(signer)
    submission.approve(office)
    assert Submission.objects.get(pk=submission.pk).state == Submission.State.APPROVED
    return plan


def _draft_summary(plan, office):
    from . import services
    from .models import Summary

    if not Summary.objects.filter(plan=plan).exists():
        services.generate_summary(plan, Summary.Period.YEAR, office)
