"""生成下一年度计划草稿 offers only the plan's own bureau's units as lead units (issue 21, item 5)."""

import lxml.html

from units.models import Unit


def test_next_year_draft_offers_only_the_bureaus_own_units(world, client):
    city = Unit.objects.create(name="测试市卫生健康委员会", kind=Unit.Kind.CITY, order=0)
    world.bureau.parent = city
    world.bureau.save()
    other = Unit.objects.create(name="邻区卫生健康局", kind=Unit.Kind.BUREAU, parent=city, order=5)
    other_office = Unit.objects.create(name="邻区医政科", parent=other, order=1)
    client.force_login(world.office)
    url = f"/reports/plans/{world.plan.pk}/next-year/?fresh=1"
    doc = lxml.html.fromstring(client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans").content)
    offered = {
        o.text_content().strip() for o in doc.xpath("//select[contains(@name, 'lead_unit')]/option") if o.get("value")
    }
    assert {world.bureau.name, world.unit_a.name, world.unit_b.name} <= offered
    assert not offered & {city.name, other.name, other_office.name}
    post = {
        "title": "2026年重点工作",
        "year": 2026,
        "form-TOTAL_FORMS": 1,
        "form-INITIAL_FORMS": 0,
        "form-MIN_NUM_FORMS": 0,
        "form-MAX_NUM_FORMS": 500,
        "form-0-text": "新增一项任务。",
        "form-0-lead_unit": other_office.pk,
        "action": "save",
    }
    assert client.post(f"/reports/plans/{world.plan.pk}/next-year/", post).status_code == 400


def test_a_refused_generate_redirects_with_a_message(world, client):
    client.force_login(world.office)
    response = client.post(f"/reports/plans/{world.plan.pk}/generate/", {"period": "decade"}, follow=True)
    assert response.redirect_chain == [(f"/reports/plans/{world.plan.pk}/", 302)]
    assert "decade" in response.content.decode() or "选择" in response.content.decode()
