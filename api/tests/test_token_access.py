"""个人设置's tokens come through the access registry (api.access) and the revoke use case (api.actions):
a token is its owner's only, so anyone else — another unit's filler, the office, a system admin — does not find
it (404, never 403) and revoking it changes nothing."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from api.access import access_token, tokens_visible
from api.actions import revoke_token
from api.models import ApiToken
from audit.models import Event, Kind
from units.access import ACT, NotFound
from units.models import User


@pytest.fixture
def tokens(world):
    mine = ApiToken.issue(world.filler_a, "我的令牌")[0]
    theirs = ApiToken.issue(world.filler_b, "别人的令牌")[0]
    root = User.objects.create_superuser("root", password="Root-admin-pass-9", role=User.Role.ADMIN)
    return mine, theirs, root


def test_each_user_sees_only_their_own_tokens(world, tokens):
    mine, theirs, root = tokens
    assert list(tokens_visible(world.filler_a)) == [mine]
    assert list(tokens_visible(world.filler_b)) == [theirs]
    for nobody in (world.office, root, AnonymousUser()):
        assert not tokens_visible(nobody).exists()


def test_another_users_token_is_not_found_whoever_asks(world, tokens):
    mine, _theirs, root = tokens
    assert access_token(world.filler_a, mine.pk) == mine
    for outsider in (world.filler_b, world.signer_a, world.office, root, AnonymousUser()):
        with pytest.raises(NotFound):
            access_token(outsider, mine.pk, ACT)


def test_revoking_is_the_owners_only_and_is_recorded(world, tokens):
    mine, theirs, root = tokens
    for outsider in (world.filler_b, world.office, root):
        with pytest.raises(NotFound):
            revoke_token(outsider, mine.pk)
    mine.refresh_from_db()
    assert mine.revoked_at is None and not Event.objects.filter(kind=Kind.TOKEN_REVOKE).exists()
    assert revoke_token(world.filler_a, mine.pk) == mine
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.revoked_at is not None and theirs.revoked_at is None
    event = Event.objects.get(kind=Kind.TOKEN_REVOKE)
    assert event.object_id == str(mine.pk) and event.user_id == world.filler_a.pk


def test_the_office_and_a_system_admin_get_404_posting_a_users_revoke(world, tokens, login):
    mine, _theirs, root = tokens
    url = reverse("profile:token_revoke", args=[mine.pk])
    for outsider in (world.office, root, world.signer_a):
        assert login(outsider).post(url).status_code == 404
    mine.refresh_from_db()
    assert mine.revoked_at is None
    assert login(world.filler_a).post(url)["Location"] == reverse("profile:page")
