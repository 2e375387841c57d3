"""Recording audit events: ``record(kind, ...)`` from anywhere (views, model methods, signals, commands).

Who and from which address are taken from the request being served (``AuditContextMiddleware`` keeps
it for the thread), unless given; a command has neither. The append runs in its own atomic block,
serialised on the chain row; inside an outer transaction the event commits or rolls back with it (a
step that failed leaves no record of success).
"""

import contextvars
import json

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from .addresses import client_address
from .models import GENESIS, Chain, Event, Kind, Outcome

_request = contextvars.ContextVar("audit_request", default=None)


class AuditContextMiddleware:
    """Keeps the request being served, so events recorded deep in a model method know who and where."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request.set(request)
        try:
            return self.get_response(request)
        finally:
            _request.reset(token)


def current_request():
    return _request.get()


def _who(request, user):
    if user is None and request is not None:
        candidate = getattr(request, "user", None)
        if candidate is not None and candidate.is_authenticated:
            user = candidate
    if user is None or not getattr(user, "is_authenticated", False):
        return None, ""
    return user.pk, user.get_username()


def _object(obj, object_type, object_id, object_repr):
    if obj is not None:
        object_type = object_type or f"{obj._meta.app_label}.{obj._meta.model_name}"
        object_id = object_id or str(obj.pk or "")
        object_repr = object_repr or str(obj)
    return (object_type or "")[:60], str(object_id or "")[:60], (object_repr or "")[:200]


def _lock_chain():
    chain = Chain.objects.select_for_update().filter(pk=1).first()
    if chain is None:
        Chain.objects.get_or_create(pk=1)
        chain = Chain.objects.select_for_update().get(pk=1)
    return chain


def record(
    kind,
    *,
    action="",
    obj=None,
    object_type="",
    object_id="",
    object_repr="",
    outcome=Outcome.SUCCESS,
    details=None,
    user=None,
    username="",
    request=None,
    at=None,
):
    """Append one event to the chain and return it.

    ``user`` defaults to the request's authenticated user; ``username`` names who tried when there is no
    user (a failed login). ``obj`` fills type, id and repr."""
    request = request if request is not None else current_request()
    user_id, login_name = _who(request, user)
    object_type, object_id, object_repr = _object(obj, object_type, object_id, object_repr)
    details = json.loads(json.dumps(details or {}, cls=DjangoJSONEncoder, ensure_ascii=False))
    with transaction.atomic():
        chain = _lock_chain()
        event = Event(
            at=at or timezone.now(),
            user_id=user_id,
            username=(login_name or username or "")[:150],
            address=client_address(request)[:45] if request is not None else "",
            kind=kind,
            action=action[:50],
            object_type=object_type,
            object_id=object_id,
            object_repr=object_repr,
            outcome=outcome,
            details=details,
            prev_hash=chain.head_hash,
        )
        event.hash = event.compute_hash()
        event.save()
        Chain.objects.filter(pk=1).update(head_hash=event.hash)
    return event


def record_export(request, obj=None, *, name="", fmt="", kind=Kind.EXPORT, **details):
    """The one call at every official export or download: what was taken, in which format, by whom."""
    return record(kind, action=name, obj=obj, request=request, details={"format": fmt, **details} if fmt else details)


def verify():
    """Walk the chain oldest first. Returns (checked count, first broken event or None, reason)."""
    chain = Chain.objects.filter(pk=1).first()
    expected_prev = chain.anchor_hash if chain else GENESIS
    checked = 0
    last = None
    for event in Event.objects.order_by("pk").iterator(chunk_size=2000):
        if event.prev_hash != expected_prev:
            return checked, event, "prev"
        if event.compute_hash() != event.hash:
            return checked, event, "hash"
        expected_prev = event.hash
        checked += 1
        last = event
    head = chain.head_hash if chain else GENESIS
    if last is not None and head != last.hash:
        return checked, None, "head"
    if last is None and chain is not None and head != chain.anchor_hash:
        return checked, None, "head"
    return checked, None, ""
