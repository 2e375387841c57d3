"""A city (台州) above two districts (椒江, 玉环), a city plan with a count task and a rate task
split across both, each district's round approved and reported up."""

import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest

from conftest import make_user


def approve_district_round(round_, unit, users, values, assessment="on_track", completed=None):
    """The district unit files ``values`` {district indicator: value}, signs, its office approves."""
    from filings.models import Submission

    filler, signer, office = users
    submission = Submission.objects.open_for(round_, unit)
    for filing in submission.filings.all():
        actuals = {ind: values[ind] for ind in filing.task.indicators.all() if ind in values}
        fields = {
            "completion": f"{unit.name}的进展",
            "completed": completed if completed is not None else True,
            "reason": "" if completed is not False else "资金未到位",
            "problems": "无" if assessment != "behind" else "进度慢",
            "self_assessment": assessment,
        }
        assert filing.save_edit(filler, filing.version, fields, actuals)
    submission.submit(filler, filler.display_name, "0576-1")
    submission.sign(signer)
    submission.approve(office)
    return submission


@pytest.fixture
def city(db):
    from filings.models import Round
    from levels import services
    from plans.models import Indicator, Plan, Task
    from units.models import Unit, User

    taizhou = Unit.objects.create(
        name="台州市卫生健康委员会", short_name="台州", kind=Unit.Kind.CITY, division_code="331000"
    )
    jj = Unit.objects.create(
        name="椒江区卫生健康局",
        short_name="椒江",
        kind=Unit.Kind.BUREAU,
        parent=taizhou,
        division_code="331002",
        order=1,
    )
    yh = Unit.objects.create(
        name="玉环市卫生健康局",
        short_name="玉环",
        kind=Unit.Kind.BUREAU,
        parent=taizhou,
        division_code="331083",
        order=2,
    )
    plan = Plan.objects.create(year=2025, kind=Plan.Kind.LIVELIHOOD, title="台州市2025年民生实事", issuer=taizhou)
    beds = Task.objects.create(plan=plan, number="1", text="新增托位1900个。", lead_unit=taizhou, order=1)
    beds_ind = Indicator.objects.create(
        task=beds, subject="托位", target_value=1900, unit="个", comparator=Indicator.Comparator.ADD
    )
    rate = Task.objects.create(plan=plan, number="2", text="县域内就诊率达到90%以上。", lead_unit=taizhou, order=2)
    rate_ind = Indicator.objects.create(
        task=rate, subject="县域内就诊率", target_value=90, unit="%", comparator=Indicator.Comparator.GTE
    )
    city_round = Round.objects.create(
        plan=plan, name="2025年上半年", as_of=datetime.date(2025, 6, 30), due=datetime.date(2025, 7, 15)
    )
    services.split_task(beds, {jj: {beds_ind: Decimal(600)}, yh: {beds_ind: Decimal(400)}})
    services.split_task(rate, {jj: {rate_ind: Decimal(90)}, yh: {rate_ind: Decimal(90)}})
    w = SimpleNamespace(
        city=taizhou,
        jj=jj,
        yh=yh,
        plan=plan,
        beds=beds,
        beds_ind=beds_ind,
        rate=rate,
        rate_ind=rate_ind,
        city_round=city_round,
    )
    w.city_office = make_user("taizhou", taizhou, User.Role.OFFICE)
    for key, district in (("jj", jj), ("yh", yh)):
        setattr(w, f"{key}_office", make_user(f"{key}_office", district, User.Role.OFFICE))
        setattr(w, f"{key}_filler", make_user(f"{key}_filler", district, User.Role.FILLER))
        setattr(w, f"{key}_signer", make_user(f"{key}_signer", district, User.Role.SIGNER))
        dplan = services.district_plan(plan, district)
        setattr(w, f"{key}_plan", dplan)
        setattr(
            w,
            f"{key}_round",
            services.open_district_round(
                dplan, city_round, "2025年上半年", datetime.date(2025, 6, 30), datetime.date(2025, 7, 8)
            ),
        )
    # district indicators, with 基数 (denominators) for the rate: 椒江 100, 玉环 300
    for key, district in (("jj", jj), ("yh", yh)):
        inds = {i.split_from_id: i for i in Indicator.objects.filter(task__plan__issuer=district)}
        setattr(w, f"{key}_beds", inds[beds_ind.pk])
        setattr(w, f"{key}_rate", inds[rate_ind.pk])
    Indicator.objects.filter(pk=w.jj_rate.pk).update(baseline=100)
    Indicator.objects.filter(pk=w.yh_rate.pk).update(baseline=300)
    return w


def report_both(w):
    """椒江 files 620 托位 and 92%; 玉环 380 and 80%; both approved at home, sent up, approved by the city."""
    from levels import services

    approve_district_round(
        w.jj_round, w.jj, (w.jj_filler, w.jj_signer, w.jj_office), {w.jj_beds: Decimal(620), w.jj_rate: Decimal(92)}
    )
    approve_district_round(
        w.yh_round,
        w.yh,
        (w.yh_filler, w.yh_signer, w.yh_office),
        {w.yh_beds: Decimal(380), w.yh_rate: Decimal(80)},
        assessment="behind",
    )
    reports = [services.send_up(w.city_round, d, u) for d, u in ((w.jj, w.jj_office), (w.yh, w.yh_office))]
    for report in reports:
        services.approve(report, w.city_office)
    return reports
