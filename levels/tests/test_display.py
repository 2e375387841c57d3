"""What the city and district offices read shows labels and plain numbers (issue 21, items 4 and 7)."""

import re

from django.urls import reverse

from .fixtures import city, report_both  # noqa: F401  (fixture)


def test_district_report_page_shows_self_assessment_labels_not_codes(city, client):  # noqa: F811
    jj_report, yh_report = report_both(city)
    client.force_login(city.city_office)
    html = client.get(reverse("levels:report", args=[yh_report.pk]), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "滞后" in html
    assert "behind" not in html and "on_track" not in html
    html = client.get(reverse("levels:report", args=[jj_report.pk]), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "正常" in html and "on_track" not in html


def test_city_table_and_split_form_write_plain_numbers(city, client):  # noqa: F811
    report_both(city)
    client.force_login(city.city_office)
    table = client.get(
        reverse("levels:city", args=[city.city_round.pk]), HTTP_ACCEPT_LANGUAGE="zh-hans"
    ).content.decode()
    assert "<td>90</td>" in table and "<td>600</td>" in table
    assert not re.search(r"\d\.0000", table)
    form = client.get(reverse("levels:split", args=[city.beds.pk]), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert 'value="600"' in form and 'value="400"' in form
    assert not re.search(r"\d\.0000", form)


def test_sending_the_report_up_asks_first(city, client):  # noqa: F811
    """上报 freezes what is approved and sends it to the city: like every irreversible step, it asks first."""
    client.force_login(city.jj_office)
    page = client.get(reverse("levels:index"), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    form = re.search(r'<form method="post" action="/levels/rounds/\d+/send/"[^>]*>', page).group(0)
    assert 'data-confirm="确定上报？当前已审核的内容将被冻结并报送上级。"' in form


def test_the_city_row_says_which_districts_it_leaves_out(city, client):  # noqa: F811
    """Only 椒江 has reported: the 全市 figures are 椒江's alone, and the page and the documents say 玉环 is not in them."""
    from decimal import Decimal

    from levels import documents, services

    from .fixtures import approve_district_round

    approve_district_round(
        city.jj_round,
        city.jj,
        (city.jj_filler, city.jj_signer, city.jj_office),
        {city.jj_beds: Decimal(620), city.jj_rate: Decimal(92)},
    )
    services.approve(services.send_up(city.city_round, city.jj, city.jj_office), city.city_office)
    client.force_login(city.city_office)
    page = client.get(reverse("levels:city", args=[city.city_round.pk]), HTTP_ACCEPT_LANGUAGE="zh-hans")
    note = re.search(r'<p class="card warning" role="note">(.*?)</p>', page.content.decode()).group(1)
    assert note == f"全市行只合计有上报的区县，未计入：{city.yh.label}"
    table = services.wide_table(city.city_round)
    assert [d.pk for d in table.missing] == [city.yh.pk]
    assert f"全市行只合计有上报的区县，未计入：{city.yh.label}" in documents.wide_document(table).notes
    approve_district_round(
        city.yh_round, city.yh, (city.yh_filler, city.yh_signer, city.yh_office), {city.yh_beds: Decimal(380)}
    )
    services.approve(services.send_up(city.city_round, city.yh, city.yh_office), city.city_office)
    page = client.get(reverse("levels:city", args=[city.city_round.pk]), HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert "未计入" not in page.content.decode()
