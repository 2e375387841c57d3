"""政府信息公开的访问登记 — publications, their privacy hits and the public's messages in an office's scope.

An office reads the publications of the rounds it may read (a district its own, the city its
districts'); publishing, correcting, withdrawing, reviewing and answering messages is the office of
the level that issued the round's plan (``need=ACT``). The public reads published versions only,
through publishing.public, never these.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from filings.access import access_round
from units.access import ACT, READ, Forbidden, NotNow, get_in, office_scope

from . import rights
from .models import Feedback, PrivacyHit, Publication

REFUSED = gettext_lazy("只有发布该计划的单位的督办员可以发布、更正或废止公开信息。")


def publications_visible(user):
    return office_scope(user, Publication.objects.all(), "round__plan__issuer")


def feedback_visible(user):
    return office_scope(user, Feedback.objects.all(), "publication__round__plan__issuer")


def _acting(user, publication, need):
    if need is ACT:
        if not rights.can(user, "publish", publication):
            raise Forbidden(REFUSED)
        if publication.state == Publication.State.WITHDRAWN:
            raise NotNow(_("已废止的信息不能修改或再发布。"), obj=publication)
    return publication


def access_publication(user, publication_id, need=READ):
    publication = get_in(
        publications_visible(user).select_related("round__plan__issuer", "withdrawn_by"), pk=publication_id
    )
    return _acting(user, publication, need)


def access_withdrawable(user, publication_id):
    """废止: the acting office, whatever the state (withdrawing twice is refused by the model)."""
    publication = get_in(publications_visible(user).select_related("round__plan__issuer"), pk=publication_id)
    if not rights.can(user, "withdraw", publication):
        raise Forbidden(REFUSED)
    return publication


def access_hit(user, publication_id, hit_id):
    """A privacy hit of a publication the user may act on (mask, keep)."""
    publication = access_publication(user, publication_id, ACT)
    return get_in(PrivacyHit.objects.select_related("review").filter(review__publication=publication), pk=hit_id)


def access_feedback(user, feedback_id, need=READ):
    item = get_in(feedback_visible(user).select_related("publication__round__plan__issuer"), pk=feedback_id)
    if need is ACT and not rights.can(user, "handle_feedback", item):
        raise Forbidden(_("只有发布该信息的单位的督办员可以处理留言。"))
    return item


def access_publishable_round(user, round_id):
    """公开完成情况表 of a round: the office of the level that runs it."""
    return access_round(user, round_id, ACT)
