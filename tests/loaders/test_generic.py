from __future__ import annotations

from samkart.loaders import detect, parse_file
from samkart.loaders.generic import CONFIDENCE_CAP
from samkart.loaders.reading import read_source
from tests.conftest import write

UNKNOWN_LAYOUT = """Møtereferat – Områdeutvalget for Voss
Dato: 12.01.2025
Sted: Voss rådhus

Møtt:
- Kari Fjell, Voss kommune
- Per Olav Dahl, Helse Bergen

Fraværende: Nina Berg

Sak 01/25 Oppstart
Vedtak: Områdeutvalget startar arbeidet.
"""


def test_generic_fallback_reads_unknown_layout(tmp_path):
    path = write(tmp_path / "ukjent.txt", UNKNOWN_LAYOUT)
    ranked = detect(read_source(path))
    assert ranked[0][1].family == "generic-minutes"
    assert ranked[0][0] <= CONFIDENCE_CAP  # low confidence, said so
    e = parse_file(path)
    assert e.meeting.date == "2025-01-12" and e.meeting.place == "Voss rådhus"
    people = {p.name: p for p in e.participants}
    assert people["Kari Fjell"].organisation == "Voss kommune" and people["Kari Fjell"].status == "present"
    assert people["Nina Berg"].status == "absent"
    assert e.cases[0].decision_text == "Områdeutvalget startar arbeidet."
    assert any("generic" in w for w in e.warnings)
