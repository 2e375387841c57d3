"""The shared test world: a city with two districts and a bureau of another city.

``build_city_world()`` creates it (call it inside a test database; the root ``conftest.py`` has the
``city_world`` fixture, ``tests/test_isolation_matrix.py`` builds it once per module). Time: build and
read it with the clock fixed at ``WORLD_NOW`` (the open rounds are due after it, nothing is late).

    台州市卫生健康委员会 (city, 331000)            office: city_office
    ├── 椒江区卫生健康局 (bureau, 331002)  "jj"     office: jj.office
    │     ├── 医政医管科 (科室)            jj-ks   filler / signer
    │     ├── 区疾控中心 (直属单位)         jj-zs   filler / signer
    │     ├── 社区卫生服务中心              jj-sq   filler / signer
    │     └── 卫生院 (镇街)                jj-wy   filler / signer  (owes, never started)
    └── 玉环市卫生健康局 (bureau, 331083)  "yh"     the same four units
    杭州市卫生健康委员会 (another city, 330100)
    └── 江干区卫生健康局 (bureau, 330104)  "jg"     office: far.office; 医政医管科 jg-ks with filler / signer

Each district has a plan (four tasks, one per unit, with co-units and an indicator), an open round in
which 科室 has submitted, 直属单位 is approved, 社区卫生服务中心 was returned by the office and 卫生院 has
not started; filings with texts, a 协办意见, a reminder log row, a pending 延期 request, a draft
publication with a privacy review and a feedback message, a scoring ledger with an 异议, a 工作总结
draft. The city has a plan whose task is split to both districts' 科室 (levels services), a city
round, and 椒江's approved part of it reported up.

**Markers.** Every unit-owned text carries its unit's marker ``MARK-<code>-Z`` (完成情况, 问题, reminder
e-mails, 延期 reasons, 异议); a 协办意见 carries ``MARK-C-<lead>-<co>-Z``; office-level texts (feedback,
import previews) ``MARK-<district>-Z``; the district's plan, round and task texts ``MARK-<district>-all-Z`` (every
unit of the district may read them); the city plan and its split parts ``MARK-tz-all-Z``. ``world.visible_markers(user)`` is the set a user may
read; ``world.markers`` all of them. A 200 answer must hold no marker outside the caller's set.
"""

import datetime
from types import SimpleNamespace

# 2025-07-01 10:00 in Asia/Shanghai: the open rounds (as of 2025-06-30, due 2025-07-10) are running.
WORLD_NOW = datetime.datetime(2025, 7, 1, 2, 0, tzinfo=datetime.UTC)

UNIT_KINDS = (
    ("ks", "医政医管科", "office"),
    ("zs", "疾病预防控制中心", "institution"),
    ("sq", "社区卫生服务中心", "institution"),
    ("wy", "中心卫生院", "township"),
)


def marker(code):
    return f"MARK-{code}-Z"


def build_city_world(password):
    """Create the world; ``password`` is every user's password. Returns a SimpleNamespace."""
    from units.models import Unit, User

    w = SimpleNamespace(markers={}, users={})

    def user(username, unit, role):
        u = User.objects.create_user(username=username, password=password, unit=unit, role=role, display_name=username)
        w.users[username] = u
        return u

    def visible_to(code, *units):
        w.markers[marker(code)] = set(units)

    w.city = Unit.objects.create(
        name="台州市卫生健康委员会", short_name="台州", kind=Unit.Kind.CITY, division_code="331000"
    )
    w.city_office = user("city_office", w.city, User.Role.OFFICE)
    w.other_city = Unit.objects.create(
        name="杭州市卫生健康委员会", short_name="杭州", kind=Unit.Kind.CITY, division_code="330100"
    )

    w.districts = {}
    for order, (key, name, code, parent) in enumerate(
        (
            ("jj", "椒江区卫生健康局", "331002", w.city),
            ("yh", "玉环市卫生健康局", "331083", w.city),
            ("jg", "江干区卫生健康局", "330104", w.other_city),
        ),
        start=1,
    ):
        bureau = Unit.objects.create(
            name=name, short_name=name[:2], kind=Unit.Kind.BUREAU, parent=parent, division_code=code, order=order
        )
        d = SimpleNamespace(
            key=key,
            bureau=bureau,
            office=user(f"{key}_office", bureau, User.Role.OFFICE),
            units={},
            fillers={},
            signers={},
        )
        visible_to(key, bureau)
        kinds = UNIT_KINDS if key != "jg" else UNIT_KINDS[:1]
        for u_order, (short, unit_name, kind) in enumerate(kinds, start=1):
            code_ = f"{key}-{short}"
            unit = Unit.objects.create(
                name=unit_name, kind=kind, parent=bureau, order=u_order, email=f"{marker(code_)}@example.org"
            )
            d.units[short] = unit
            d.fillers[short] = user(f"{key}_{short}_filler", unit, User.Role.FILLER)
            d.signers[short] = user(f"{key}_{short}_signer", unit, User.Role.SIGNER)
            visible_to(code_, unit)
        w.districts[key] = d
    w.jj, w.yh, w.jg = w.districts["jj"], w.districts["yh"], w.districts["jg"]
    w.far_office = w.jg.office

    for d in w.districts.values():
        _district_year(w, d)
    _city_level(w)
    from reports.models import SubjectSynonym

    w.synonym = SubjectSynonym.objects.create(
        alias="家庭医生签约服务", canonical="家庭医生签约", owner=w.jj.office.unit
    )
    return w


def _fill(filing, user, code, **extra):
    from conftest import fill_ready

    fields = {
        "completion": f"{marker(code)}完成情况：已完成阶段任务。",
        "problems": f"{marker(code)}问题：资金到位慢。",
    }
    fields.update(extra)
    return fill_ready(filing, user, **fields)


def _district_year(w, d):
    """The district's plan, its open round with packages in several states, and what hangs off them."""
    from filings.models import Contribution, Round, Submission
    from plans.models import Indicator, Plan, Section, Task
    from supervision.models import Extension, Reminder

    everyone = marker(
        f"{d.key}-all"
    )  # the district's plan, round and task texts: every unit of the district reads them
    w.markers[everyone] = {d.bureau, *d.units.values()}
    plan = Plan.objects.create(
        year=2025, kind=Plan.Kind.KEY_WORK, title=f"{d.bureau.name}2025年重点工作{everyone}", issuer=d.bureau
    )
    section = Section.objects.create(plan=plan, label="一、", title="完善健康服务体系", order=1)
    shorts = list(d.units)
    tasks = {}
    for order, short in enumerate(shorts, start=1):
        tasks[short] = Task.objects.create(
            plan=plan,
            section=section,
            number=str(order),
            text=f"第{order}项重点任务{everyone}。",
            lead_unit=d.units[short],
            order=order,
        )
    if "zs" in tasks:
        tasks["ks"].co_units.add(d.units["zs"])
        tasks["zs"].co_units.add(d.units["ks"])
    indicator = Indicator.objects.create(
        task=tasks["ks"], subject="托位", target_value=600, unit="个", comparator=Indicator.Comparator.ADD
    )
    round_ = Round.objects.create(
        plan=plan, name=f"2025年第二季度{everyone}", as_of=datetime.date(2025, 6, 30), due=datetime.date(2025, 7, 10)
    )
    d.plan, d.section, d.tasks, d.indicator, d.round = plan, section, tasks, indicator, round_
    d.submissions, d.filings = {}, {}
    code = lambda short: f"{d.key}-{short}"  # noqa: E731

    def package(short):
        submission = Submission.objects.open_for(round_, d.units[short])
        filing = submission.filings.get(task=tasks[short])
        d.submissions[short], d.filings[short] = submission, filing
        return submission, filing

    # 科室: submitted (its filler may withdraw, its signer sign); its 协办意见 on 直属单位's task.
    submission, filing = package("ks")
    _fill(filing, d.fillers["ks"], code("ks"))
    submission.submit(d.fillers["ks"], f"{d.key}填报人", "0576-1")
    if "zs" in tasks:
        # 直属单位: approved by the office; 科室's 协办意见 was added while it was a draft.
        submission, filing = package("zs")
        Contribution.objects.create(
            filing=filing,
            unit=d.units["ks"],
            author=d.fillers["ks"],
            text=f"{marker('C-' + code('zs') + '-' + code('ks'))}协办意见",
        )
        w.markers[marker("C-" + code("zs") + "-" + code("ks"))] = {d.units["zs"], d.units["ks"]}
        _fill(
            filing,
            d.fillers["zs"],
            code("zs"),
            completed=True,
            completion=f"{marker(code('zs'))}完成情况：已完成，联系人电话13812345678。",
        )
        submission.submit(d.fillers["zs"], f"{d.key}填报人", "0576-2")
        submission.sign(d.signers["zs"])
        submission.approve(d.office)
        # 社区卫生服务中心: signed, then returned by the office with a comment.
        submission, filing = package("sq")
        _fill(filing, d.fillers["sq"], code("sq"))
        submission.submit(d.fillers["sq"], f"{d.key}填报人", "0576-3")
        submission.sign(d.signers["sq"])
        submission.send_back(d.office, f"{marker(code('sq'))}退回意见：请补充数据。")
        # 卫生院: nothing started (the dashboard's "no filing, no rate" case).
    for short, unit in d.units.items():
        Reminder.objects.create(
            unit=unit,
            round=round_,
            step="before-3",
            channel=Reminder.Channel.EMAIL,
            recipient=f"{marker(code(short))}@example.org",
            status=Reminder.Status.SENT,
        )
    d.extension = Extension.objects.create(
        task=tasks["ks"],
        unit=d.units["ks"],
        round=round_,
        reason=f"{marker(code('ks'))}延期理由：设备未到货。",
        new_date=datetime.date(2025, 8, 1),
        requested_by=d.fillers["ks"],
    )
    _scoring(w, d)
    _publishing(w, d)
    _reports(w, d)
    _personal(w, d)


def _scoring(w, d):
    from scoring import services
    from scoring.models import Objection, ScoreLine

    scheme = services.scheme_for(d.bureau, 2025)
    services.recompute(scheme, today=WORLD_NOW.date())
    line = ScoreLine.objects.filter(scheme=scheme, unit=d.units["ks"]).first()
    if line is None:  # nothing priced yet for 科室 (submitted, not yet due): one line of its own
        line = ScoreLine.objects.create(
            scheme=scheme,
            key="returned:world",
            unit=d.units["ks"],
            on=datetime.date(2025, 6, 20),
            event="returned",
            rule="returned×1",
            points=-1,
            submission=d.submissions["ks"],
        )
    d.scheme, d.score_line = scheme, line
    d.objection = Objection.objects.create(
        scheme=scheme,
        unit=d.units["ks"],
        line_key=line.key,
        line_text=str(line.event),
        comment=f"{marker(d.key + '-ks')}异议：已按时报送。",
        author=d.fillers["ks"],
    )


def _publishing(w, d):
    """A draft publication of the round (not yet published), its privacy review and a feedback row."""
    from publishing import services
    from publishing.models import Feedback, Publication

    if "zs" not in d.units:
        return
    publication = Publication.objects.create(
        index_number=f"11331021355386184W/2025-00000{len(w.districts)}{d.bureau.pk}",
        title=f"{d.bureau.name}2025年第二季度重点工作完成情况",
        publisher=d.bureau.name,
        doc_date=datetime.date(2025, 7, 1),
        round=d.round,
        created_by=d.office,
    )
    review = services.start_review(publication, d.office)
    d.publication, d.hit = publication, review.hits.first()
    d.feedback = Feedback.objects.create(publication=publication, version_number=1, text=f"{marker(d.key)}公众留言")


def _reports(w, d):
    from reports import services
    from reports.models import Summary

    if "zs" not in d.units:
        return
    d.summary = services.generate_summary(d.plan, Summary.Period.YEAR, d.office)
    d.paragraph = d.summary.paragraphs.order_by("order", "pk").first()


def _personal(w, d):
    """Things only their maker sees: the office's import preview, the filler's export job and API token."""
    from api.models import ApiToken
    from documents.models import PendingImport
    from jobs.models import Job

    filler = d.fillers["ks"]
    d.pending_import = PendingImport.objects.create(
        uploaded_by=d.office, filename=f"{marker(d.key)}.txt", parsed={"kind": "plan"}
    )
    d.job = Job.objects.create(
        handler="jobs.tests.handlers.echo",
        args={},
        key=f"world-{d.key}",
        label=f"{marker(d.key + '-ks')}导出",
        created_by=filler,
        status=Job.Status.DONE,
        result=b"%PDF",
        filename="a.pdf",
    )
    d.token = ApiToken.issue(filler, f"{marker(d.key + '-ks')}令牌")[0]


def _city_level(w):
    """The city plan's task split to both districts' 科室; 椒江 files, approves and reports its part up."""
    from decimal import Decimal

    from filings.models import Round, Submission
    from levels import services
    from plans.models import Indicator, Plan, Task

    everyone = marker("tz-all")  # the city plan, split into the districts' plans: every unit under the city reads it
    w.markers[everyone] = {w.city, *(u for d in (w.jj, w.yh) for u in (d.bureau, *d.units.values()))}
    plan = Plan.objects.create(
        year=2025, kind=Plan.Kind.LIVELIHOOD, title=f"台州市2025年民生实事{everyone}", issuer=w.city
    )
    task = Task.objects.create(plan=plan, number="1", text=f"全市新增托位1000个{everyone}。", lead_unit=w.city, order=1)
    indicator = Indicator.objects.create(
        task=task, subject="托位", target_value=1000, unit="个", comparator=Indicator.Comparator.ADD
    )
    w.city_plan, w.city_task, w.city_indicator = plan, task, indicator
    w.city_round = Round.objects.create(
        plan=plan, name="2025年上半年", as_of=datetime.date(2025, 6, 30), due=datetime.date(2025, 7, 20)
    )
    districts = (w.jj, w.yh)
    services.split_task(
        task,
        {d.bureau: {indicator: Decimal(500)} for d in districts},
        lead_units={d.bureau: d.units["ks"] for d in districts},
    )
    for d in districts:
        d.split_plan = services.district_plan(plan, d.bureau)
        d.split_round = services.open_district_round(
            d.split_plan, w.city_round, "2025年上半年", datetime.date(2025, 6, 30), datetime.date(2025, 7, 8)
        )
        d.split_task = d.split_plan.tasks.get()
    jj = w.jj
    submission = Submission.objects.open_for(jj.split_round, jj.units["ks"])
    filing = submission.filings.get()
    _fill(filing, jj.fillers["ks"], "jj-ks", completed=True)
    submission.submit(jj.fillers["ks"], "jj填报人", "0576-1")
    submission.sign(jj.signers["ks"])
    submission.approve(jj.office)
    jj.split_filing = filing
    jj.report = services.send_up(w.city_round, jj.bureau, jj.office)


def visible_markers(w, user):
    """The markers ``user`` may read: its own unit's (and the 协办意见 it shares); an office, every
    marker of units in its subtree (the city office: both districts); anonymous, none."""
    if user is None or not user.is_authenticated:
        return set()
    if user.is_office:
        root = user.unit
        return {m for m, units in w.markers.items() if any(root.contains(u) for u in units)}
    return {m for m, units in w.markers.items() if user.unit in units}
