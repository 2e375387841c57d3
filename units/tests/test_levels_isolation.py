"""The role × URL matrix across levels: a city above two districts.

``world``'s bureau becomes district 1 (椒江) under a city (台州); district 2 (玉环) has its own
office, unit and filler. Over every URL in the URLconf, with ids of objects owned by district 1's
unit A:

* district 2's office and filler are refused (403/404) and change nothing; the list pages they
  may open show nothing of district 1;
* the city office reads district 1's pages without error, but changes nothing of district 1
  (each district's own office reviews its units; the city reviews what is reported up to it).
"""

import re

import pytest

from conftest import make_user
from filings.models import Round, Submission
from plans.models import Plan, Task
from units.access import manages, office_scope, sees_unit
from units.models import Unit, User

from .test_isolation import PUBLIC_URL_NAMES, all_patterns, build_url, owned_by_a, snapshot  # noqa: F401  (fixture)

# The public disclosure pages answer anyone (publishing/tests/test_public_security.py walks them).
PUBLIC = {f"publishing:{name}" for name in PUBLIC_URL_NAMES} | {
    "captcha-image",
    "captcha-image-2x",
    "captcha-audio",
    "captcha-refresh",
}
PUBLIC |= {"set_password"}  # a new user's one-time link: its token is the credential (units/tests/test_first_day.py)

A_SECRETS = ("A 单位专项计划", "A 的秘密进展", "A 的任务", "A 的延期理由")


@pytest.fixture
def levels(world):
    city = Unit.objects.create(
        name="台州市卫生健康委员会", short_name="台州市卫健委", kind=Unit.Kind.CITY, division_code="331000"
    )
    world.bureau.parent = city
    world.bureau.division_code = "331002"
    world.bureau.save()
    district2 = Unit.objects.create(
        name="玉环市卫生健康局", kind=Unit.Kind.BUREAU, parent=city, division_code="331083", order=2
    )
    unit_c = Unit.objects.create(name="医政医管科", parent=district2, order=1)  # same name as district 1's unit A
    plan2 = Plan.objects.create(year=2025, title="玉环 2025 重点工作", issuer=district2)
    Task.objects.create(plan=plan2, number="1", text="玉环的任务", lead_unit=unit_c)
    import datetime

    Round.objects.create(
        plan=plan2, name="玉环第一季度", as_of=datetime.date(2025, 3, 31), due=datetime.date(2099, 4, 10)
    )
    world.city = city
    world.district2 = district2
    world.unit_c = unit_c
    world.office2 = make_user("office2", district2, User.Role.OFFICE)
    world.filler_c = make_user("filler_c", unit_c, User.Role.FILLER)
    world.city_office = make_user("city_office", city, User.Role.OFFICE)
    return world


def test_tree_keeps_paths_and_bureaus_when_re_parented(levels):
    w = levels
    for unit in (w.bureau, w.unit_a, w.unit_b, w.unit_c):
        unit.refresh_from_db()
    assert w.unit_a.path == f"/{w.city.pk}/{w.bureau.pk}/{w.unit_a.pk}/"
    assert w.unit_a.bureau == w.bureau and w.unit_c.bureau == w.district2
    assert w.bureau.district() == w.bureau and w.city.district() == w.city
    assert set(w.city.districts()) == {w.bureau, w.district2}
    assert w.city.subtree_ids() >= {w.unit_a.pk, w.unit_b.pk, w.unit_c.pk}
    assert w.unit_c.pk not in w.bureau.subtree_ids()
    with pytest.raises(ValueError):
        w.city.parent = w.unit_a
        w.city.save()


def test_office_scope_is_the_offices_own_subtree(levels):
    w = levels
    units = Unit.objects.all()
    assert set(office_scope(w.office, units, "pk")) == set(w.bureau.subtree())
    assert w.unit_c not in office_scope(w.office, units, "pk")
    assert w.unit_a not in office_scope(w.office2, units, "pk")
    assert {w.unit_a, w.unit_c} <= set(office_scope(w.city_office, units, "pk"))
    assert sees_unit(w.city_office, w.unit_c) and not sees_unit(w.office2, w.unit_a)
    assert manages(w.office, w.bureau) and not manages(w.city_office, w.bureau) and manages(w.city_office, w.city)
    assert list(office_scope(w.filler_a, units, "pk")) == []


def _forged():
    return {
        "completion": "越权写入",
        "text": "越权",
        "comment": "越权",
        "filler_name": "x",
        "contact": "x",
        "version": 1,
        "action": "lock",
        "name": "越权单位",
        "title": "越权",
        "year": 2025,
        "decision": "granted",
        "display_name": "越权",
    }


@pytest.mark.parametrize("role", ["office2", "filler_c"])
def test_every_url_refuses_another_districts_users(levels, owned_by_a, client, role):  # noqa: F811
    client.force_login(getattr(levels, role))
    before = snapshot()
    checked = 0
    for name, route, _entry in all_patterns():
        if name in ("logout", "set_language", "login") or name in PUBLIC:
            continue
        url = build_url(route, owned_by_a)
        takes_id = bool(re.search(r"<(?:\w+:)?\w+>", route))
        get = client.get(url)
        if takes_id and name != "documents:rollup_css":
            assert get.status_code in (403, 404, 405), f"GET {url} ({name}) gave {get.status_code} to {role}"
            post = client.post(url, {**_forged(), "task": owned_by_a["task_id"]})
            assert post.status_code in (403, 404), f"POST {url} ({name}) gave {post.status_code} to {role}"
            checked += 1
        else:
            assert get.status_code in (200, 302, 403, 404, 405), f"GET {url} ({name}) gave {get.status_code} to {role}"
            if get.status_code == 200 and get.get("Content-Type", "").startswith("text/html"):
                page = get.content.decode()
                for secret in A_SECRETS + ("测试区卫生健康局", "区疾控中心"):
                    assert secret not in page, f"{url} ({name}) shows {secret!r} to {role}"
    assert checked >= 20
    assert snapshot() == before


def test_every_url_lets_the_city_office_read_but_not_change_a_districts_work(levels, owned_by_a, client):  # noqa: F811
    client.force_login(levels.city_office)
    before = snapshot()
    for name, route, _entry in all_patterns():
        if name in ("logout", "set_language", "login"):
            continue
        url = build_url(route, owned_by_a)
        get = client.get(url)
        assert get.status_code in (200, 302, 400, 403, 404, 405), (
            f"GET {url} ({name}) gave {get.status_code} to the city office"
        )
        if re.search(r"<(?:\w+:)?\w+>", route):
            post = client.post(url, {**_forged(), "task": owned_by_a["task_id"]})
            assert post.status_code in (200, 302, 400, 403, 404, 405), f"POST {url} ({name}) gave {post.status_code}"
    assert snapshot() == before
    for url in (
        f"/plans/{owned_by_a['plan_id']}/",
        f"/rounds/{owned_by_a['round_id']}/",
        f"/submissions/{owned_by_a['submission_id']}/",
    ):
        assert client.get(url).status_code == 200, url


def test_lists_show_each_office_its_own_district(levels, owned_by_a, client):  # noqa: F811
    w = levels
    client.force_login(w.office2)
    plans = client.get("/plans/").content.decode()
    assert "玉环 2025 重点工作" in plans and "A 单位专项计划" not in plans and "2025年重点工作" not in plans
    units = client.get("/units/").content.decode()
    assert "玉环市卫生健康局" in units and "区疾控中心" not in units
    users = client.get("/units/users/").content.decode()
    assert "filler_c" in users and "filler_a" not in users
    client.force_login(w.city_office)
    plans = client.get("/plans/").content.decode()
    assert "玉环 2025 重点工作" in plans and "A 单位专项计划" in plans


def test_to_do_of_a_district_office_holds_only_its_rounds(levels, owned_by_a):  # noqa: F811
    from supervision import todo

    w = levels
    submission = Submission.objects.get(pk=owned_by_a["submission_id"])
    submission.sign(w.signer_a)
    assert submission in todo.for_office(w.office).to_review
    assert submission not in todo.for_office(w.office2).to_review
    assert submission not in todo.for_office(w.city_office).to_review  # the district reviews its own
    assert todo.counts(w.office2)["todo"] == 0


def test_a_district_office_imports_units_under_its_own_district(levels):
    from documents.services import unit_named

    w = levels
    assert unit_named("医政医管科", parent=w.district2) == w.unit_c
    assert unit_named("医政医管科", parent=w.bureau) == w.unit_a
    fresh = unit_named("区疾控中心", parent=w.district2)
    assert fresh != w.unit_b and fresh.bureau == w.district2


def test_rebuild_tree_after_bulk_create(levels):
    w = levels
    made = Unit.objects.bulk_create([Unit(name=f"批量{i}", parent=w.district2) for i in range(3)])
    assert all(not u.path for u in Unit.objects.filter(pk__in=[u.pk for u in made]))
    Unit.rebuild_tree()
    for unit in Unit.objects.filter(pk__in=[u.pk for u in made]):
        assert unit.path.startswith(w.district2.path) and unit.bureau_id == w.district2.pk
    assert set(office_scope(w.office2, Unit.objects.all(), "pk")) >= set(made)


def test_search_finds_only_what_lies_under_the_office(levels):
    """A district office never finds another district's work; the city office finds both districts."""
    from conftest import fill_ready
    from filings.models import Submission
    from search import index
    from search.query import search

    w = levels
    fill_ready(
        Submission.objects.open_for(w.round, w.unit_a).filings.get(task=w.tasks[0]),
        w.filler_a,
        completion="椒江新增托位336个。",
    )
    plan2_round = Round.objects.get(name="玉环第一季度")
    fill_ready(
        Submission.objects.open_for(plan2_round, w.unit_c).filings.get(), w.filler_c, completion="玉环新增托位120个。"
    )
    index.rebuild()

    def found(user):
        return {h.entry.body for h in search(user, "托位").hits}

    assert any("玉环新增托位" in b for b in found(w.office2)) and not any("椒江新增托位" in b for b in found(w.office2))
    assert any("椒江新增托位" in b for b in found(w.office)) and not any("玉环新增托位" in b for b in found(w.office))
    city = found(w.city_office)
    assert any("椒江新增托位" in b for b in city) and any("玉环新增托位" in b for b in city)


def test_indicator_trends_show_a_district_only_its_own_indicators(levels, client):
    from plans.models import Indicator

    w = levels
    yuhuan_task = Task.objects.get(text="玉环的任务")
    Indicator.objects.create(task=yuhuan_task, subject="玉环专属指标", target_value=50, unit="个", comparator="add")
    Indicator.objects.create(task=w.tasks[1], subject="椒江专属指标", target_value=60, unit="个", comparator="add")
    client.force_login(w.office2)
    page = client.get("/reports/indicators/").content.decode()
    assert "玉环专属指标" in page and "椒江专属指标" not in page
    assert client.get("/reports/indicators/trend/", {"subject": "椒江专属指标"}).status_code == 404
    client.force_login(w.city_office)
    page = client.get("/reports/indicators/").content.decode()
    assert "玉环专属指标" in page and "椒江专属指标" in page
