"""The round exports list each row's 佐证材料 by name, in a column that appears only when a row has evidence."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from conftest import fill_ready
from documents import exports
from evidence.services import attach, remove
from filings.models import Submission


@pytest.fixture
def approved(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    submission = Submission.objects.open_for(world.round, world.unit_a)
    filings = list(submission.filings.order_by("task__order"))
    for f in filings:
        fill_ready(f, world.filler_a)
    attach(world.filler_a, filings[0], SimpleUploadedFile("现场照片.pdf", b"%PDF-1.4\n%%EOF\n"))
    attach(world.filler_a, filings[0], SimpleUploadedFile("合同.pdf", b"%PDF-1.4\n%%EOF\n1"))
    gone = attach(world.filler_a, filings[1], SimpleUploadedFile("作废.pdf", b"%PDF-1.4\n%%EOF\n2"))
    remove(world.filler_a, gone)
    submission.submit(world.filler_a, "张三", "123")
    submission.sign(world.signer_a)
    submission.approve(world.office)
    return world


def test_status_table_and_filing_form_list_the_files_by_name(approved):
    for build in (exports.status_table, exports.filing_form):
        document = build(approved.round)
        assert [r.evidence for r in document.rows] == ["现场照片.pdf、合同.pdf", "", ""]
        html = exports.render(document, "html").decode()
        assert "佐证材料" in html and "现场照片.pdf、合同.pdf" in html and "作废.pdf" not in html
    import openpyxl

    sheet = openpyxl.load_workbook(io.BytesIO(exports.render(exports.filing_form(approved.round), "xlsx"))).active
    assert "现场照片.pdf、合同.pdf" in [c.value for row in sheet.iter_rows() for c in row]


def test_without_evidence_the_tables_keep_their_official_columns(world):
    html = exports.render(exports.status_table(world.round), "html").decode()
    assert "佐证材料" not in html


def test_the_published_table_never_names_the_evidence(approved):
    from publishing.services import round_table

    table = round_table(approved.round)
    assert [r.evidence for r in table.rows] == ["", "", ""] and table.rows[0].completion == "已完成阶段任务。"
    assert "佐证材料" not in exports.render(table, "html").decode()
