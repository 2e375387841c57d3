"""谁能发布 — the action rights of 政府信息公开, registered as ``rules`` permissions like filings.rights.

Only the office of the level that issued the round's plan publishes, corrects, withdraws, reviews
and answers public feedback (a city office reads its districts' publications but never publishes
for them); fillers, signers, other units and anonymous visitors never do
(publishing/tests/test_publishing.py). publishing.access asks these for ``need=ACT``.
"""

import rules

from filings.rights import is_office


def _publication_of(obj):
    name = obj._meta.model_name
    if name == "publication":
        return obj
    if name == "privacyhit":
        return obj.review.publication
    return obj.publication  # Feedback, PrivacyReview, PublicationVersion


@rules.predicate
def runs_the_publication(user, obj):
    """The office of the level that issued the publication's round (asked without an object: any office)."""
    from units.access import manages

    if obj is None:
        return True
    return manages(user, _publication_of(obj).round.plan.issuer)


RULES = {
    "publish": is_office & runs_the_publication,  # 发布 and 发布更正 (a correction is a new version)
    "withdraw": is_office & runs_the_publication,  # 废止
    "review_privacy": is_office & runs_the_publication,  # 隐私审查: mask / keep a hit
    "handle_feedback": is_office & runs_the_publication,
}
for _name, _predicate in RULES.items():
    rules.add_perm(f"publishing.{_name}", _predicate)


def can(user, action, obj=None):
    return rules.has_perm(f"publishing.{action}", user, obj)
