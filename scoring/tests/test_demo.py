from django.core.management import call_command

from scoring.models import ScoreLine, ScoringScheme
from units.models import Unit


def test_demo_ranking_shows_jiaojiang_and_yuhuan_with_ledgers(db, client, seeds):
    call_command("load_demo", "--seeds", str(seeds))
    call_command("load_demo", "--seeds", str(seeds))  # idempotent
    city = Unit.objects.get(name="台州市卫生健康委员会")
    jj, yh = Unit.objects.get(name="台州市椒江区卫生健康局"), Unit.objects.get(name="玉环市卫生健康局")
    assert jj.parent == city and yh.parent == city and jj.path.startswith(city.path)
    scheme = ScoringScheme.objects.get(level=city, year=2025)
    assert (
        ScoreLine.objects.filter(scheme=scheme, unit=jj).exists()
        and ScoreLine.objects.filter(scheme=scheme, unit=yh, event="returned").exists()
    )
    from units.models import User

    client.force_login(User.objects.get(username="taizhou"))
    page = client.get(f"/scoring/{scheme.pk}/").content.decode()
    assert "台州市椒江区卫生健康局" in page and "玉环市卫生健康局" in page
    ledger = client.get(f"/scoring/{scheme.pk}/units/{yh.pk}/").content.decode()
    assert "被退回" in ledger and "逾期报送" in ledger
    from filings.models import Round

    city_round = Round.objects.get(plan__issuer=city)
    wide = client.get(f"/levels/rounds/{city_round.pk}/").content.decode()
    assert "全市" in wide and "930" in wide  # 620 + 310 托位
    # a district office never sees the other district
    client.force_login(User.objects.get(username="yuhuan_office"))
    assert client.get(f"/scoring/{scheme.pk}/").status_code == 404
    assert client.get(f"/levels/rounds/{city_round.pk}/").status_code == 404
    jj_scheme = ScoringScheme.objects.get(level=jj, year=2023)
    assert client.get(f"/scoring/{jj_scheme.pk}/").status_code == 404
