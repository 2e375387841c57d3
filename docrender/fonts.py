"""Font names (.docx/.xlsx) and CSS font stacks (HTML for the browser and its print).

.docx/.xlsx name the Windows fonts the recipients have (仿宋_GB2312, 黑体,
方正小标宋简体).  The PDF is typeset on the server by Typst
(:mod:`docrender.typst_render`), where those fonts are usually absent: it falls
back to Debian's Noto CJK, as the CSS stacks do.  An operator may drop licensed
TTF/OTF files into ``$DUBAN_FONTS_DIR``: the PDF compiler reads that folder, and
the HTML declares them with @font-face under their own family names, so a file
whose family is 仿宋_GB2312 wins over the fallback.
"""

from __future__ import annotations

import contextlib
import functools
import os
from pathlib import Path

DOCX_BODY = "仿宋_GB2312"
DOCX_HEI = "黑体"
DOCX_TITLE = "方正小标宋简体"
DOCX_KAI = "楷体_GB2312"
DOCX_PAGE_NUMBER = "宋体"

FONTS_DIR_ENV = "DUBAN_FONTS_DIR"

CSS_BODY = '"仿宋_GB2312", "FangSong_GB2312", "仿宋", "FangSong", "STFangsong", "Noto Serif CJK SC", "Source Han Serif SC", serif'
CSS_HEI = '"黑体", "SimHei", "Noto Sans CJK SC", "Source Han Sans SC", sans-serif'
CSS_TITLE = '"方正小标宋简体", "方正小标宋_GBK", "FZXiaoBiaoSong-B05S", "小标宋", "Noto Serif CJK SC", "Source Han Serif SC", serif'
CSS_SONG = '"宋体", "SimSun", "Noto Serif CJK SC", serif'

_FONT_SUFFIXES = {".ttf", ".otf", ".ttc", ".otc"}


def fonts_dir() -> Path | None:
    raw = os.environ.get(FONTS_DIR_ENV, "").strip()
    if not raw:
        return None
    p = Path(raw)
    return p if p.is_dir() else None


@functools.lru_cache(maxsize=8)
def _scan(path: str, mtime: float) -> tuple[tuple[str, str], ...]:
    """(family, file url) pairs for every font file in ``path``."""
    try:
        from fontTools.ttLib import TTCollection, TTFont
    except ImportError:  # pragma: no cover - fonttools is a runtime requirement
        TTCollection = TTFont = None
    out: list[tuple[str, str]] = []
    for f in sorted(Path(path).iterdir()):
        if f.suffix.lower() not in _FONT_SUFFIXES or not f.is_file():
            continue
        families: set[str] = set()
        if TTFont is not None:
            try:
                if f.suffix.lower() in (".ttc", ".otc"):
                    fonts = TTCollection(str(f), lazy=True).fonts
                else:
                    fonts = [TTFont(str(f), lazy=True)]
                for font in fonts:
                    for rec in font["name"].names:
                        if rec.nameID in (1, 16):
                            with contextlib.suppress(Exception):
                                families.add(rec.toUnicode().strip())
            except Exception:
                families = set()
        if not families:
            families = {f.stem}
        for fam in sorted(x for x in families if x):
            out.append((fam, f.resolve().as_uri()))
    return tuple(out)


def font_faces() -> list[tuple[str, str]]:
    d = fonts_dir()
    if d is None:
        return []
    try:
        mtime = d.stat().st_mtime
    except OSError:
        return []
    return list(_scan(str(d), mtime))


def font_face_css() -> str:
    rules = []
    for family, url in font_faces():
        fam = family.replace("\\", "\\\\").replace('"', '\\"')
        rules.append(f'@font-face {{ font-family: "{fam}"; src: url("{url}"); }}')
    return "\n".join(rules)


def has_licensed_title_font() -> bool:
    return any("小标宋" in fam or "XiaoBiaoSong" in fam for fam, _ in font_faces())
