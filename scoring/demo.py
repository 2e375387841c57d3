"""Demo: 台州市卫生健康委员会 above 椒江 and 玉环, one city plan split across both, reports sent up
and reviewed, and the 目标考核 ledgers computed. Runs after the base demo (documents' load_demo);
idempotent (does nothing when the city plan exists)."""

import datetime
from decimal import Decimal

from django.db import transaction

CITY = "台州市卫生健康委员会"
DISTRICTS = (
    ("台州市椒江区卫生健康局", "椒江", "331002", "jiaojiang", "jiaojiang_head", "jiaojiang_office", "椒江督办员"),
    ("玉环市卫生健康局", "玉环", "331083", "yuhuan", "yuhuan_head", "yuhuan_office", "玉环督办员"),
)
PLAN = "台州市2025年卫生健康民生实事"
UTC = datetime.UTC


def _at(day, hour=2):
    return datetime.datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def load_demo(stdout):
    from plans.models import Plan

    if Plan.objects.filter(title=PLAN).exists():
        return
    with transaction.atomic():
        _load(stdout)


def _load(stdout):
    from documents.management.commands.load_demo import DEFAULT_PASSWORD
    from filings.models import Round, Submission
    from levels import services as levels
    from levels.models import UpwardReport, UpwardReview
    from plans.models import Indicator, Plan, Task
    from units.models import Unit, User

    from . import services

    city, _ = Unit.objects.get_or_create(
        name=CITY,
        parent=None,
        defaults={
            "kind": Unit.Kind.CITY,
            "short_name": "台州市卫健委",
            "division_code": "331000",
            "email": "ducha@taizhou-wjw.example",
        },
    )
    users = {}

    def user(username, display, unit, role):
        found = User.objects.filter(username=username).first()
        if found is None:
            found = User(username=username, display_name=display, unit=unit, role=role)
            found.set_password(DEFAULT_PASSWORD)
            found.save()
        users[username] = found
        return found

    user("taizhou", "台州市督办员", city, User.Role.OFFICE)
    districts = []
    for order, (name, short, code, filler, signer, office, office_name) in enumerate(DISTRICTS, start=1):
        district, _ = Unit.objects.get_or_create(name=name, parent=None, defaults={"kind": Unit.Kind.BUREAU})
        district.parent, district.short_name, district.division_code, district.order, district.kind = (
            city,
            district.short_name or short,
            code,
            order,
            Unit.Kind.BUREAU,
        )
        district.save()  # re-parented: its path, its units' paths and bureaus follow
        user(office, office_name, district, User.Role.OFFICE)
        user(filler, f"{short}填报人", district, User.Role.FILLER)
        user(signer, f"{short}签发人", district, User.Role.SIGNER)
        districts.append((district, users[filler], users[signer], users[office]))

    plan = Plan.objects.create(year=2025, kind=Plan.Kind.LIVELIHOOD, title=PLAN, issuer=city, source_document="demo")
    beds = Task.objects.create(
        plan=plan, number="1", text="新增托位1900个，普惠托育服务覆盖全市。", lead_unit=city, order=1
    )
    beds_ind = Indicator.objects.create(
        task=beds, subject="托位", target_value=1900, unit="个", comparator=Indicator.Comparator.ADD
    )
    rate = Task.objects.create(
        plan=plan, number="2", text="深化县域医共体建设，县域内就诊率达到90%以上。", lead_unit=city, order=2
    )
    rate_ind = Indicator.objects.create(
        task=rate, subject="县域内就诊率", target_value=90, unit="%", comparator=Indicator.Comparator.GTE
    )
    city_round = Round.objects.create(
        plan=plan, name="2025年上半年", as_of=datetime.date(2025, 6, 30), due=datetime.date(2025, 7, 15)
    )
    (jj, *_), (yh, *_) = districts
    levels.split_task(beds, {jj: {beds_ind: Decimal(600)}, yh: {beds_ind: Decimal(400)}})
    levels.split_task(rate, {jj: {rate_ind: Decimal(90)}, yh: {rate_ind: Decimal(90)}})

    # (district, 托位, 就诊率, 基数, self-assessment, filed on, sent up on, returned by the city first?)
    figures = {
        jj.pk: (
            Decimal(620),
            Decimal(92),
            600000,
            "ahead",
            datetime.date(2025, 7, 7),
            datetime.date(2025, 7, 10),
            False,
        ),
        yh.pk: (
            Decimal(310),
            Decimal(85),
            450000,
            "behind",
            datetime.date(2025, 7, 9),
            datetime.date(2025, 7, 18),
            True,
        ),
    }
    for district, filler, signer, office in districts:
        beds_n, rate_n, base, assessment, filed, sent, returned = figures[district.pk]
        dplan = levels.district_plan(plan, district)
        Indicator.objects.filter(task__plan=dplan, split_from=rate_ind).update(baseline=base)
        dround = levels.open_district_round(
            dplan, city_round, "2025年上半年（市级分解任务）", datetime.date(2025, 6, 30), datetime.date(2025, 7, 8)
        )
        submission = Submission.objects.open_for(dround, district)
        for filing in submission.filings.select_related("task").prefetch_related("task__indicators"):
            actuals = {
                ind: (beds_n if ind.split_from_id == beds_ind.pk else rate_n) for ind in filing.task.indicators.all()
            }
            behind = assessment == "behind" and filing.task.split_from_id == beds.pk
            filing.save_edit(
                filler,
                filing.version,
                {
                    "completion": f"{district.short_name}：{'新增托位' + str(beds_n) + '个' if filing.task.split_from_id == beds.pk else '县域内就诊率' + str(rate_n) + '%'}。",
                    "completed": None,
                    "reason": "",
                    "problems": "用地审批慢，已协调自然资源部门" if behind else "",
                    "self_assessment": "behind" if behind else ("ahead" if assessment == "ahead" else "on_track"),
                },
                actuals,
            )
        submission.submit(filler, filler.display_name, "0576-88000000")
        submission.sign(signer)
        submission.approve(office)
        Submission.objects.filter(pk=submission.pk).update(
            submitted_at=_at(filed), signed_at=_at(filed, 4), approved_at=_at(filed, 6)
        )
        report = levels.send_up(city_round, district, office)
        if returned:
            levels.send_back(report, users["taizhou"], "托位数与附表不一致，请核对后重新上报。")
            report = levels.send_up(city_round, district, office)
        levels.approve(report, users["taizhou"])
        # The demo's history happened in July 2025: date each step (send, [return, send,] approve).
        steps = list(UpwardReview.objects.filter(report=report).order_by("pk"))
        for n, step in enumerate(steps):
            UpwardReview.objects.filter(pk=step.pk).update(at=_at(sent + datetime.timedelta(days=n)))
        UpwardReport.objects.filter(pk=report.pk).update(
            sent_at=_at(sent + datetime.timedelta(days=len(steps) - 2)),
            approved_at=_at(sent + datetime.timedelta(days=len(steps) - 1)),
        )

    for level, year in ((city, 2025), (yh, 2025), (jj, 2023)):
        services.recompute(services.scheme_for(level, year))
    stdout.write(f"\n上下级与目标考核演示 / Levels and scores demo (password 密码: {DEFAULT_PASSWORD})\n")
    stdout.write("  taizhou         督办员 台州市卫生健康委员会 全市汇总 /levels/ · 目标考核排名 /scoring/\n")
    stdout.write("  jiaojiang_office 督办员 台州市椒江区卫生健康局 审核椒江、向市级上报\n")
    stdout.write("  yuhuan_office   督办员 玉环市卫生健康局 审核玉环、向市级上报\n")
