"""Shared test fixtures: a small bureau with two units, so every view can be tried as owner and outsider.

`world` holds:
  bureau (root), unit_a (科室 A, leads tasks 1–2), unit_b (直属单位 B, leads task 3, co-unit on task 1)
  office (督办员), filler_a / signer_a, filler_b / signer_b, anonymous is just `client`
  plan with two sections, three tasks, an indicator on task 1, and an open round
"""

import datetime
import os
from types import SimpleNamespace

import pytest


def _in_ci():
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def _session_clock():
    """DUBAN_TEST_CLOCK=2026-12-06T02:00+08:00 runs the whole session at that moment, the clock ticking from there
    (time_machine), so the suite can be run "at night" or on a year's last day on purpose. Off by default
    (scripts/test does not set it); tests that involve time fix their own moment, which wins inside them."""
    value = os.environ.get("DUBAN_TEST_CLOCK", "").strip()
    if not value:
        return None
    import time_machine

    moment = datetime.datetime.fromisoformat(value)
    if moment.tzinfo is None:
        raise pytest.UsageError(f"DUBAN_TEST_CLOCK={value!r} needs a UTC offset, e.g. 2026-12-06T02:00+08:00")
    return time_machine.travel(moment, tick=True)


def pytest_configure(config):
    clock = _session_clock()
    if clock is not None:
        clock.start()
        config._duban_clock = clock


def pytest_unconfigure(config):
    clock = getattr(config, "_duban_clock", None)
    if clock is not None:
        clock.stop()


def pytest_report_header(config):
    if getattr(config, "_duban_clock", None) is not None:
        return f"DUBAN_TEST_CLOCK: the session starts at {os.environ['DUBAN_TEST_CLOCK']} (time_machine, ticking)"
    return None


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Under CI=true nothing may be skipped: a skip (a missing tool, seed or font) fails with its reason."""
    report = yield
    if _in_ci() and report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.outcome = "failed"
        report.longrepr = f"CI=true and this test was skipped: {reason}"
    return report


@pytest.fixture(scope="session")
def seeds():
    """The seed documents' directory, found one way (``duban.seeds``: DUBAN_SEEDS, else ../shared/seeds).
    Missing: under CI=true every test asking for it fails naming the path looked at; elsewhere it is
    skipped with that path."""
    from duban.seeds import SeedsMissing, existing_seeds_dir

    try:
        return existing_seeds_dir()
    except SeedsMissing as exc:
        if _in_ci():
            pytest.fail(f"CI=true: {exc}", pytrace=False)
        pytest.skip(str(exc))


BUREAU_TIME_ZONE = "Asia/Shanghai"


@pytest.fixture
def bureau_time_zone(settings):
    """For tests whose fixed moments are a bureau's local times (quiet hours, "today", 截至 dates): the zone is
    fixed with them, whatever TIME_ZONE the suite runs under (``pytestmark = pytest.mark.usefixtures(...)``)."""
    settings.TIME_ZONE = BUREAU_TIME_ZONE
    return BUREAU_TIME_ZONE


@pytest.fixture(autouse=True)
def _site_language():
    """Every test starts in the site's language: a request with Accept-Language: en leaves English active in
    the test's thread (LocaleMiddleware activates, nothing deactivates), and a later test would read English."""
    from django.conf import settings

    if settings.configured:
        from django.utils import translation

        translation.activate(settings.LANGUAGE_CODE)
    yield


# Models are imported inside functions: the pure packages (docparse, docrender) run their
# tests without Django, and this file is loaded for them too.
PASSWORD = "duban-test-pass-1"


def make_user(username, unit, role, **extra):
    from units.models import User

    return User.objects.create_user(
        username=username, password=PASSWORD, unit=unit, role=role, display_name=username, **extra
    )


@pytest.fixture
def world(db):
    from filings.models import Round
    from plans.models import Indicator, Plan, Section, Task
    from units.models import Unit, User

    bureau = Unit.objects.create(name="测试区卫生健康局", kind=Unit.Kind.BUREAU, order=0)
    unit_a = Unit.objects.create(name="医政医管科", short_name="医政科", parent=bureau, order=1)
    unit_b = Unit.objects.create(name="区疾控中心", kind=Unit.Kind.INSTITUTION, parent=bureau, order=2)
    office = make_user("office", bureau, User.Role.OFFICE)
    plan = Plan.objects.create(year=2025, kind=Plan.Kind.KEY_WORK, title="2025年重点工作", issuer=bureau)
    s1 = Section.objects.create(plan=plan, label="一、", title="完善健康服务体系", order=1)
    s2 = Section.objects.create(plan=plan, label="二、", title="提升公共卫生能力", order=2)
    t1 = Task.objects.create(plan=plan, section=s1, number="1", text="新增托位1900个。", lead_unit=unit_a, order=1)
    t1.co_units.add(unit_b)
    t2 = Task.objects.create(
        plan=plan, section=s1, number="2", text="深化医共体建设，县域内就诊率达到90%以上。", lead_unit=unit_a, order=2
    )
    t3 = Task.objects.create(plan=plan, section=s2, number="3", text="健全院前急救体系。", lead_unit=unit_b, order=3)
    indicator = Indicator.objects.create(
        task=t1, subject="托位", target_value=1900, unit="个", comparator=Indicator.Comparator.ADD
    )
    round_ = Round.objects.create(
        plan=plan, name="2025年第一季度", as_of=datetime.date(2025, 4, 15), due=datetime.date(2099, 4, 20)
    )
    return SimpleNamespace(
        bureau=bureau,
        unit_a=unit_a,
        unit_b=unit_b,
        office=office,
        filler_a=make_user("filler_a", unit_a, User.Role.FILLER),
        signer_a=make_user("signer_a", unit_a, User.Role.SIGNER),
        filler_b=make_user("filler_b", unit_b, User.Role.FILLER),
        signer_b=make_user("signer_b", unit_b, User.Role.SIGNER),
        plan=plan,
        sections=[s1, s2],
        tasks=[t1, t2, t3],
        indicator=indicator,
        round=round_,
    )


@pytest.fixture
def city_world(db, time_machine):
    """The shared world of tests/world.py: a city (台州) with two districts (椒江 ``jj``, 玉环 ``yh``), each with
    its office and four units with a filler and a signer, a bureau of another city (江干 ``jg``), plans, rounds
    with packages in several states, reminders, 延期, scoring, publishing and an upward report — each
    unit's texts marked ``MARK-<code>-Z`` (``tests.world.visible_markers``). The clock is ``WORLD_NOW``."""
    from tests.world import WORLD_NOW, build_city_world

    time_machine.move_to(WORLD_NOW, tick=False)
    return build_city_world(PASSWORD)


@pytest.fixture
def login(client):
    """login(user) → the test client logged in as that user."""

    def _login(user):
        client.force_login(user)
        return client

    return _login


def fill_ready(filing, user, **overrides):
    """Save a complete, submittable entry for ``filing`` as ``user``."""
    fields = {
        "completion": "已完成阶段任务。",
        "completed": True,
        "reason": "",
        "problems": "",
        "self_assessment": "on_track",
    }
    fields.update(overrides)
    assert filing.save_edit(user, filing.version, fields)
    return filing


@pytest.fixture
def sqlite_file_db(transactional_db, django_db_blocker, tmp_path):
    """For tests with threads of their own: on SQLite, point the default database at a migrated file for the test
    (the in-memory test database cannot be shared between connections); on PostgreSQL, nothing to do."""
    from django.core.management import call_command
    from django.db import connections

    old = connections["default"]
    if old.vendor != "sqlite":
        yield
        return
    shared = connections.settings["default"]
    memory_name = shared["NAME"]
    shared["NAME"] = str(tmp_path / "threads.sqlite3")
    new = old.__class__(shared, "default")
    connections["default"] = new
    try:
        with django_db_blocker.unblock():
            call_command("migrate", verbosity=0, interactive=False)
        yield
    finally:
        new.close()
        shared["NAME"] = memory_name
        connections["default"] = old
