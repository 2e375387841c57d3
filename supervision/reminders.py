"""催办 — remind units that owe filings, by e-mail and chat webhook, exactly once per step.

Steps for a unit owing a round (submission missing, draft or returned), counted from its due date
(the round's, or a granted extension's): ``before-N`` from N days before (DUBAN_REMIND_BEFORE_DAYS),
``due`` on the day, then ``overdue-M``, ``overdue-2M`` … every M days (DUBAN_REMIND_EVERY_DAYS).
Only the step reached today is sent (a run after a pause does not send the missed ones in a burst).
From the third step on (after two missed reminders) the unit's 签发人 is reminded too.

Each (unit, round, step, channel, recipient) is one ``Reminder`` row; the unique constraint makes
the insert the claim, so two workers (or two runs) never send the same reminder. Retries claim a
row with a conditional UPDATE. Between DUBAN_QUIET_START and DUBAN_QUIET_END nothing is sent: rows
are stored as ``held`` with ``next_try_at`` at the end of the quiet hours. A failed delivery is kept
as ``failed`` with its error and retried on a later run (up to DUBAN_REMIND_MAX_ATTEMPTS).
"""

from __future__ import annotations

import json
import logging
import urllib.error
import urllib.request
from collections import Counter
from datetime import datetime, time, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from filings.models import Round, Submission
from units.models import User

from .models import Reminder

log = logging.getLogger(__name__)
LEASE = timedelta(minutes=10)  # a row claimed by a worker that died is taken up again after this


# --- pure helpers -----------------------------------------------------------------------------------
def parse_hm(value):
    hours, minutes = (int(p) for p in str(value).split(":"))
    return time(hours, minutes)


def in_quiet_hours(moment_time, start=None, end=None):
    start = start or parse_hm(settings.DUBAN_QUIET_START)
    end = end or parse_hm(settings.DUBAN_QUIET_END)
    if start == end:
        return False
    if start < end:
        return start <= moment_time < end
    return moment_time >= start or moment_time < end


def quiet_release(local_now):
    """The end of the current quiet period (an aware datetime)."""
    end = parse_hm(settings.DUBAN_QUIET_END)
    release = local_now.replace(hour=end.hour, minute=end.minute, second=0, microsecond=0)
    if release <= local_now:
        release += timedelta(days=1)
    return release


def current_step(due, today, before=None, every=None):
    """The reminder step reached on ``today`` for a package due on ``due``, or None (too early)."""
    before = settings.DUBAN_REMIND_BEFORE_DAYS if before is None else before
    every = max(1, settings.DUBAN_REMIND_EVERY_DAYS if every is None else every)
    if today < due - timedelta(days=before):
        return None
    if today < due:
        return f"before-{before}"
    late = (today - due).days
    if late < every:
        return "due"
    return f"overdue-{late // every * every}"


# --- who and what ----------------------------------------------------------------------------------
def owing_units(round_):
    """(unit, submission or None) for every unit that leads tasks of the round and has not filed."""
    submissions = {s.unit_id: s for s in round_.submissions.all()}
    for unit in round_.owing_units().order_by("order", "name"):
        submission = submissions.get(unit.pk)
        if submission is None or submission.state in Submission.State.OWING:
            yield unit, submission


def recipients(unit, escalate):
    """[(channel, recipient)] for a unit: its fillers' and its own e-mail, its webhook; signers when escalated."""
    roles = [User.Role.FILLER] + ([User.Role.SIGNER] if escalate else [])
    emails = list(
        User.objects.filter(unit=unit, role__in=roles, is_active=True)
        .exclude(email="")
        .order_by("pk")
        .values_list("email", flat=True)
    )
    if unit.email:
        emails.append(unit.email)
    out, seen = [], set()
    for email in emails:
        if email.lower() not in seen:
            seen.add(email.lower())
            out.append((Reminder.Channel.EMAIL, email))
    if unit.webhook_url:
        out.append((Reminder.Channel.WEBHOOK, unit.webhook_url))
    return out


def message(reminder):
    round_, unit = reminder.round, reminder.unit
    due = round_.due
    link = (
        settings.DUBAN_SITE_URL.rstrip("/") + reverse("filings:round_mine", args=[round_.pk])
        if settings.DUBAN_SITE_URL
        else ""
    )
    step = reminder.step
    if step.startswith("before"):
        when = f"将于{due:%Y年%-m月%-d日}截止"
    elif step == "due":
        when = f"今天（{due:%Y年%-m月%-d日}）截止"
    elif step.startswith("overdue"):
        when = f"已于{due:%Y年%-m月%-d日}截止，已逾期{step.split('-')[1]}天"
    else:
        when = f"截止日期{due:%Y年%-m月%-d日}，督办员提醒尽快报送"
    text = (
        f"【督办提醒】{unit.name}：{round_.plan.title}·{round_.name}的目标任务填报{when}，请尽快完成填报、提交和签发。"
    )
    if reminder.escalated:
        text += "（本提醒已同时发送签发人）"
    if link:
        text += f"\n{link}"
    return f"督办提醒：{round_.name}填报", text


# --- delivery -----------------------------------------------------------------------------------------
def post_webhook(url, content):
    """POST a DingTalk / WeCom group-robot text message; raise on any failure."""
    if not url.lower().startswith(("http://", "https://")):
        raise ValueError("webhook 地址须为 http(s) / the webhook must be an http(s) URL")
    body = json.dumps({"msgtype": "text", "text": {"content": content}}, ensure_ascii=False).encode("utf-8")
    request = urllib.request.Request(
        url, data=body, method="POST", headers={"Content-Type": "application/json; charset=utf-8"}
    )
    with urllib.request.urlopen(request, timeout=settings.DUBAN_WEBHOOK_TIMEOUT) as response:  # noqa: S310 - scheme checked above
        payload = response.read(65536)
    try:
        data = json.loads(payload or b"{}")
    except ValueError:
        return
    if isinstance(data, dict) and data.get("errcode") not in (None, 0):
        raise RuntimeError(f"errcode {data.get('errcode')}: {data.get('errmsg', '')}")


def deliver(reminder, now):
    """Send one claimed reminder and record the outcome on its row."""
    subject, text = message(reminder)
    try:
        if reminder.channel == Reminder.Channel.EMAIL:
            send_mail(subject, text, settings.DEFAULT_FROM_EMAIL, [reminder.recipient])
        else:
            post_webhook(reminder.recipient, text)
    except Exception as exc:  # noqa: BLE001 - any failure is logged on the row and retried
        reminder.attempts += 1
        reminder.status = Reminder.Status.FAILED
        reminder.error = f"{type(exc).__name__}: {exc}"[:2000]
        retry = reminder.attempts < settings.DUBAN_REMIND_MAX_ATTEMPTS
        reminder.next_try_at = now + timedelta(minutes=settings.DUBAN_REMIND_RETRY_MINUTES) if retry else None
        log.warning("reminder %s to %s failed: %s", reminder.pk, reminder.recipient, reminder.error)
    else:
        reminder.attempts += 1
        reminder.status = Reminder.Status.SENT
        reminder.sent_at = now
        reminder.error = ""
        reminder.next_try_at = None
    reminder.save(update_fields=["attempts", "status", "error", "next_try_at", "sent_at"])
    return reminder.status


def _escalate(round_, unit, step):
    """After two missed automatic reminders the signer is reminded too."""
    earlier = (
        Reminder.objects.filter(round=round_, unit=unit)
        .exclude(step=step)
        .exclude(step__startswith="manual-")
        .exclude(status=Reminder.Status.CANCELLED)
        .values("step")
        .distinct()
        .count()
    )
    return earlier >= 2


class Results(Counter):
    """Counts of one pass (sent, held, failed, exists, …) and the units no reminder can reach.

    ``unreachable``: owing units with no e-mail address (their own or a filler's) and no webhook.
    They are a warning for the office, never a success: ``units`` counts only units reminded.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.unreachable = []

    def no_recipient(self, unit):
        if all(u.pk != unit.pk for u in self.unreachable):
            self.unreachable.append(unit)
        self["no_recipient"] = len(self.unreachable)


def queue(round_, unit, step, now, results, escalate=None):
    """Create (= claim) and send the rows of one step for one unit; existing rows are left alone.

    Returns False (and notes the unit in ``results.unreachable``) when the unit has nobody to send to.
    """
    local = timezone.localtime(now)
    quiet = in_quiet_hours(local.time())
    escalate = _escalate(round_, unit, step) if escalate is None else escalate
    targets = recipients(unit, escalate)
    if not targets:
        results.no_recipient(unit)
        return False
    for channel, recipient in targets:
        try:
            with transaction.atomic():
                reminder = Reminder.objects.create(
                    unit=unit,
                    round=round_,
                    step=step,
                    channel=channel,
                    recipient=recipient,
                    escalated=escalate,
                    status=Reminder.Status.HELD if quiet else Reminder.Status.SENDING,
                    next_try_at=quiet_release(local) if quiet else now + LEASE,
                )
        except IntegrityError:
            results["exists"] += 1
            continue
        if quiet:
            results["held"] += 1
        else:
            results[deliver(reminder, now)] += 1
    return True


def retry_due(now, results):
    """Send held rows after the quiet hours, retry failed ones and rows whose worker died."""
    if in_quiet_hours(timezone.localtime(now).time()):
        return
    candidates = Reminder.objects.filter(
        Q(status__in=[Reminder.Status.HELD, Reminder.Status.FAILED, Reminder.Status.SENDING]),
        next_try_at__lte=now,
        attempts__lt=settings.DUBAN_REMIND_MAX_ATTEMPTS,
    ).select_related("unit", "round__plan")
    for reminder in candidates:
        claimed = Reminder.objects.filter(
            pk=reminder.pk, status=reminder.status, attempts=reminder.attempts, next_try_at=reminder.next_try_at
        ).update(status=Reminder.Status.SENDING, next_try_at=now + LEASE)
        if not claimed:
            continue  # another worker took it
        reminder.status = Reminder.Status.SENDING
        if not reminder.step.startswith("manual-") and not _still_owing(reminder.round, reminder.unit_id):
            Reminder.objects.filter(pk=reminder.pk).update(status=Reminder.Status.CANCELLED, next_try_at=None)
            results["cancelled"] += 1
            continue
        results[deliver(reminder, now)] += 1


def _still_owing(round_, unit_id):
    if round_.locked:
        return False
    state = Submission.objects.filter(round=round_, unit=unit_id).values_list("state", flat=True).first()
    return state is None or state in Submission.State.OWING


def run(now=None):
    """One pass: retries first, then each open round's current step for every owing unit. Returns counts."""
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    results = Results()
    retry_due(now, results)
    for round_ in Round.objects.filter(locked=False).select_related("plan"):
        for unit, _submission in owing_units(round_):
            step = current_step(round_.due, today)
            if step is not None:
                queue(round_, unit, step, now, results)
    return results


def manual_targets(round_, units=None, now=None):
    """The owing units 一键催办 would remind now: the given ones, or every late one."""
    today = timezone.localtime(now or timezone.now()).date()
    wanted = {u.pk for u in units} if units is not None else None
    out = []
    for unit, submission in owing_units(round_):
        if wanted is not None and unit.pk not in wanted:
            continue
        if wanted is None and round_.light(submission, today) != "overdue":
            continue  # "all late units"
        out.append(unit)
    return out


def remind_now(round_, units=None, now=None, progress=None):
    """一键催办: remind the given (or all late) owing units now; step ``manual-<date>``, once a day.

    ``progress(done, total)`` is called after each unit (a background job reports it).
    """
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    results = Results()
    targets = manual_targets(round_, units, now)
    for done, unit in enumerate(targets, start=1):
        if queue(round_, unit, f"manual-{today.isoformat()}", now, results, escalate=False):
            results["units"] += 1
        if progress is not None:
            progress(done, len(targets))
    return results


def remind_summary(results):
    """一键催办's answer: what was sent, what waits for the morning, what failed and what had been sent today
    already — (level, text); never 已催办 when nothing went out. None when nobody was to be reminded."""
    from django.utils.translation import gettext as _

    sent, held, failed, exists = (results[k] for k in ("sent", "held", "failed", "exists"))
    morning = settings.DUBAN_QUIET_END
    extra = []
    if held:
        extra.append(_("夜间暂缓 %(n)s 条（%(time)s 后发送）") % {"n": held, "time": morning})
    if failed:
        extra.append(_("发送失败 %(n)s 条（将自动重试，见催办记录）") % {"n": failed})
    if exists:
        extra.append(_("今日已催办过 %(n)s 条（未重复发送）") % {"n": exists})
    tail = "；".join(extra)
    if sent:
        text = _("已催办 %(units)s 个单位：发送 %(sent)s 条") % {"units": results["units"], "sent": sent}
        return "success", text + ("；" + tail if tail else "") + "。"
    if held or failed:
        return ("error" if failed and not held else "info"), _("催办尚未发出：%(what)s。") % {"what": tail}
    if exists:
        return "info", _("今日已催办过这些单位，未重复发送（%(n)s 条）。") % {"n": exists}
    return None


def unit_settings_url(unit):
    """Where the office sets a unit's e-mail address and webhook (absolute when DUBAN_SITE_URL is set)."""
    return settings.DUBAN_SITE_URL.rstrip("/") + reverse("units:edit", args=[unit.pk])


def parse_now(value):
    moment = datetime.fromisoformat(value)
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment
