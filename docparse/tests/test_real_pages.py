"""Pages as bureaus really publish them (issue 25): every fixture of real_pages.py in every format it exists in,
read field by field against its labelled truth, and the preview needing no correction."""

from __future__ import annotations

import pytest

from docparse import parse_document

from .real_pages import PAGES, corrections, field_of, render

CASES = [(p, fmt) for p in PAGES for fmt in p.formats]
IDS = [f"{p.name}-{fmt}" for p, fmt in CASES]


def _parse(p, fmt):
    return parse_document(render(p, fmt), f"{p.name}.{fmt}")


@pytest.mark.parametrize("page,fmt", CASES, ids=IDS)
def test_real_page_tasks_read_field_by_field(page, fmt):
    r = _parse(page, fmt)
    if page.kind:
        assert r.kind == page.kind
    assert len(r.tasks) == len(page.tasks), [t.text for t in r.tasks]
    for got, want in zip(r.tasks, page.tasks, strict=False):
        for key, value in want.items():
            if key == "text":
                assert got.text.replace(",", "，") == value.replace(",", "，"), got.text
            else:
                assert field_of(r, got, key) == value, (key, got.text)


@pytest.mark.parametrize("page,fmt", CASES, ids=IDS)
def test_real_page_indicators_and_non_indicators(page, fmt):
    r = _parse(page, fmt)
    found = [(i.text, i.value, i.unit, i.comparator) for i in r.indicators]
    for want in page.indicators:
        assert want in found, (want, found)
    for i in r.indicators:
        assert r.text[i.start : i.end] == i.text
    for bad in page.not_indicators:
        pos = r.text.find(bad)
        while pos >= 0:
            hit = [i.text for i in r.indicators if i.start < pos + len(bad) and pos < i.end]
            assert not hit, (bad, hit)
            pos = r.text.find(bad, pos + 1)


@pytest.mark.parametrize("page,fmt", CASES, ids=IDS)
def test_real_page_preview_needs_no_correction(page, fmt):
    assert corrections(page, _parse(page, fmt)) == {
        "tasks_missed": 0,
        "false_tasks": 0,
        "fields": 0,
        "indicators_missed": 0,
        "false_indicators": 0,
    }


def test_furniture_lines_are_never_tasks():
    p = next(p for p in PAGES if p.name == "spaces_long_header")
    r = _parse(p, "txt")
    assert not any("索引号" in t.text or "字号" in t.text or "发布机构" in t.text for t in r.tasks)
    assert r.title == "龙湾区卫生健康局2024年第二季度重点工作推进情况"


def test_a_row_cut_off_where_the_page_ends_is_still_a_task():
    p = next(p for p in PAGES if p.name == "spaces_long_header")
    last = _parse(p, "txt").tasks[-1]
    assert (last.number, last.lead_unit, last.self_assessment) == ("32", "区卫健局", "on_track")
    assert last.units == ["区卫健局", "人口家庭科", "区教育局", "各街道"]


def test_a_co_unit_list_wrapped_onto_the_next_line_stays_one_cell():
    p = next(p for p in PAGES if p.name == "spaces_long_header")
    first = _parse(p, "txt").tasks[0]
    assert first.units == ["区卫健局", "区急救中心", "区发改局", "区财政局", "区自然资源局", "各街道"]
    assert "永兴分站" in first.completion


def test_every_page_exists_as_text_word_and_html():
    fmts = [f for _, f in CASES]
    assert fmts.count("txt") == fmts.count("docx") == fmts.count("html") == len(PAGES)
