"""目标考核的访问登记 — schemes, ledgers, score lines and 异议 by level.

An office reads the schemes of the levels in its scope (the city its districts') and changes only
its own level's (``need=ACT``); a unit's filler or signer reads the scheme of its own level and its
own ledger, and raises 异议 on its own lines; the office of the scheme's level answers them.
"""

from django.utils.translation import gettext as _

from units.access import ACT, READ, Forbidden, NotFound, get_in, manages, office_scope, unit_scope
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


def access_ledger(user, scheme_id, unit_id):
    """A unit's ledger under a scheme: the scheme and the unit, each in the reader's scope."""
    scheme = access_scheme(user, scheme_id)
    unit = get_in(unit_scope(user, Unit.objects.all(), "pk"), pk=unit_id)
    return scheme, unit


def access_line(user, line_id):
    """A score line its own unit disputes (异议): the unit's filler or signer."""
    line = get_in(unit_scope(user, ScoreLine.objects.select_related("scheme"), "unit"), pk=line_id)
    if user.is_office or user.unit_id != line.unit_id:
        raise Forbidden(_("只有本单位可以对本单位的考核明细提出异议。"))
    return line


def access_objection(user, objection_id):
    """An 异议 to answer: the office of the scheme's level."""
    objection = get_in(office_scope(user, Objection.objects.select_related("scheme__level"), "unit"), pk=objection_id)
    if not manages(user, objection.scheme.level):
        raise Forbidden(_("只有本级督办员可以答复异议。"))
    return objection
