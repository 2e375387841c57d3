"""Round trip through LibreOffice: the files must open in an office suite.

Marked ``libreoffice``; without soffice they skip locally and FAIL when
CI=true (CI installs libreoffice-writer-nogui and libreoffice-calc-nogui).
"""

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from docrender import render_docx, render_xlsx
from docrender.tests import samples
from docrender.tests.conftest import in_ci, require_tool

pytestmark = pytest.mark.libreoffice


def _calc_installed(soffice: str) -> bool:
    program = Path(os.path.realpath(soffice)).parent
    return (program / "libsclo.so").exists() or (program / "sclo.dll").exists()


def _convert(soffice: str, files: list[Path], outdir: Path) -> None:
    profile = Path(tempfile.mkdtemp(prefix="lo-profile-"))
    try:
        subprocess.run(
            [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore", "--convert-to", "pdf", "--outdir", str(outdir), *map(str, files)],
            capture_output=True,
            timeout=180,
            check=False,
        )
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def _check_pdf(path: Path, must_contain: str) -> None:
    # LibreOffice's exit code lies: check the file and its text
    assert path.exists() and path.stat().st_size > 1000, f"{path.name} not produced"
    assert path.read_bytes().startswith(b"%PDF")
    pdftotext = require_tool("pdftotext")
    text = subprocess.run([pdftotext, str(path), "-"], capture_output=True, timeout=60).stdout.decode()
    assert must_contain in "".join(text.split())


def test_docx_converts(tmp_path, artifacts_dir):
    soffice = require_tool("soffice")
    docs = {"form": samples.jiaojiang_form(), "status": samples.yuhuan_status(), "plan": samples.jianggan_plan()}
    files = []
    for name, doc in docs.items():
        p = tmp_path / f"lo-{name}.docx"
        p.write_bytes(render_docx(doc))
        files.append(p)
    _convert(soffice, files, tmp_path)
    for name, doc in docs.items():
        out = tmp_path / f"lo-{name}.pdf"
        _check_pdf(out, "".join(doc.title.split()))
        shutil.copy(out, artifacts_dir / f"lo-{name}-docx.pdf")


def test_xlsx_converts(tmp_path, artifacts_dir):
    soffice = require_tool("soffice")
    if not _calc_installed(soffice):
        msg = "LibreOffice Calc (libreoffice-calc-nogui) not installed"
        if in_ci():
            pytest.fail(msg + " (CI=true: tests must not be skipped)")
        pytest.skip(msg)
    docs = {"form": samples.jiaojiang_form(), "status": samples.yuhuan_status(), "plan": samples.jianggan_plan()}
    files = []
    for name, doc in docs.items():
        p = tmp_path / f"lo-{name}.xlsx"
        p.write_bytes(render_xlsx(doc))
        files.append(p)
    _convert(soffice, files, tmp_path)
    for name, doc in docs.items():
        out = tmp_path / f"lo-{name}.pdf"
        _check_pdf(out, "".join(doc.title.split())[:10])
        shutil.copy(out, artifacts_dir / f"lo-{name}-xlsx.pdf")
