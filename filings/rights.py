"""谁能做什么 — every action right of the filing cycle, in one module.

Views, templates (``{% load rights %}`` … ``{% if user|can:"sign_submission" %}`` style through
``rules``' ``has_perm`` tags) and the API all ask these predicates; none writes its own check.
What a user may *see* is decided by ``units.access`` (unit scoping); this module decides what a
user who sees an object may *do* with it. State rules (is the package still a draft?) are asked of
the model, so a right never contradicts the state machine.

Registered as ``rules`` permissions, e.g. ``user.has_perm("filings.sign_submission", submission)``.
"""

import rules

# --- who the user is ---------------------------------------------------------------------------


@rules.predicate
def is_office(user):
    return bool(getattr(user, "is_authenticated", False)) and user.is_office


@rules.predicate
def is_filler(user):
    return bool(getattr(user, "is_authenticated", False)) and user.is_filler


@rules.predicate
def is_signer(user):
    return bool(getattr(user, "is_authenticated", False)) and user.is_signer


@rules.predicate
def sees_everything(user):
    """The system admin over every level (a superuser, or an admin tied to no unit)."""
    return bool(getattr(user, "is_authenticated", False)) and user.sees_everything


def _issuer_of(obj):
    """The bureau that runs the round ``obj`` belongs to (its plan's issuer)."""
    if obj is None:
        return None
    name = obj._meta.model_name
    if name == "filing":
        obj = obj.submission
    round_ = obj if obj._meta.model_name == "round" else obj.round
    if round_ is None:  # an extension asked for without a round: its task's plan
        return obj.task.plan.issuer
    return round_.plan.issuer


@rules.predicate
def runs_the_round(user, obj):
    """The office of the level that issued the round's plan (a city office reads its districts'
    rounds but does not review them; a district office never touches another district's)."""
    from units.access import manages

    if obj is None:
        return True  # rights asked without an object (lock_round) are checked again with one
    return manages(user, _issuer_of(obj))


def _unit_of(obj):
    """The unit that owns ``obj``: a Submission or an Extension (its unit), a Filing (its package's)."""
    if obj is None:
        return None
    if obj._meta.model_name == "filing":
        return obj.submission.unit_id
    return getattr(obj, "unit_id", None)


@rules.predicate
def of_own_unit(user, obj):
    return user.unit_id is not None and _unit_of(obj) == user.unit_id


def _submission_of(obj):
    return obj.submission if obj._meta.model_name == "filing" else obj


# --- the state the object is in ----------------------------------------------------------------


@rules.predicate
def package_editable(user, obj):
    return _submission_of(obj).is_editable


@rules.predicate
def package_submitted(user, obj):
    sub = _submission_of(obj)
    return sub.state == sub.State.SUBMITTED and not sub.round.locked


@rules.predicate
def package_signed(user, obj):
    sub = _submission_of(obj)
    return sub.state == sub.State.SIGNED and not sub.round.locked


@rules.predicate
def package_returnable_by_office(user, obj):
    sub = _submission_of(obj)
    return sub.state in (sub.State.SUBMITTED, sub.State.SIGNED) and not sub.round.locked


@rules.predicate
def round_open(user, obj):
    """The round of ``obj`` (a Round, a Submission, a Filing or an Extension) is not locked."""
    if obj._meta.model_name == "filing":
        obj = obj.submission
    round_ = obj if obj._meta.model_name == "round" else obj.round
    return not round_.locked


@rules.predicate
def extension_pending(user, extension):
    return extension.decision == extension.Decision.PENDING


# --- the rights ---------------------------------------------------------------------------------
# Each right is (who may ever do it) & (the state that allows it now). The first half alone says
# whether a refusal is a 403 (not yours to do) or a message (not now).
PARTIES = {
    "edit_filing": is_filler & of_own_unit,
    # 代录入 (一表填报 of the round): the office that runs the round keys in a unit's paper form, in a
    # package still open for editing; a city office reads a district's round but never keys in for it.
    "key_in_round": is_office & runs_the_round,
    "key_in_filing": is_office & runs_the_round,
    "submit_submission": is_filler & of_own_unit,
    "withdraw_submission": is_filler & of_own_unit,  # 撤回, until it is signed
    "sign_submission": is_signer & of_own_unit,
    # 退回: the unit head sends a submitted package back to the filler; the office a submitted or signed one.
    "return_submission": (is_signer & of_own_unit) | (is_office & runs_the_round),
    "approve_submission": is_office & runs_the_round,
    "request_extension": (is_filler | is_signer) & of_own_unit,
    "decide_extension": is_office & runs_the_round,
    "remind_round": is_office & runs_the_round,
    "lock_round": is_office & runs_the_round,
    # 重建检索索引: the index covers every level, so only the admin over all of them rebuilds it.
    "rebuild_search_index": sees_everything,
}
RULES = {
    "edit_filing": PARTIES["edit_filing"] & package_editable,
    "key_in_round": PARTIES["key_in_round"] & round_open,
    "key_in_filing": PARTIES["key_in_filing"] & package_editable,
    "submit_submission": PARTIES["submit_submission"] & package_editable,
    "withdraw_submission": PARTIES["withdraw_submission"] & package_submitted,
    "sign_submission": PARTIES["sign_submission"] & package_submitted,
    "return_submission": (is_signer & of_own_unit & package_submitted)
    | (is_office & runs_the_round & package_returnable_by_office),
    "approve_submission": PARTIES["approve_submission"] & package_signed,
    "request_extension": PARTIES["request_extension"] & round_open,
    "decide_extension": PARTIES["decide_extension"] & extension_pending,
    "remind_round": PARTIES["remind_round"] & round_open,
    "lock_round": PARTIES["lock_round"],
    "rebuild_search_index": PARTIES["rebuild_search_index"],
}
for _name, _predicate in RULES.items():
    rules.add_perm(f"filings.{_name}", _predicate)


def is_party(user, action, obj=None):
    """Whether ``action`` on ``obj`` is ever this user's to do (whatever the state now)."""
    predicate = PARTIES.get(action)
    return bool(predicate) and obj is not None and predicate.test(user, obj)


def can(user, action, obj=None):
    """``can(user, "sign_submission", submission)`` — the one call behind every check.

    Asked of ``rules`` directly, not through ``user.has_perm``: Django grants a superuser every
    permission, but a system admin must not sign or file for a unit.
    """
    if obj is None and action not in ("lock_round", "rebuild_search_index"):
        return False
    return rules.has_perm(f"filings.{action}", user, obj)


def can_edit_filing(user, filing):
    return can(user, "edit_filing", filing)


def can_submit(user, submission):
    return can(user, "submit_submission", submission)


def can_withdraw(user, submission):
    return can(user, "withdraw_submission", submission)


def can_sign(user, submission):
    return can(user, "sign_submission", submission)


def can_return(user, submission):
    return can(user, "return_submission", submission)


def can_approve(user, submission):
    return can(user, "approve_submission", submission)


def can_request_extension(user, filing):
    return can(user, "request_extension", filing)
