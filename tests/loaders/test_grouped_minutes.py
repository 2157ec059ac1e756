from __future__ import annotations

from samkart.loaders import parse_file
from tests.conftest import SEED_SSU, parse_text

VARIANT = """
Referat Strategisk samarbeidsutval (SSU) 14. mars 2025
Til stades:
Kommunehelsetenesta: Kari Fjell (OU Voss), Per Olav Dahl, Nina Berg (Helse Bergen)
Brukarrepresentantar: Siri Lunde (på teams), Tor Ask (gjest)
Observatører: Guri Moe (fastlege)
Forfall: Arne Nes

Sak 05/25 Godkjenning av innkalling
Godkjent

Sak 06/25 Felles planlegging
Orientering fra Kari Fjell. Jf. sak 04/25.
Vedtak:
SSU tek saka til orientering.
"""


def test_seed_participants(seeds):
    e = parse_file(seeds / SEED_SSU)
    assert e.document.family in ("grouped-participants-minutes", "layout-agnostic")
    assert e.collaboration == "Helsefellesskapet i bergensområdet"
    assert e.meeting.date == "2023-11-30"
    people = {p.name: p for p in e.participants}
    assert len(people) == 26
    # a parenthesis after several names applies to all of them
    for name in ("Randi-Luise Møgster", "Linn Dale Bergsma", "Hans Olav Instefjord"):
        assert people[name].organisation == "Helse Bergen"
    assert people["Johnny Breivik"].organisation == "OU Bergensregionen"
    assert people["Ida Nordvik"].remote is True and people["Ida Nordvik"].organisation is None
    assert people["Theresa Dang"].capacity == "guest"
    assert people["Grete Wold"].role == "fastlege" and people["Grete Wold"].capacity == "observer"
    assert people["Hilde Ystanes"].organisation == "KS"
    assert people["Belén Birkenes"].status == people["Trude Hjortland"].status == "absent"
    assert people["Kenneth Nodeland"].capacity == "secretariat"
    assert people["Bjørn Sivertsen"].role == "brukerrepresentant"


def test_seed_cases(seeds):
    e = parse_file(seeds / SEED_SSU)
    cases = {c.identifier: c for c in e.cases}
    assert list(cases) == [f"{n}/23" for n in range(34, 46)]
    assert cases["39/23"].decision_kind == "vedtak"
    assert cases["39/23"].decision_text.startswith("SSU tar status på Pasientens legemiddelliste")
    assert cases["42/23"].decision_kind == "konklusjon"
    assert [r.identifier for r in cases["41/23"].references] == ["14/23"]
    assert cases["35/23"].references[0].meeting_date == "2023-09-22"
    assert cases["37/23"].presenters == ["Randi-Luise Møgster", "Hans Olav Instefjord", "Linn Bergsma"]
    assert cases["36/23"].presenters == ["Stefan Hjørleifsson"]
    assert cases["40/23"].presenters == ["Rebecca Ljosland"]
    # 'Helsedirektoratet, v/Solrun Elvik' names a contact, not a presenter
    assert "Solrun Elvik" not in cases["39/23"].presenters


def test_variant_nynorsk(tmp_path):
    e = parse_text(tmp_path, VARIANT)
    assert e.document.family in ("grouped-participants-minutes", "layout-agnostic")
    assert e.meeting.date == "2025-03-14"
    people = {p.name: p for p in e.participants}
    assert people["Per Olav Dahl"].organisation == "Helse Bergen"  # shared parenthesis
    assert people["Kari Fjell"].organisation == "OU Voss"
    assert people["Siri Lunde"].remote and people["Tor Ask"].capacity == "guest"
    assert people["Arne Nes"].status == "absent"
    cases = {c.identifier: c for c in e.cases}
    assert cases["05/25"].decision_text == "Godkjent"
    assert cases["06/25"].decision_text == "SSU tek saka til orientering."
    assert cases["06/25"].presenters == ["Kari Fjell"]
    assert [r.identifier for r in cases["06/25"].references] == ["04/25"]
