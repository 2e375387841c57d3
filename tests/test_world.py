"""The shared city world builds with what the matrices need, and its markers are scoped as intended."""

from tests.world import marker, visible_markers


def test_city_world_has_two_districts_an_outsider_and_packages_in_several_states(city_world):
    w = city_world
    assert set(w.city.districts()) == {w.jj.bureau, w.yh.bureau}
    assert w.jg.bureau.district() == w.jg.bureau and not w.city.contains(w.jg.bureau)
    for d in (w.jj, w.yh):
        assert len(d.units) >= 3 and all(d.fillers[k].unit == d.units[k] == d.signers[k].unit for k in d.units)
        assert {s.state for s in d.round.submissions.all()} == {"submitted", "approved", "returned"}
        assert marker(f"{d.key}-ks") in d.filings["ks"].completion
    assert w.jj.report.snapshot["tasks"][0]["filed"]


def test_markers_visible_to_each_caller_follow_the_tree(city_world):
    w = city_world
    ks = marker("jj-ks")
    assert ks in visible_markers(w, w.jj.fillers["ks"]) and ks not in visible_markers(w, w.jj.fillers["zs"])
    assert ks in visible_markers(w, w.jj.office) and ks in visible_markers(w, w.city_office)
    assert ks not in visible_markers(w, w.yh.office) and ks not in visible_markers(w, w.far_office)
    assert not visible_markers(w, w.far_office) & visible_markers(w, w.city_office)
