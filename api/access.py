"""接口令牌的访问登记 — the only way a view gets an API token: the caller's own, or NotFound.

A token is its owner's only: nobody else sees or revokes it, not an office and not a system admin (another
user's token id is simply not found, never "forbidden": it is not theirs).
"""

from units.access import READ, get_in

from .models import ApiToken

__all__ = ["READ", "access_token", "tokens_visible"]


def tokens_visible(user):
    """个人设置's tokens: ``user``'s own, newest first."""
    if not getattr(user, "is_authenticated", False):
        return ApiToken.objects.none()
    return ApiToken.objects.filter(user=user)


def access_token(user, token_id, need=READ):
    """One of ``user``'s own tokens, or NotFound (404)."""
    del need  # the owner may read and revoke their own token; nobody else may do either
    return get_in(tokens_visible(user), pk=token_id)
