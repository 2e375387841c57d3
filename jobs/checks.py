"""System check: a background worker is alive (``manage.py check`` warns duban.W001 when none has beaten recently)."""

from django.conf import settings
from django.core.checks import Warning
from django.db import DatabaseError, transaction
from django.utils.translation import gettext as _


def worker_heartbeat(app_configs=None, **kwargs):
    from .models import WorkerBeat

    try:
        with transaction.atomic():  # a savepoint: a failed query leaves an enclosing transaction usable
            alive = WorkerBeat.alive()
    except DatabaseError:  # not migrated yet, or no database to ask: nothing to say about workers
        return []
    if alive:
        return []
    return [
        Warning(
            _(
                "最近 %(seconds)s 秒内没有后台处理程序（manage.py db_worker）发出心跳：大文件导出、导入等后台任务会一直排队。"
            )
            % {"seconds": settings.DUBAN_WORKER_SILENT_SECONDS},
            hint=_("请在服务器上运行 manage.py db_worker（systemd 服务；scripts/start 会自动运行一个）。"),
            id="duban.W001",
        )
    ]
