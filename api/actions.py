"""What a person does with their own API tokens (个人设置): the views only translate."""

from units.access import ACT

from .access import access_token


def revoke_token(user, token_id):
    """Revoke one of ``user``'s own tokens (recorded in the audit log); another user's token is NotFound."""
    token = access_token(user, token_id, ACT)
    token.revoke(by=user)
    return token
