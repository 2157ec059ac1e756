"""The per-document extraction model survives its JSON round trip exactly."""
from __future__ import annotations

from samkart.loaders import parse_file
from samkart.loaders.extraction import Extraction


def test_round_trip_every_seed(seeds):
    for path in sorted(seeds.glob("0*.txt")):
        extraction = parse_file(path)
        again = Extraction.from_json(extraction.to_json())
        assert again == extraction, path.name


def test_every_fact_carries_provenance(seeds):
    for path in sorted(seeds.glob("0*.txt")):
        e = parse_file(path)
        lines = path.read_text(encoding="utf-8").split("\n")
        for fact in [*e.participants, *e.memberships, *e.cases, *(r for c in e.cases for r in c.references)]:
            prov = fact.prov
            assert prov.document == e.document.id and 1 <= prov.line_start <= prov.line_end <= len(lines)
            assert prov.quote and prov.quote.split("\n")[0] in lines[prov.line_start - 1].strip()
