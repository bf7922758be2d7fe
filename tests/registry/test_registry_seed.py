"""Seeding the registry from the shipped curated file, and the matcher built from the DB."""

from __future__ import annotations

from vigil.core import Vigil
from vigil.registry import ensure_seed, load_organisations, matcher_for
from vigil.store import audit


def test_seed_is_idempotent_and_audited(vigil: Vigil) -> None:
    ensure_seed(vigil)
    ensure_seed(vigil)
    orgs = {o.slug: o for o in load_organisations(vigil)}
    assert set(orgs) == {"ttp", "jua", "tgg", "bla", "blf"}
    assert orgs["ttp"].references[:2] == ("QDe.132", "OFAC 12206")
    assert orgs["jua"].parent == "ttp"
    bla = {d.jurisdiction for d in orgs["bla"].designations}
    assert bla == {"US", "UK", "PK"}  # BLA is not on the UN list
    assert all(d.source and d.source_sha256 for o in orgs.values() for d in o.designations)
    with vigil.read() as conn:
        assert audit.count(conn) == 1


def test_matcher_for_is_cached_until_the_registry_changes(vigil: Vigil) -> None:
    ensure_seed(vigil)
    m1 = matcher_for(vigil)
    assert matcher_for(vigil) is m1
    found = m1.find("Balochistan Liberation Army")
    assert [x.organisation for x in found] == ["bla"]
