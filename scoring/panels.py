"""黄牌 / 红牌 on the round dashboard (registered in supervision.dashboard.DASHBOARD_PANELS)."""


def cards_panel(round_, user):
    from .models import ScoreLine

    lines = (
        ScoreLine.objects.filter(
            scheme__level__in=[round_.plan.issuer_id] if round_.plan.issuer_id else [],
            scheme__year=round_.plan.year,
            event__in=("yellow_card", "red_card"),
            unit__in=round_.owing_units(),
        )
        .select_related("unit", "scheme")
        .order_by("unit__order")
    )
    cards = [
        {
            "unit": line.unit,
            "card": line.event,
            "count": line.note,
            "url": f"/scoring/{line.scheme_id}/units/{line.unit_id}/",
        }
        for line in lines
    ]
    return {"template": "scoring/_dashboard_cards.html", "cards": cards} if cards else None
