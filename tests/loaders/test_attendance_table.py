from __future__ import annotations

import random

from samkart.loaders import parse_file
from tests.conftest import SEED_ALREK, parse_text

VARIANT = """<b>Referat</b>\t\t\t
<b>Prosjekt</b>\tAlrek helseklynge\t\t
<b>Organ</b>\tStyringsgruppen\t\t
<b>Sted</b>\tMøterom Sjøblom\t<b>Dato:</b>\t03.02.2025
\t\t<b>Kl:</b>\t09.00 – 11.00
<b>Organisasjon</b>\t<b>Navn</b>\t<b>Kode</b>\t<b>Møtt</b>
Universitetet i Bergen, leder\tAstrid Hovland\tAH\tx
NORCE\tBjarne Lie\tBL\t
Helse Bergen\tCecilie Strand og Dag Voll\tCS DV\tx x
Observatører:\t\t\t
Klyngefasilitator Alrek helseklynge\tEirik Aasen\tEA\tx

## Sak 01-25 Godkjenning av innkalling og referat
Godkjent.

## Sak 02-25 Budsjett
Oppfølging av sak 13-24 fra forrige møte. Se også sak 07-24, møte 12.02.24.
**Vedtak:** Styringsgruppen vedtar budsjettet.

## Sak 03-25 Orienteringssaker
- **Oppdateringer fra klyngeleder EA;** mye aktivitet.
"""


def test_seed_attendance_table(seeds):
    e = parse_file(seeds / SEED_ALREK)
    assert e.document.family in ("attendance-table-minutes", "layout-agnostic")
    assert e.collaboration == "Alrek helseklynge"
    assert e.body == "Styringsgruppen"
    assert e.meeting.date == "2024-05-27" and e.meeting.time == "14:00-16:00"
    people = {p.name: p for p in e.participants}
    assert len(people) == 20
    # attended marks: x → present, empty → absent
    assert people["Marit Bakke"].status == "present"
    assert people["Gottfried Greve"].status == "absent"
    assert people["Rebekka Ljosland"].status == "absent"
    assert people["Marit Bakke"].organisation == "Universitetet i Bergen" and people["Marit Bakke"].role == "leder"
    # one row, two people, two codes, two marks
    assert people["Eli Sjø"].initials == "ES" and people["Kari Tungesvik"].initials == "KT"
    assert people["Eli Sjø"].role == "leder" and people["Kari Tungesvik"].role == "nestleder"
    assert people["Eli Sjø"].status == people["Kari Tungesvik"].status == "present"
    assert people["Berit Angelskår"].capacity == "observer"
    assert people["Kristin Walter"].capacity == "secretariat"


def test_seed_cases_decisions_and_references(seeds):
    e = parse_file(seeds / SEED_ALREK)
    cases = {c.identifier: c for c in e.cases}
    assert list(cases) == ["12-24", "13-24", "14-24", "15-24", "16-24", "17-24"]
    assert cases["13-24"].decision_kind == "vedtak"
    assert cases["13-24"].decision_text.startswith("Styringsgruppen går inn for at hver partner")
    assert cases["14-24"].decision_text.startswith("Styringsgruppen slutter seg til forslaget")
    refs = sorted((r.identifier, r.meeting_date) for c in e.cases for r in c.references)
    assert refs == [("09-24", None), ("12-23", "2023-10-23"), ("23-23", "2023-09-04"), ("32-23", "2023-10-02")]
    assert cases["13-24"].amounts and cases["13-24"].amounts[0].value == 140350
    assert cases["15-24"].presenters == ["Trond Egil Hansen", "Randi-Luise Møgster"]
    # initials used in text: 'klyngeleder BA' is Berit Angelskår
    assert "Berit Angelskår" in cases["17-24"].presenters


def test_seed_free_text_appointments(seeds):
    e = parse_file(seeds / SEED_ALREK)
    facts = {(m.name, m.role, m.start is not None, m.end is not None) for m in e.memberships}
    assert ("Maria Nordheim Alme", "leder", True, False) in facts
    assert ("Esperanza Diaz", "leder", False, True) in facts
    assert ("Ellen Berggren", "leder", True, False) in facts
    clara = next(m for m in e.memberships if m.name == "Clara Gram Gjesdal")
    assert clara.organisation == "Helse Bergen" and clara.body == "Styringsgruppen" and clara.start == "2024-05-27"
    # she takes the seat of the one who goes to a new job: that seat ends at this meeting
    randi = next(m for m in e.memberships if m.name == "Randi-Luise Møgster")
    assert (randi.body, randi.organisation, randi.end) == ("Styringsgruppen", "Helse Bergen", "2024-05-27")


def test_variant_other_people_and_date(tmp_path):
    e = parse_text(tmp_path, VARIANT)
    assert e.document.family in ("attendance-table-minutes", "layout-agnostic")
    assert e.meeting.date == "2025-02-03"
    people = {p.name: p for p in e.participants}
    assert set(people) == {"Astrid Hovland", "Bjarne Lie", "Cecilie Strand", "Dag Voll", "Eirik Aasen"}
    assert people["Bjarne Lie"].status == "absent"
    assert people["Dag Voll"].status == "present" and people["Dag Voll"].organisation == "Helse Bergen"
    cases = {c.identifier: c for c in e.cases}
    assert cases["01-25"].decision_text == "Godkjent."
    assert {r.identifier for r in cases["02-25"].references} == {"13-24", "07-24"}
    assert "Eirik Aasen" in cases["03-25"].presenters


def test_shuffled_columns_and_rows(tmp_path):
    lines = VARIANT.splitlines()
    header_at = next(i for i, l in enumerate(lines) if "<b>Navn</b>" in l)
    rows = lines[header_at + 1: header_at + 4]
    random.Random(7).shuffle(rows)
    order = [3, 1, 0, 2]  # Møtt, Navn, Organisasjon, Kode

    def reorder(line: str) -> str:
        cells = line.split("\t")
        return "\t".join(cells[i] for i in order)

    shuffled = lines[:header_at] + [reorder(lines[header_at])] + [reorder(r) for r in rows] + lines[header_at + 4:]
    e = parse_text(tmp_path, "\n".join(shuffled))
    people = {p.name: p for p in e.participants}
    assert {"Astrid Hovland", "Bjarne Lie", "Cecilie Strand", "Dag Voll"} <= set(people)
    assert people["Astrid Hovland"].organisation == "Universitetet i Bergen"
    assert people["Bjarne Lie"].status == "absent"
    assert people["Cecilie Strand"].initials == "CS"


def test_missing_code_and_mark_columns(tmp_path):
    text = VARIANT.replace("\t<b>Kode</b>\t<b>Møtt</b>", "").replace("\tAH\tx", "").replace("\tBL\t", "") \
        .replace("\tCS DV\tx x", "").replace("\tEA\tx", "")
    e = parse_text(tmp_path, text, family="attendance-table-minutes")
    people = {p.name: p for p in e.participants}
    assert set(people) == {"Astrid Hovland", "Bjarne Lie", "Cecilie Strand", "Dag Voll", "Eirik Aasen"}
    # no attended column: listed means present
    assert all(p.status == "present" for p in people.values())
    assert all(p.initials is None for p in people.values())


def test_other_layout_colon_header_and_attended_column(tmp_path):
    text = """REFERAT
Møte i styringsgruppen for Alrek helseklynge
Dato: 14.03.2025, kl. 09.00–11.00
Sted: Teams

Navn\tVirksomhet\tTilstede
Hilde Vik\tHelse Bergen\tx
Ole Nes\tBergen kommune\t
Guri Lie\tHVL\tx

Sak 05/25 Godkjenning av referat
Vedtak: Godkjent.

Sak 06/25 Økonomi
Hilde Vik orienterte. Jf. sak 02/25.
Vedtak: Styringsgruppen tek orienteringa til vitande.
"""
    e = parse_text(tmp_path, text)
    assert e.document.family in ("attendance-table-minutes", "layout-agnostic")
    assert e.meeting.date == "2025-03-14" and e.collaboration == "Alrek helseklynge"
    people = {p.name: (p.organisation, p.status) for p in e.participants}
    assert people == {"Hilde Vik": ("Helse Bergen", "present"), "Ole Nes": ("Bergen kommune", "absent"), "Guri Lie": ("HVL", "present")}
    cases = {c.identifier: c for c in e.cases}
    assert cases["06/25"].presenters == ["Hilde Vik"] and [r.identifier for r in cases["06/25"].references] == ["02/25"]
