"""Normalized document model and parse-result dataclasses (the stable Python API)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


# ---------------------------------------------------------------- reading model
@dataclass
class Paragraph:
    text: str
    start: int  # offset of text in Document.text
    end: int
    level: int | None = None  # Word outline level from the paragraph or its style (0 = 标题 1), else None

    @property
    def is_blank(self) -> bool:
        return not self.text.strip()


@dataclass
class Cell:
    text: str
    start: int
    end: int
    continued: bool = False  # vertically merged continuation (text copied from above, not in Document.text)


@dataclass
class Table:
    rows: list[list[Cell]]
    start: int = 0
    end: int = 0

    def texts(self) -> list[list[str]]:
        return [[c.text for c in row] for row in self.rows]


Block = Paragraph | Table


@dataclass
class Document:
    text: str  # raw text; every offset refers to it
    blocks: list[Block]
    format: str = "txt"
    norm: str = ""  # same-length NFKC-style normalized copy of text (see docparse.text.normalize)


# ---------------------------------------------------------------- parse result
@dataclass
class Indicator:
    text: str
    value: float | int | None
    unit: str | None
    comparator: str | None  # gte | lte | lt | gt | reach | add | None
    subject: str | None
    role: str | None  # target | actual | baseline
    start: int
    end: int
    scale: str | None = None  # "万"/"亿" when the value was scaled (25.39万人 -> 253900 人)
    approx: bool = False  # 余/多/约/左右
    baseline: float | int | None = None  # 基数, in base units (only a note of Duban's own exports states it)

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "value": self.value,
            "unit": self.unit,
            "comparator": self.comparator,
            "subject": self.subject,
            "role": self.role,
            "start": self.start,
            "end": self.end,
            "scale": self.scale,
            "approx": self.approx,
            "baseline": self.baseline,
        }


@dataclass
class Task:
    number: str | None = None
    label: str | None = None
    title: str | None = None
    text: str = ""
    lead_unit: str | None = None
    units: list[str] = field(default_factory=list)
    completion: str | None = None
    completed: bool | None = None
    reason: str | None = None
    problems: str | None = None
    self_assessment: str | None = None  # ahead | on_track | behind
    indicators: list[Indicator] = field(default_factory=list)
    start: int = 0
    end: int = 0
    deadline: str | None = None  # ISO date: （完成时限：6月底） / 年底前完成 / a 完成时限 column
    subsection: str | None = None  # title of the （一） sub-heading a numbered task sits under
    subsection_label: str | None = None  # "（一）"
    warnings: list[str] = field(default_factory=list)  # what did not fit in this row (cells, numbers)
    district: str | None = None  # a city's roll-up: the 区县 the row is about (全市 for the city's own total)

    def to_dict(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "label": self.label,
            "title": self.title,
            "text": self.text,
            "lead_unit": self.lead_unit,
            "units": list(self.units),
            "completion": self.completion,
            "completed": self.completed,
            "reason": self.reason,
            "problems": self.problems,
            "self_assessment": self.self_assessment,
            "deadline": self.deadline,
            "subsection": self.subsection,
            "subsection_label": self.subsection_label,
            "start": self.start,
            "end": self.end,
            "warnings": list(self.warnings),
            "district": self.district,
            "indicators": [i.to_dict() for i in self.indicators],
        }


@dataclass
class Section:
    title: str | None = None
    label: str | None = None
    tasks: list[Task] = field(default_factory=list)
    start: int = 0
    end: int = 0
    part: str | None = None  # 第一部分 heading above the section (four-level plans)
    part_label: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "label": self.label,
            "start": self.start,
            "end": self.end,
            "part": self.part,
            "part_label": self.part_label,
            "tasks": [t.to_dict() for t in self.tasks],
        }


@dataclass
class ParseResult:
    kind: str
    title: str | None = None
    org: str | None = None
    year: int | None = None
    as_of: str | None = None
    metadata: dict[str, str] = field(default_factory=dict)
    sections: list[Section] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
    unparsed: list[str] = field(default_factory=list)
    text: str = ""
    format: str = "txt"
    preamble: str | None = None  # a plan's opening paragraphs (总体思路 …) before its first heading
    unit_metadata: list[dict[str, str]] = field(default_factory=list)  # a round-wide form: each unit's 签发人/填报人 …

    @property
    def tasks(self) -> list[Task]:
        return [t for s in self.sections for t in s.tasks]

    def to_dict(self, with_text: bool = True) -> dict[str, Any]:
        d = {
            "kind": self.kind,
            "title": self.title,
            "org": self.org,
            "year": self.year,
            "as_of": self.as_of,
            "metadata": dict(self.metadata),
            "format": self.format,
            "sections": [s.to_dict() for s in self.sections],
            "indicators": [i.to_dict() for i in self.indicators],
            "unparsed": list(self.unparsed),
            "preamble": self.preamble,
            "unit_metadata": [dict(m) for m in self.unit_metadata],
        }
        if with_text:
            d["text"] = self.text
        return d
