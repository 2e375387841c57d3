"""佐证材料的访问登记 — the only way a view gets an evidence file: in the user's scope, or NotFound.

Whoever sees the filing reads its evidence (its unit's filler and signer, the office of its bureau and the city
above: ``units.access.unit_scope`` on the filing's unit); changing it is the right to edit the filing
(``filings.access.require(user, "edit_filing", filing)``), asked by the use cases in services.py.
"""

from units.access import READ, get_in, unit_scope

from .models import Evidence

__all__ = ["READ", "access_evidence", "evidence_visible"]


def evidence_visible(user):
    """Every evidence row ``user`` may read: those of filings in the user's scope."""
    return unit_scope(
        user,
        Evidence.objects.select_related("filing__submission__round", "attached_by", "removed_by"),
        "filing__submission__unit",
    )


def access_evidence(user, evidence_id, need=READ):
    """One evidence file in ``user``'s scope, or NotFound (404) — another unit's id is simply not found."""
    del need  # acting on it (removing) is the right to edit its filing, asked by services.remove()
    return get_in(evidence_visible(user), pk=evidence_id)
