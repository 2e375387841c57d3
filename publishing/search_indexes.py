"""检索: published 公开信息 in the office's search (found by search.registry.autodiscover).

One entry per publication once it has a frozen version: its title, catalogue line and the table's
text (the latest version, as the public reads it), linked to the office's page of the publication.
Scoped like a plan: no unit, only the office of the issuing level (the round's plan's issuer) and
the city above it find it — the rule of the publishing pages (``office_scope(..., "round__plan__issuer")``).
Drafts are not indexed; a withdrawn publication stays findable by its office, marked 已废止.
"""

from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _


def _text(html):
    return "\n".join(line.strip() for line in strip_tags(html or "").splitlines() if line.strip())


def build_publication(publication):
    from .models import Publication

    if publication.state == Publication.State.DRAFT or publication.round is None:
        return None
    latest = publication.versions.order_by("-number").first()
    if latest is None:
        return None
    plan = publication.round.plan
    return {
        "title": latest.title,
        "context": " · ".join(
            x for x in (publication.index_number, publication.round.name, str(publication.get_state_display())) if x
        ),
        "body": "\n".join(x for x in (latest.title, publication.summary, _text(latest.table_html)) if x),
        "url": publication.get_absolute_url(),
        "year": plan.year,
        "plan_id": plan.pk,
        "round_id": publication.round_id,
        "owner_unit_id": plan.issuer_id,  # the issuing level's office (tree tokens only; no unit scope)
    }


def register(registry):
    from .models import Publication, PublicationVersion

    registry.register(
        "publication",
        Publication,
        build_publication,
        label=_("公开信息"),
        year_lookup="round__plan__year",
        queryset=lambda: Publication.objects.select_related("round__plan"),
        also_when=[(PublicationVersion, lambda version: [version.publication_id])],
    )
