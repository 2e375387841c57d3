"""300 tasks × 300-character texts in every format (PDF once: it is slow)."""

import io
import re
import subprocess

from docx import Document
from openpyxl import load_workbook

from docrender import render_docx, render_html, render_pdf, render_xlsx
from docrender.tests import samples
from docrender.tests.conftest import require_tool

N, L = 300, 300


def test_bulk_docx_xlsx_html_all_kinds():
    for doc in (samples.big_form(N, L), samples.big_status(N, L), samples.big_plan(N, L)):
        d = Document(io.BytesIO(render_docx(doc)))
        assert d.paragraphs or d.tables
        load_workbook(io.BytesIO(render_xlsx(doc)))
        html = render_html(doc)
        assert html.count(samples.filler_text(N - 1, L)) == 1


def test_bulk_pdf_form(tmp_path, artifacts_dir):
    doc = samples.big_form(N, L)
    pdf = render_pdf(doc)
    assert pdf.startswith(b"%PDF") and len(pdf) > 100_000
    pdftotext = require_tool("pdftotext")
    src = tmp_path / "big.pdf"
    src.write_bytes(pdf)
    text = subprocess.run([pdftotext, "-raw", str(src), "-"], capture_output=True, timeout=120).stdout.decode()
    flat = re.sub(r"—\s*\d+\s*—", "", "".join(text.split()))
    # every task's first 20 characters, and the last completion text
    for row in doc.rows:
        assert "".join(row.task.split())[:20] in flat
    (artifacts_dir / "big-form.pdf").write_bytes(pdf)
