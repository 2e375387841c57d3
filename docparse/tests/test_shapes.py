"""The shapes bureaus really send (issue 12): every fixture of shapes.py in every format it exists in."""

from __future__ import annotations

import pytest

from docparse import parse_document

from .shapes import SHAPES, render

CASES = [(s, fmt) for s in SHAPES for fmt in s.formats]


def _parse(shape, fmt):
    return parse_document(render(shape, fmt), f"{shape.name}.{fmt}")


def _section_of(result, task):
    for s in result.sections:
        if any(t is task for t in s.tasks):
            return s
    return None


@pytest.mark.parametrize("shape,fmt", CASES, ids=[f"{s.name}-{f}" for s, f in CASES])
def test_shape_tasks_read_field_by_field(shape, fmt):
    r = _parse(shape, fmt)
    if shape.kind:
        assert r.kind == shape.kind
    tasks = r.tasks
    assert len(tasks) == len(shape.tasks), [t.text for t in tasks]
    for got, want in zip(tasks, shape.tasks, strict=False):
        for key, value in want.items():
            if key == "section":
                assert _section_of(r, got).title == value
            elif key == "part":
                assert _section_of(r, got).part == value
            else:
                actual = getattr(got, key)
                if key == "units" and value is not None:
                    assert actual == value, (key, got.text)
                else:
                    assert actual == value, (key, got.text)
    for key, value in shape.extra.items():
        if key == "sections":
            assert [s.title for s in r.sections] == value
        else:
            assert getattr(r, key) == value


@pytest.mark.parametrize("shape,fmt", CASES, ids=[f"{s.name}-{f}" for s, f in CASES])
def test_shape_indicators_and_non_indicators(shape, fmt):
    r = _parse(shape, fmt)
    found = [(i.text, i.value, i.unit, i.comparator) for i in r.indicators]
    for want in shape.indicators:
        assert want in found, (want, found)
    for i in r.indicators:
        assert r.text[i.start : i.end] == i.text
    if shape.name == "not_indicators":
        assert found == []
    for bad in shape.not_indicators:
        pos = r.text.find(bad)
        while pos >= 0:
            hit = [i.text for i in r.indicators if i.start < pos + len(bad) and pos < i.end]
            assert not hit, (bad, hit)
            pos = r.text.find(bad, pos + 1)


def test_every_shape_has_a_fixture_in_each_format_it_exists_in():
    counts = {}
    for _s, fmt in CASES:
        counts[fmt] = counts.get(fmt, 0) + 1
    assert counts["txt"] >= 15 and counts["docx"] >= 18 and counts["html"] >= 15
