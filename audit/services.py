"""The audit page's read model: filtering and the .xlsx / CSV export."""

import csv
import datetime
import io

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Event

COLUMNS = [
    "id",
    "at",
    "username",
    "user_id",
    "address",
    "kind",
    "action",
    "object_type",
    "object_id",
    "object_repr",
    "outcome",
    "details",
    "hash",
]


class BadFilter(ValueError):
    """A filter the user typed that cannot be read (a date)."""


def filtered(params):
    """Events matching the page's filters: user (login name or id), kind, from/to dates, object (type, id or text)."""
    events = Event.objects.order_by("-pk")
    user = (params.get("user") or "").strip()
    if user:
        events = events.filter(
            Q(username__icontains=user) | Q(user_id=int(user)) if user.isdigit() else Q(username__icontains=user)
        )
    kind = (params.get("kind") or "").strip()
    if kind:
        events = events.filter(kind=kind)
    for name, lookup, shift in (("from", "at__gte", 0), ("to", "at__lt", 1)):
        value = (params.get(name) or "").strip()
        if value:
            try:
                day = datetime.date.fromisoformat(value)
            except ValueError as exc:
                raise BadFilter(_("日期“%(value)s”无效，请按 年-月-日 填写。") % {"value": value[:20]}) from exc
            moment = timezone.make_aware(
                datetime.datetime.combine(day + datetime.timedelta(days=shift), datetime.time())
            )
            events = events.filter(**{lookup: moment})
    obj = (params.get("object") or "").strip()
    if obj:
        events = events.filter(Q(object_type__icontains=obj) | Q(object_id=obj) | Q(object_repr__icontains=obj))
    return events


def headers():
    return [
        _("编号"),
        _("时间"),
        _("登录名"),
        _("用户编号"),
        _("地址"),
        _("事件"),
        _("操作"),
        _("对象类型"),
        _("对象编号"),
        _("对象"),
        _("结果"),
        _("详情"),
        _("哈希"),
    ]


def _row(event):
    import json

    return [
        event.pk,
        timezone.localtime(event.at).strftime("%Y-%m-%d %H:%M:%S"),
        event.username,
        event.user_id or "",
        event.address,
        event.get_kind_display(),
        event.action,
        event.object_type,
        event.object_id,
        event.object_repr,
        event.get_outcome_display(),
        json.dumps(event.details, ensure_ascii=False) if event.details else "",
        event.hash,
    ]


def _safe(value):
    """No spreadsheet formula from a logged value (a login name typed as =HYPERLINK(...))."""
    return "'" + value if isinstance(value, str) and value[:1] in ("=", "+", "-", "@") else value


def to_csv(events):
    out = io.StringIO()
    out.write("\ufeff")  # Excel opens UTF-8 CSV with Chinese correctly
    writer = csv.writer(out)
    writer.writerow(headers())
    for event in events.iterator(chunk_size=2000):
        writer.writerow([_safe(v) for v in _row(event)])
    return out.getvalue().encode("utf-8")


def to_xlsx(events):
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(_("安全审计"))
    ws.append(headers())
    for event in events.iterator(chunk_size=2000):
        ws.append([_safe(v) for v in _row(event)])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
