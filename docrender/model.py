"""Plain data classes describing the three document kinds docrender can write.

The Django app builds these from its models; nothing here knows about Django.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass
class FormRow:
    category: str
    task: str
    completion: str
    completed: bool | None
    reason: str
    unit: str
    evidence: str = ""  # 佐证材料: the attached files' names, joined with 、
    co_units: str = ""  # 配合单位, joined with 、 (the unit cell then reads 牵头：X；配合：Y)
    number: str = ""  # the task's number: it leads the 目标任务 cell (3.…), the form having no 序号 column


@dataclass
class UnitMeta:
    """One reporting unit's sign-off on a round-wide 填报表."""

    unit: str
    signer: str = ""
    filler: str = ""
    contact: str = ""
    filed_on: date | None = None


@dataclass
class FilingForm:
    """填报表 — the per-unit completion form (category merged vertically).

    A round-wide form (the whole bureau) lists each unit's 签发人 / 填报人 / 联系方式 / 填报时间
    in ``units`` instead of the single sign-off lines.
    """

    title: str
    rows: list[FormRow]
    attachment_label: str = ""  # e.g. "附件2"
    unit_name: str = ""
    signer: str = ""
    filler: str = ""
    contact: str = ""
    filed_on: date | None = None
    units: list[UnitMeta] = field(default_factory=list)


@dataclass
class StatusRow:
    number: str
    task: str
    completion: str
    problems: str
    self_assessment: str  # "ahead" / "on_track" / "behind" / ""
    lead_unit: str
    evidence: str = ""  # 佐证材料: the attached files' names, joined with 、
    co_units: str = ""  # 配合单位, joined with 、 (the 牵头单位 cell then reads 牵头：X；配合：Y)


@dataclass
class StatusTable:
    """重点工作完成情况表 — the quarterly status table."""

    title: str
    as_of: date | None
    rows: list[StatusRow]
    subtitle: str = ""


@dataclass
class PlanTask:
    number: str
    text: str
    lead_unit: str = ""  # 牵头单位
    co_units: str = ""  # 配合单位, joined with 、
    deadline: date | None = None  # 完成时限


@dataclass
class PlanSection:
    label: str  # e.g. "一、"
    title: str
    tasks: list[PlanTask] = field(default_factory=list)


@dataclass
class PlanDocument:
    """工作要点 — the yearly work plan."""

    title: str
    intro: str
    sections: list[PlanSection]
    issuer: str = ""
    issued_on: date | None = None


Document = FilingForm | StatusTable | PlanDocument
