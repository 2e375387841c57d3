"""The district → city exchange file: JSON (the frozen snapshot, keyed by city task ids, the
district's 行政区划代码, the city round and the snapshot hash) plus a readable .xlsx.

A district that runs its own Duban downloads its report; the city imports it (upload or
``manage.py import_upward FILE``) into the same place a report sent within Duban lands.
"""

import io
import json

from django.utils.translation import gettext as _
from openpyxl import Workbook

from filings.models import Round
from units.models import Unit

from . import services

MAX_BYTES = 2 * 1024 * 1024


class ExchangeError(Exception):
    pass


def to_json(report_or_snapshot):
    snapshot = getattr(report_or_snapshot, "snapshot", report_or_snapshot)
    envelope = {
        "format": "duban-upward/1",
        "city_round": snapshot["city_round"],
        "division_code": snapshot.get("division_code", ""),
        "district": snapshot.get("district", ""),
        "content_hash": services.content_hash(snapshot),
        "snapshot": snapshot,
    }
    return json.dumps(envelope, ensure_ascii=False, indent=2).encode("utf-8")


def to_xlsx(snapshot):
    wb = Workbook()
    ws = wb.active
    ws.title = "上报"
    ws.append(["市级轮次", str(snapshot["city_round"]), snapshot.get("city_round_name", "")])
    ws.append(["区县", snapshot.get("district", ""), "行政区划代码", snapshot.get("division_code", "")])
    ws.append(["内容校验值", services.content_hash(snapshot)])
    ws.append([])
    ws.append(["市级任务编号", "序号", "目标任务", "指标", "目标", "完成", "完成情况", "自评"])
    for task in snapshot["tasks"]:
        for ind in task["indicators"] or [{}]:
            ws.append(
                [
                    str(task["city_task"]),
                    task["number"],
                    task["text"],
                    ind.get("subject", ""),
                    ind.get("target") or "",
                    ind.get("actual") or "",
                    task["completion"],
                    task["self_assessment"],
                ]
            )
    for row in ws.iter_rows():
        for cell in row:
            if cell.value is not None:
                cell.data_type = "s"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def read(data, city):
    """Check an exchange file against ``city``: (city round, district, snapshot). Raises ExchangeError."""
    if len(data) > MAX_BYTES:
        raise ExchangeError(_("文件过大（上限 2 MB）。"))
    try:
        envelope = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise ExchangeError(_("不是有效的上报文件（JSON）。")) from None
    if (
        not isinstance(envelope, dict)
        or envelope.get("format") != "duban-upward/1"
        or not isinstance(envelope.get("snapshot"), dict)
    ):
        raise ExchangeError(_("不是有效的上报文件（JSON）。"))
    snapshot = envelope["snapshot"]
    if services.content_hash(snapshot) != envelope.get("content_hash"):
        raise ExchangeError(_("内容校验值不符：文件在上报后被改动过。"))
    if snapshot.get("city_round") != envelope.get("city_round") or snapshot.get("division_code") != envelope.get(
        "division_code"
    ):
        raise ExchangeError(_("文件的轮次或行政区划代码前后不一致。"))
    code = str(envelope.get("division_code") or "")
    district = Unit.objects.filter(parent=city, kind=Unit.Kind.BUREAU, division_code=code).first() if code else None
    if district is None:
        raise ExchangeError(_("本市没有行政区划代码为 %(code)s 的区县。") % {"code": code or "—"})
    round_id = envelope.get("city_round")
    city_round = Round.objects.filter(pk=round_id, plan__issuer=city).first() if isinstance(round_id, int) else None
    if city_round is None:
        raise ExchangeError(_("本市没有编号为 %(id)s 的轮次。") % {"id": round_id})
    tasks = snapshot.get("tasks")
    city_tasks = set(city_round.plan.tasks.values_list("pk", flat=True))
    if not isinstance(tasks, list) or not all(isinstance(t, dict) and t.get("city_task") in city_tasks for t in tasks):
        raise ExchangeError(_("文件中的任务不属于该市级轮次的计划。"))
    for task in tasks:
        if not isinstance(task.get("indicators"), list) or not isinstance(task.get("filed"), bool):
            raise ExchangeError(_("不是有效的上报文件（JSON）。"))
        for ind in task["indicators"]:
            if not isinstance(ind, dict):
                raise ExchangeError(_("不是有效的上报文件（JSON）。"))
            for key in ("target", "actual", "baseline"):
                if ind.get(key) not in (None, "") and services._dec(ind.get(key)) is None:
                    raise ExchangeError(_("指标数值无效：%(value)s") % {"value": str(ind.get(key))[:40]})
    return city_round, district, snapshot


def import_file(data, city, user):
    city_round, district, snapshot = read(data, city)
    try:
        return services.send_up(city_round, district, user, snapshot=snapshot, source="file")
    except services.LevelError as exc:
        raise ExchangeError(str(exc)) from exc
