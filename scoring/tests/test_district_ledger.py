"""A district sees and disputes the score the city gives it: the city's ledger of 玉环 is readable by
玉环's office (not by 椒江's), 玉环 raises an 异议 on a city line, the city answers, and an accepted
异议 changes the score by an 调整 whose reason is the answer."""

import datetime
from decimal import Decimal

from django.urls import reverse

from scoring import services
from scoring.models import ManualItem, Objection, ScoreLine


def _city_line(w):
    scheme = services.scheme_for(w.city, 2025)
    line = ScoreLine.objects.create(
        scheme=scheme,
        key="returned:yh:1",
        unit=w.yh,
        on=datetime.date(2025, 7, 10),
        event="returned",
        rule="returned",
        points=Decimal("-2.00"),
    )
    return scheme, line


def test_a_district_office_reads_the_citys_ledger_of_itself_and_not_of_its_sibling(city, client):
    scheme, line = _city_line(city)
    client.force_login(city.yh_office)
    page = client.get(reverse("scoring:ledger", args=[scheme.pk, city.yh.pk]))
    assert page.status_code == 200 and "-2.00" in page.content.decode()
    assert client.get(reverse("scoring:ledger", args=[scheme.pk, city.jj.pk])).status_code == 404
    client.force_login(city.jj_office)
    assert client.get(reverse("scoring:ledger", args=[scheme.pk, city.yh.pk])).status_code == 404
    # the district's own ranking page links up to the city's ledger of it
    client.force_login(city.yh_office)
    ranking = client.get(reverse("scoring:index") + "?year=2025", follow=True).content.decode()
    assert reverse("scoring:ledger", args=[scheme.pk, city.yh.pk]) in ranking


def test_a_district_disputes_a_city_line_and_an_accepted_answer_adjusts_the_score(city, client):
    scheme, line = _city_line(city)
    before = services.ranking(scheme)[0]
    total_before = next(r.total for r in before if r.unit == city.yh)
    client.force_login(city.jj_office)  # the sibling district may not dispute 玉环's line
    assert client.post(reverse("scoring:object", args=[line.pk]), {"comment": "不是我们"}).status_code == 404
    client.force_login(city.yh_office)
    client.post(reverse("scoring:object", args=[line.pk]), {"comment": "退回系市级系统故障所致，请核减。"})
    objection = Objection.objects.get()
    assert objection.unit == city.yh and objection.line_points == Decimal("-2.00")
    client.force_login(city.yh_office)  # the district cannot answer its own 异议
    assert (
        client.post(
            reverse("scoring:answer", args=[objection.pk]), {"answer": "同意", "decision": "accept"}
        ).status_code
        == 403
    )
    client.force_login(city.city_office)
    client.post(
        reverse("scoring:answer", args=[objection.pk]), {"answer": "经核实属系统故障，予以核减。", "decision": "accept"}
    )
    objection.refresh_from_db()
    assert objection.state == Objection.State.ACCEPTED and objection.adjustment.points == Decimal("2.00")
    assert "经核实属系统故障" in ManualItem.objects.get().reason
    total_after = next(r.total for r in services.ranking(scheme)[0] if r.unit == city.yh)
    assert total_after == total_before + Decimal("2.00")
    client.force_login(city.yh_office)
    page = client.get(reverse("scoring:ledger", args=[scheme.pk, city.yh.pk])).content.decode()
    assert "已采纳" in page and "经核实属系统故障" in page


def test_an_answer_that_keeps_the_line_changes_nothing(city, client):
    scheme, line = _city_line(city)
    client.force_login(city.yh_office)
    client.post(reverse("scoring:object", args=[line.pk]), {"comment": "请复核"})
    client.force_login(city.city_office)
    client.post(
        reverse("scoring:answer", args=[Objection.objects.get().pk]), {"answer": "经复核，维持。", "decision": "keep"}
    )
    assert Objection.objects.get().state == Objection.State.ANSWERED and not ManualItem.objects.exists()


def test_the_ranking_opens_on_the_latest_year_with_rounds_and_offers_every_year(city, client):
    from plans.models import Plan

    Plan.objects.create(
        year=2026, kind=Plan.Kind.LIVELIHOOD, title="台州市2026年民生实事", issuer=city.city
    )  # imported, no round yet
    client.force_login(city.city_office)
    page = client.get(reverse("scoring:index"), follow=True).content.decode()
    assert "2025年度目标考核排名" in page and "?year=2026" in page
