"""Downloading the official tables from the browser: round, one unit's submission, plan."""

import io

import pytest
from django.urls import reverse

from conftest import fill_ready
from filings.models import Submission


@pytest.fixture
def filed(world):
    submission = Submission.objects.open_for(world.round, world.unit_a)
    for filing in submission.filings.all():
        fill_ready(
            filing,
            world.filler_a,
            completion=f"任务{filing.task.number}的进展=SUM(A1)",
            self_assessment="behind",
            problems="资金未到位",
        )
    submission.submit(world.filler_a, "王婧", "0576-89025399")
    submission.sign(world.signer_a)
    submission.approve(world.office)  # official tables hold approved work only
    return submission


def test_office_downloads_the_round_status_table_as_docx(world, filed, login):
    from docx import Document

    response = login(world.office).get(
        reverse("documents:export_round", args=[world.round.pk, "docx"]) + "?layout=status"
    )
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"] and ".docx" in response["Content-Disposition"]
    document = Document(io.BytesIO(response.content))
    header = [cell.text for cell in document.tables[0].rows[0].cells]
    assert header[0] == "序号" and "截止4月15日" in header[2] and "牵头单位" in header[-1]
    body = "\n".join(cell.text for row in document.tables[0].rows[1:] for cell in row.cells)
    assert "任务1的进展=SUM(A1)" in body and "滞后" in body and "医政医管科" in body


def test_office_downloads_the_round_filing_form_as_xlsx_with_text_kept_as_text(world, filed, login):
    from openpyxl import load_workbook

    response = login(world.office).get(
        reverse("documents:export_round", args=[world.round.pk, "xlsx"]) + "?layout=form"
    )
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = [c for row in sheet.iter_rows() for c in row if isinstance(c.value, str) and "进展=SUM" in c.value]
    assert cells and all(c.data_type == "s" for c in cells)
    values = [c.value for row in sheet.iter_rows() for c in row if c.value]
    assert "完善健康服务体系" in values


def test_unit_downloads_its_own_filing_form_as_pdf(world, filed, login):
    response = login(world.filler_a).get(reverse("documents:export_submission", args=[filed.pk, "pdf"]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


def test_another_unit_cannot_download_the_submission(world, filed, login):
    assert login(world.filler_b).get(reverse("documents:export_submission", args=[filed.pk, "docx"])).status_code == 404


def test_plan_downloads_as_docx_with_sections_and_tasks(world, login):
    from docx import Document

    response = login(world.office).get(reverse("documents:export_plan", args=[world.plan.pk, "docx"]))
    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert "2025年重点工作" in text and "完善健康服务体系" in text and "新增托位1900个。" in text


def test_unknown_format_or_layout_is_404(world, login):
    client = login(world.office)
    assert client.get(reverse("documents:export_round", args=[world.round.pk, "exe"])).status_code == 404
    assert (
        client.get(reverse("documents:export_round", args=[world.round.pk, "docx"]) + "?layout=bogus").status_code
        == 404
    )
