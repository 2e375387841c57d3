"""目标考核的访问登记 — schemes, ledgers, score lines and 异议 by level.

An office reads the schemes of the levels in its scope (the city its districts') and changes only
its own level's (``need=ACT``); a unit's filler or signer reads the scheme of its own level and its
own ledger, and raises 异议 on its own lines; the office of the scheme's level answers them.
"""

from django.utils.translation import gettext as _

from units.access import ACT, READ, Forbidden, NotFound, get_in, manages, office_root, office_scope, unit_scope
from units.models import Unit

from .models import Objection, ScoreLine, ScoringScheme


def access_scheme(user, scheme_id, need=READ):
    schemes = ScoringScheme.objects.select_related("level")
    if getattr(user, "is_authenticated", False) and user.is_office:
        scheme = get_in(office_scope(user, schemes, "level"), pk=scheme_id)
        if need is ACT and not manages(user, scheme.level):
            raise Forbidden(_("只有本级督办员可以修改考核方案。"))
        return scheme
    if need is ACT or not getattr(user, "is_authenticated", False) or user.unit_id is None or user.level is None:
        raise NotFound(_("未找到，或不在您的权限范围内。"))
    return get_in(schemes.filter(level=user.level), pk=scheme_id)


def _ancestor_ids(unit):
    """The unit and every unit above it (its materialised path "/1/5/12/")."""
    return [int(pk) for pk in (unit.path or "").strip("/").split("/") if pk] or [unit.pk]


def schemes_scoring(unit):
    """Every scheme that may score ``unit``: its own level's and those of every level above it
    (the city's scheme scores its districts)."""
    return ScoringScheme.objects.filter(level_id__in=_ancestor_ids(unit)).select_related("level")


def access_ledger(user, scheme_id, unit_id):
    """A unit's ledger under a scheme. The unit is in the reader's scope (its own unit; an office its
    subtree); the scheme is one the reader may read, or one of a level above the unit that scores it —
    so a district office reads the city's ledger of its own district, never another district's."""
    unit = get_in(unit_scope(user, Unit.objects.all(), "pk"), pk=unit_id)
    scheme = ScoringScheme.objects.filter(pk=scheme_id).select_related("level").first()
    if scheme is None:
        raise NotFound(_("未找到，或不在您的权限范围内。"))
    if schemes_scoring(unit).filter(pk=scheme.pk).exists():
        return scheme, unit
    return access_scheme(user, scheme_id), unit


def speaks_for(user, unit_id):
    """Whether ``user`` answers for the scored unit: its filler or signer, or — for a district scored
    by the city — the district's own office. They raise 异议 on its lines."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_office:
        root = office_root(user)
        return not user.sees_everything and root is not None and root.pk == unit_id
    return user.unit_id == unit_id


def access_line(user, line_id):
    """A score line to dispute (异议)."""
    line = ScoreLine.objects.select_related("scheme", "unit").filter(pk=line_id).first()
    if line is None:
        raise NotFound(_("未找到，或不在您的权限范围内。"))
    access_ledger(user, line.scheme_id, line.unit_id)  # not the reader's to see: not found
    if not speaks_for(user, line.unit_id):
        raise Forbidden(_("只有本单位可以对本单位的考核明细提出异议。"))
    return line


def access_objection(user, objection_id):
    """An 异议 to answer: the office of the scheme's level."""
    objection = get_in(office_scope(user, Objection.objects.select_related("scheme__level"), "unit"), pk=objection_id)
    if not manages(user, objection.scheme.level):
        raise Forbidden(_("只有本级督办员可以答复异议。"))
    return objection
