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


FONTCONF = Path(__file__).resolve().parents[2] / "scripts" / "fontconfig" / "65-duban-cjk.conf"


def _fontconfig(profile: Path) -> dict[str, str]:
    """The environment of a machine set up by scripts/setup: the system's fontconfig plus Duban's
    substitutes for the Windows 公文 fonts (installed there into conf.d)."""
    conf = profile / "fonts.conf"
    conf.write_text(
        f'<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd"><fontconfig>'
        f'<include>{FONTCONF}</include><include ignore_missing="yes">/etc/fonts/fonts.conf</include></fontconfig>',
        encoding="utf-8",
    )
    return {**os.environ, "FONTCONFIG_FILE": str(conf)}


def _convert(soffice: str, files: list[Path], outdir: Path) -> None:
    profile = Path(tempfile.mkdtemp(prefix="lo-profile-"))
    try:
        subprocess.run(
            [
                soffice,
                f"-env:UserInstallation={profile.as_uri()}",
                "--headless",
                "--norestore",
                "--convert-to",
                "pdf",
                "--outdir",
                str(outdir),
                *map(str, files),
            ],
            capture_output=True,
            timeout=180,
            check=False,
            env=_fontconfig(profile),
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


def _pdf_pages(path: Path) -> list[str]:
    text = subprocess.run([require_tool("pdftotext"), str(path), "-"], capture_output=True, timeout=60).stdout.decode()
    return ["".join(p.split()) for p in text.split("\f") if p.strip()]


def test_docx_serif_fallback_and_rows_split_in_libreoffice(tmp_path, artifacts_dir):
    """Where 仿宋_GB2312 / 方正小标宋简体 are missing LibreOffice shows Noto Serif CJK (not a sans face),
    and long rows break across pages: page 1 holds the first rows, not the title alone."""
    soffice = require_tool("soffice")
    long_rows = samples.big_status(6, 1400)
    files = {"plan": samples.jianggan_plan(), "long": long_rows}
    for name, doc in files.items():
        (tmp_path / f"fb-{name}.docx").write_bytes(render_docx(doc))
    _convert(soffice, [tmp_path / f"fb-{name}.docx" for name in files], tmp_path)
    plan_pdf = tmp_path / "fb-plan.pdf"
    _check_pdf(plan_pdf, "江干区卫生健康工作要点")
    fonts = subprocess.run([require_tool("pdffonts"), str(plan_pdf)], capture_output=True, text=True, timeout=60).stdout
    serif = [line for line in fonts.splitlines() if "NotoSerifCJK" in line]
    assert serif, fonts  # 仿宋_GB2312 (body) and 方正小标宋简体 (title) → Noto Serif CJK
    pages = _pdf_pages(tmp_path / "fb-long.pdf")
    first = long_rows.rows[0].completion
    assert "".join(first.split())[:16] in pages[0]  # the first row starts on page 1
    shutil.copy(tmp_path / "fb-long.pdf", artifacts_dir / "lo-long-rows-docx.pdf")
