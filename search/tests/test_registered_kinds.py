"""What other apps register with the index, and the co-unit's 协办意见 — each scoped like the pages:
published 公开信息 (publishing) and 工作总结 paragraphs (reports) are found by the office of the issuing
level and the city above it, never by another district nor by a unit; a co-unit finds its own
协办意见 (not the lead's filing text), the lead unit and the office find it once on the filing."""

import datetime

import pytest
from django.test import override_settings

from conftest import make_user
from filings.models import Contribution, Round, Submission
from plans.models import Plan, Task
from publishing.tests.conftest import approve_round, make_publication, publish_now
from search.models import Entry
from search.query import search
from units.models import Unit, User


@pytest.fixture
def two_districts(world):
    """``world``'s bureau under a city, beside a second district with its own office, unit, plan and round."""
    city = Unit.objects.create(
        name="台州市卫生健康委员会", short_name="台州市卫健委", kind=Unit.Kind.CITY, division_code="331000"
    )
    world.bureau.parent = city
    world.bureau.save()
    district2 = Unit.objects.create(name="玉环市卫生健康局", kind=Unit.Kind.BUREAU, parent=city, order=2)
    unit_c = Unit.objects.create(name="医政医管科", parent=district2, order=1)
    plan2 = Plan.objects.create(year=2025, title="玉环 2025 重点工作", issuer=district2)
    world.task_c = Task.objects.create(plan=plan2, number="1", text="玉环新增托位120个。", lead_unit=unit_c)
    world.round2 = Round.objects.create(
        plan=plan2, name="玉环第一季度", as_of=datetime.date(2025, 3, 31), due=datetime.date(2099, 4, 10)
    )
    world.city, world.district2, world.unit_c = city, district2, unit_c
    world.office2 = make_user("office2", district2, User.Role.OFFICE)
    world.filler_c = make_user("filler_c", unit_c, User.Role.FILLER)
    world.city_office = make_user("city_office", city, User.Role.OFFICE)
    return world


def kinds_found(user, q, kind=None):
    return [h.entry.kind for h in search(user, q, {"kind": kind} if kind else None).hits]


@override_settings(DUBAN_PUBLISH_FORMATS=("docx",))
def test_a_published_table_is_found_by_its_office_and_the_city_only(two_districts):
    w = two_districts
    approve_round(w, completion_a="托位新增420个，普惠托育稳步推进。")
    publication = make_publication(w)
    assert not Entry.objects.filter(kind="publication").exists()  # a draft is not indexed
    publish_now(publication, w.office)
    entry = Entry.objects.get(kind="publication", object_id=publication.pk)
    assert entry.url == publication.get_absolute_url() and "已发布" in entry.context
    assert kinds_found(w.office, "普惠托育", "publication") == ["publication"]
    assert kinds_found(w.city_office, "普惠托育", "publication") == ["publication"]
    for outsider in (w.office2, w.filler_c, w.filler_a, w.signer_a):
        assert kinds_found(outsider, "普惠托育", "publication") == []
    publication.withdraw(w.office, "数据有误，重新发布。")
    entry.refresh_from_db()
    assert "已废止" in entry.context  # its office still finds it, marked withdrawn
    assert kinds_found(w.office, "普惠托育", "publication") == ["publication"]
    assert kinds_found(w.office2, "普惠托育", "publication") == []


def test_summary_paragraphs_are_found_by_the_issuing_office_and_follow_edits(two_districts):
    from reports.services import generate_summary

    w = two_districts
    approve_round(w, completion_a="托位新增420个，普惠托育稳步推进。")
    summary = generate_summary(w.plan, "year", w.office)
    assert Entry.objects.filter(kind="summary").count() == summary.paragraphs.exclude(text="").count() > 0
    hits = search(w.office, "普惠托育", {"kind": "summary"}).hits
    assert hits and all(h.entry.url.startswith(summary.get_absolute_url() + "#p-") for h in hits)
    assert kinds_found(w.city_office, "普惠托育", "summary")
    for outsider in (w.office2, w.filler_c, w.filler_a):
        assert kinds_found(outsider, "普惠托育", "summary") == []
    paragraph = summary.paragraphs.get(pk=hits[0].entry.object_id)
    assert paragraph.save_edit(w.office, paragraph.version, paragraph.text + "安宁疗护病区已开放。")
    assert kinds_found(w.office, "安宁疗护", "summary") == ["summary"]
    summary.delete()
    assert not Entry.objects.filter(kind="summary").exists()


def test_a_co_unit_finds_its_own_contribution_and_never_the_leads_filing(two_districts, login):
    w = two_districts  # unit_b is a co-unit of task 1, led by unit_a
    submission = Submission.objects.open_for(w.round, w.unit_a)
    filing = submission.filings.get(task=w.tasks[0])
    assert filing.save_edit(w.filler_a, filing.version, {"completion": "牵头单位的内部进展：托位选址已定。"})
    Contribution.objects.create(
        filing=filing, unit=w.unit_b, author=w.filler_b, text="疾控中心已完成托育机构卫生评价。"
    )

    # the co-unit: its own 协办意见, linked to its 配合单位 page (which it may open); not the lead's text
    hits = search(w.filler_b, "卫生评价").hits
    assert [h.entry.kind for h in hits] == ["cooperation"]
    assert login(w.filler_b).get(hits[0].entry.url).status_code == 200
    assert kinds_found(w.signer_b, "卫生评价") == ["cooperation"]
    assert kinds_found(w.filler_b, "选址") == []
    # the lead unit and the office: once, on the filing
    assert kinds_found(w.filler_a, "卫生评价") == ["contribution"]
    assert kinds_found(w.office, "卫生评价") == ["contribution"]
    assert kinds_found(w.city_office, "卫生评价") == ["contribution"]
    # another district, its unit: nothing
    assert kinds_found(w.office2, "卫生评价") == [] and kinds_found(w.filler_c, "卫生评价") == []


def test_rebuild_gives_the_same_registered_entries(two_districts):
    from reports.services import generate_summary
    from search import index

    w = two_districts
    approve_round(w)
    with override_settings(DUBAN_PUBLISH_FORMATS=("docx",)):
        publish_now(make_publication(w), w.office)
    generate_summary(w.plan, "year", w.office)
    filing = Submission.objects.open_for(w.round2, w.unit_c).filings.get()
    Contribution.objects.create(filing=filing, unit=w.unit_c, author=w.filler_c, text="本单位协办。")
    kinds = ("publication", "summary", "cooperation", "contribution")
    before = sorted(Entry.objects.filter(kind__in=kinds).values_list("kind", "object_id", "body", "url", "tokens"))
    index.rebuild(kinds)
    assert (
        sorted(Entry.objects.filter(kind__in=kinds).values_list("kind", "object_id", "body", "url", "tokens")) == before
    )
    assert {k for k, *_ in before} == set(kinds)


@override_settings(DUBAN_PUBLISH_FORMATS=("docx",))
def test_the_index_is_written_in_the_sites_language_whatever_the_user_reads(two_districts):
    from django.utils import translation

    w = two_districts
    approve_round(w, completion_a="托位新增420个。")
    publication = make_publication(w)
    with translation.override("en"):
        publish_now(publication, w.office)
    entry = Entry.objects.get(kind="publication", object_id=publication.pk)
    assert "已发布" in entry.context and "Published" not in entry.context
