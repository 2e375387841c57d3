"""谁能发布 — the action rights of 政府信息公开, registered as ``rules`` permissions like filings.rights.

Only the office (督办员 / system admin) publishes, corrects, withdraws and handles public feedback;
fillers, signers, other units and anonymous visitors never do (publishing/tests/test_publishing.py).
"""

import rules

from filings.rights import is_office

RULES = {
    "publish": is_office,  # 发布 and 发布更正 (a correction is a new version)
    "withdraw": is_office,  # 废止
    "review_privacy": is_office,  # 隐私审查: mask / keep a hit
    "handle_feedback": is_office,
}
for _name, _predicate in RULES.items():
    rules.add_perm(f"publishing.{_name}", _predicate)


def can(user, action, obj=None):
    return rules.has_perm(f"publishing.{action}", user, obj)
