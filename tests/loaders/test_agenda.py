from __future__ import annotations

from samkart.loaders import parse_file
from tests.conftest import SEED_AGENDA, parse_text

VARIANT = """Saksliste styringsgruppa

Saksnr. Namn Sakstype
10/22 Godkjenning av innkalling V
11/22 Status for prosjektet O
12/22 Budsjett 2023
D/V

Sak 12/22 Budsjett 2023
Framlegg til vedtak:
Styringsgruppa godkjenner budsjettet.

Møteplan for styringsgruppa 2022
Møte 3 - 2022 Fredag 16.september 10:00 – 11:00
Møte 4 - 2022 Fredag 9.desember 10:00 – 11:00
"""


def test_seed_agenda(seeds):
    e = parse_file(seeds / SEED_AGENDA)
    assert e.document.family in ("case-agenda", "layout-agnostic") and e.document.language == "nn"
    assert e.collaboration == "Region Nordhordland Helsehus"
    assert e.body.lower() == "styringsgruppa"
    # seed 002 names no persons
    assert e.participants == [] and e.memberships == []
    assert all(c.presenters == [] for c in e.cases)
    # the date is not stated: inferred and marked so
    assert e.meeting.date == "2021-02-19" and e.meeting.date_inferred
    assert [m.date for m in e.planned_meetings] == ["2021-05-28", "2021-09-17", "2021-12-10"]
    cases = {c.identifier: c for c in e.cases}
    assert list(cases) == [f"0{n}/21" for n in range(1, 8)]
    assert cases["01/21"].case_type == "vedtak"
    assert cases["03/21"].case_type == "orientering"
    assert cases["04/21"].case_type == "drøfting/vedtak"
    assert cases["04/21"].decision_kind == "framlegg-til-vedtak"
    assert cases["04/21"].decision_text.startswith("1. Styringsgruppa sluttar seg til")


def test_variant_agenda(tmp_path):
    e = parse_text(tmp_path, VARIANT, family="case-agenda")  # the family's own reading: case types, the meeting plan
    assert e.document.family in ("case-agenda", "layout-agnostic")
    cases = {c.identifier: c for c in e.cases}
    assert cases["12/22"].case_type == "drøfting/vedtak"
    assert cases["12/22"].decision_text == "Styringsgruppa godkjenner budsjettet."
    assert e.meeting.date == "2022-09-16" and e.meeting.date_inferred
    assert [m.date for m in e.planned_meetings] == ["2022-12-09"]
