"""A 10 MB paste into a sheet row (issue 21, item 11): the row comes back saying the 300-字 limit, the text's
beginning kept in its textarea, nothing saved — not the generic 请求无效 page."""

from urllib.parse import urlencode

import lxml.html
import pytest
from django.urls import reverse

from filings.models import Submission

PASTE = "新增托位四百个。" * (10 * 1024 * 1024 // 24)  # 8 characters, 24 bytes in UTF-8: about 10 MB


@pytest.fixture
def row(world):
    submission = Submission.objects.open_for(world.round, world.unit_a)
    return submission.filings.get(task=world.tasks[0])


def _post(client, filing, **headers):
    prefix = f"f{filing.pk}"
    body = urlencode(
        {
            f"{prefix}-version": filing.version,
            f"{prefix}-completed": "",
            f"{prefix}-self_assessment": "",
            f"{prefix}-completion": PASTE,
        }
    )
    assert len(body) > 10 * 1024 * 1024
    return client.post(
        reverse("filings:sheet_row", args=[filing.pk]),
        body,
        content_type="application/x-www-form-urlencoded",
        **headers,
    )


def test_a_10_mb_paste_gets_the_row_back_with_the_limit_and_the_text_kept(world, row, login):
    client = login(world.filler_a)
    response = _post(client, row, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    assert "300字" in html and "未保存" in html and "请求无效" not in html
    doc = lxml.html.fromstring(html)
    kept = doc.xpath(f"//textarea[@name='f{row.pk}-completion']")[0].text_content()
    assert len(kept) > 1000 and PASTE.startswith(kept)
    assert doc.xpath("//article/@data-state") == ["error"]
    row.refresh_from_db()
    assert row.completion == "" and row.version == 0


def test_without_javascript_the_sheet_comes_back_with_the_row_kept(world, row, login):
    response = _post(login(world.filler_a), row)
    assert response.status_code == 413
    html = response.content.decode()
    assert "300字" in html and "新增托位四百个。新增托位四百个。" in html
    row.refresh_from_db()
    assert row.completion == ""


def test_someone_else_gets_no_row(world, row, login):
    response = _post(login(world.filler_b), row, HTTP_HX_REQUEST="true")
    assert response.status_code in (403, 404)
    assert "新增托位四百个" not in response.content.decode()
