"""The layout-agnostic passes, each on small invented snippets in bokmål, nynorsk, Danish and Swedish."""
from __future__ import annotations

import pytest

from samkart.loaders import parse_file
from samkart.loaders.beside import read_beside
from samkart.loaders.cases import cued_references, match_case_line
from samkart.loaders.entries import read_entries
from samkart.loaders.opening import collaboration_mentions, find_collaboration_name
from samkart.loaders.person_names import leading_name, party_after, unglue
from samkart.graph.model import Provenance
from tests.conftest import write

PROV = Provenance("doc", 1, 1, "")


@pytest.mark.parametrize("text, name, title", [
    ("Rådmann Ola Nordmann, Vik kommune", "Ola Nordmann", "Rådmann"),
    ("ordfører Kari Eira Nilsen (Vik kommune)", "Kari Eira Nilsen", "ordfører"),
    ("Borgmester Hans Madsen", "Hans Madsen", "Borgmester"),
    ("Regionsrådsmedlem Lise Holm Berg", "Lise Holm Berg", "Regionsrådsmedlem"),
    ("Hege H Sjåvik, Bergen", "Hege H Sjåvik", None),
    ("Siri T. Ursin, leder", "Siri T. Ursin", None),
    ("Maria de Vries (Frøya kommune)", "Maria de Vries", None),
    ("Lars-Göran Berg (M)", "Lars-Göran Berg", None),
])
def test_names_with_titles_particles_and_initials(text, name, title):
    found = leading_name(text)
    assert found is not None and found.name == name and found.title == title


@pytest.mark.parametrize("text", ["Sygehus Sønderjylland", "Region Midtjylland", "Innovasjon Norge Vestland", "Strategisk samarbeidsutvalg"])
def test_organisations_places_and_bodies_are_never_people(text):
    assert leading_name(text, strict=True) is None


def test_glued_text_is_split_before_a_given_name_and_party_letters_are_read_off():
    assert unglue("Nordlandssykehuset HFTove Aas, Bodø") == "Nordlandssykehuset HF Tove Aas, Bodø"
    assert unglue("LofotenRita Olsen") == "Lofoten Rita Olsen"
    assert party_after(" (KD), ledamot") == ("KD", ", ledamot")


@pytest.mark.parametrize("beside, expected", [
    (", nestleder (Vik kommune) – møtte for Kari Nordmann", {"role": "nestleder", "organisation": "Vik kommune", "substitute_for": "Kari Nordmann"}),
    (" – vara, Sula kommune (møtte for Per Lie)", {"role": "vara", "organisation": "Sula kommune", "substitute_for": "Per Lie"}),
    (", afdelingschef, Vejen Kommune (stedfortræder for Bo Lund)", {"organisation": "Vejen Kommune", "substitute_for": "Bo Lund"}),
    (" (L), Region Dalarna, ersätter Eva Ek (S)", {"organisation": "Region Dalarna", "substitute_for": "Eva Ek", "party": "L"}),
    (", kommunalsjef, Vik kommune (fra 1. mars 2023)", {"organisation": "Vik kommune", "title": "kommunalsjef", "start": "2023-03-01"}),
    (", Vik kommune (ut 2024)", {"end": "2024"}),
    (", ledamot, Kumla kommun, t.o.m. 2024-12-31", {"role": "ledamot", "end": "2024-12-31"}),
    (", Aalborg Kommune (fra 1. februar 2025, afløser Ole Bak)", {"start": "2025-02-01", "succeeds": "Ole Bak"}),
    (" – Klinikk for rus, Helse Fonna HF", {"organisation": "Helse Fonna HF", "unit": "Klinikk for rus"}),
    (", leiar, forfall", {"role": "leiar", "status": "absent"}),
    (", ordförande (närvarande)", {"role": "ordförande", "status": "present"}),
])
def test_words_beside_a_name(beside, expected):
    got = vars(read_beside(beside))
    assert {k: got[k] for k in expected} == expected


def test_entries_split_lists_and_run_on_cells():
    names = [e.name for e in read_entries("Eva Lund (Ski kommune), Ole Bakken (Ås kommune) og Kari Moe")]
    assert names == ["Eva Lund", "Ole Bakken", "Kari Moe"]
    one = read_entries("Torunn Vik, leder (Helse Fonna HF)")
    assert len(one) == 1 and one[0].beside.role == "leder"
    run_on = read_entries("Hans Bak, Region Midtjylland (formand) Mette Holm, Viborg Kommune Lise Dam, PLO-Midtjylland")
    assert [e.name for e in run_on] == ["Hans Bak", "Mette Holm", "Lise Dam"]
    assert run_on[0].beside.role == "formand" and run_on[1].beside.organisation == "Viborg Kommune"


@pytest.mark.parametrize("line, identifier", [
    ("Sak 14/24 Budsjett", "14/24"), ("Sak 9/24 Eventuelt", "9/24"), ("Sak 11-24 Status", "11-24"),
    ("Punkt 3. Økonomi", "3"), ("§ 12 Val av justerare", "12"), ("Ärende 5 Budget", "5"),
])
def test_case_headings_in_every_form(line, identifier):
    assert match_case_line(line)[0] == identifier


def test_cued_references_with_the_earlier_meetings_date():
    refs = cued_references("Opfølgning på punkt 5 fra mødet den 3. oktober 2024", PROV)
    assert [(r.identifier, r.meeting_date) for r in refs] == [("5", "2024-10-03")]
    refs = cued_references("Prislista (jfr protokoll 2024-02-15, § 6)", PROV)
    assert [(r.identifier, r.meeting_date) for r in refs] == [("6", "2024-02-15")]


def test_collaborations_are_read_from_the_document_and_the_most_specific_wins():
    assert collaboration_mentions("Referat fra Helsefellesskapet i Sogn og Fjordane") == ["Helsefellesskapet i Sogn og Fjordane"]
    assert collaboration_mentions("Fjordklyngen helseklynge") == ["Fjordklyngen helseklynge"]
    # a generic 'helsefellesskapet' does not send a page about another region to the curated Bergen collaboration
    assert find_collaboration_name(["Helsefellesskap Lofoten, Vesterålen og Salten"], "helsefellesskapet møtes") == \
        "Helsefellesskap Lofoten, Vesterålen og Salten"


MINUTES_NN = """Helsefellesskapet Sunnfjord
Referat – Fagleg samarbeidsutval for eldre

Møtedato: 3. februar 2025
Til stades:
Ragna Eide – leiar – Førde kommune
Olav Hus – vara, Sunnfjord kommune (møtte for Aud Li)
Fråverande:
Aud Li – Sunnfjord kommune

Sak 04/25 Oppfølging av sak 01/25
Vedtak: Teke til orientering.
"""

PROTOKOLL_SV = """PROTOKOLL
Samrådsnämnden i Norra sjukvårdsregionen
Sammanträdesdatum: 2025-03-12
Närvarande ledamöter
Eva Ek (S), ordförande, Region Dalarna
Tjänstgörande ersättare
Per Holm (L), Region Gävleborg, ersätter Lars Berg (M)
Frånvarande ledamöter
Lars Berg (M), Region Gävleborg
§ 3 Budget (jfr § 1)
Beslut: Nämnden godkänner budgeten.
"""

ROSTER_DA = """# Klyngestyregruppen i Sundhedsklynge Fjordby
## Medlemmer
Kommunale medlemmer:
- Mette Holm, direktør, Viborg Kommune (næstformand)
- Lars Dam, Skive Kommune (fra 1. marts 2025)
## Ændringer
Tine Bak, Skive Kommune, udtrådte af klyngestyregruppen den 28. februar 2025. Hun afløses af Lars Dam.
"""

PROSE_NB = """HELSEFELLESSKAP NORDKAPP
Referat fra Partnerskapsmøtet 4. mars 2025

Til stede var leder, ordfører Kari Berg (Alta kommune), og brukerrepresentant Ole Bakke (Brukerutvalget).
Ordfører Per Moe (Vadsø kommune) hadde meldt forfall; varaordfører Liv Dahl møtte som vara for ham.

Sak 1/25 Godkjenning
Vedtak: Godkjent.
"""


def test_nynorsk_minutes_with_labels_dashes_and_a_substitute(tmp_path):
    e = parse_file(write(tmp_path / "nn.txt", MINUTES_NN))
    assert e.collaboration == "Helsefellesskapet Sunnfjord" and e.body == "Fagleg samarbeidsutval for eldre"
    assert e.meeting.date == "2025-02-03"
    people = {p.name: p for p in e.participants}
    assert people["Ragna Eide"].role == "leiar" and people["Ragna Eide"].organisation == "Førde kommune"
    assert people["Olav Hus"].capacity == "substitute" and people["Olav Hus"].substitute_for == "Aud Li"
    assert people["Aud Li"].status == "absent"
    assert e.cases[0].identifier == "04/25" and e.cases[0].references[0].identifier == "01/25"


def test_swedish_protokoll_with_parties_and_a_serving_deputy(tmp_path):
    e = parse_file(write(tmp_path / "sv.txt", PROTOKOLL_SV))
    assert e.collaboration == "Norra sjukvårdsregionen" and e.body == "Samrådsnämnden"
    assert e.meeting.date == "2025-03-12"
    people = {p.name: p for p in e.participants}
    assert people["Eva Ek"].role == "ordförande" and people["Eva Ek"].organisation == "Region Dalarna"
    assert people["Per Holm"].capacity == "substitute" and people["Per Holm"].substitute_for == "Lars Berg"
    assert people["Lars Berg"].status == "absent"
    assert [(c.identifier, [r.identifier for r in c.references]) for c in e.cases] == [("3", ["1"])]


def test_danish_member_page_is_a_roster_with_a_succession(tmp_path):
    e = parse_file(write(tmp_path / "da.html", "<html><body><main>" + "".join(
        f"<h1>{l[2:]}</h1>" if l.startswith("# ") else f"<h2>{l[3:]}</h2>" if l.startswith("## ") else
        f"<li>{l[2:]}</li>" if l.startswith("- ") else f"<p>{l}</p>" for l in ROSTER_DA.splitlines()) + "</main></body></html>"))
    assert e.kind == "roster" and not e.participants and e.meeting is None
    members = {(m.name, m.start, m.end, m.succeeds) for m in e.memberships}
    assert ("Mette Holm", None, None, None) in members
    assert ("Lars Dam", "2025-03-01", None, None) in members
    assert ("Tine Bak", None, "2025-02-28", None) in members
    assert ("Lars Dam", None, None, "Tine Bak") in members
    assert e.collaboration == "Sundhedsklynge Fjordby"


def test_attendance_in_running_text(tmp_path):
    e = parse_file(write(tmp_path / "prose.txt", PROSE_NB))
    people = {p.name: p for p in e.participants}
    assert people["Kari Berg"].status == "present" and people["Kari Berg"].role == "leder"
    assert people["Kari Berg"].organisation == "Alta kommune"
    assert people["Ole Bakke"].role == "brukerrepresentant"
    assert people["Per Moe"].status == "absent"
    assert people["Liv Dahl"].capacity == "substitute" and people["Liv Dahl"].substitute_for == "Per Moe"


@pytest.mark.parametrize("lines, collaboration, body", [
    (["Referat – møte i styringsgruppen"], None, "Styringsgruppen"),
    (["Referat af møde i Sundhedssamarbejdet Vest", "Styregruppen"], "Sundhedssamarbejdet Vest", "Styregruppen"),
    (["Samrådsnämnden i Norra sjukvårdsregionen"], "Norra sjukvårdsregionen", "Samrådsnämnden"),
    (["Referat fra Partnerskapsmøtet 7. mai 2025"], None, "Partnerskapsmøtet"),
])
def test_body_named_in_the_title_lines(lines, collaboration, body):
    from samkart.loaders.opening import body_in_title

    assert body_in_title(lines, collaboration) == body


MOTEBOK = """MØTEBOK
Samhandlingsutvalget i Helsefellesskapet Telemark
Møtedato: Torsdag 6. mars 2025
Møtende medlemmer:
Kari Lunde (Ap), leder, Skien kommune
Møtende varamedlemmer:
Sindre Holt, Porsgrunn kommune (for Mona Lie)
Forfall:
Mona Lie, Porsgrunn kommune
Protokollfører: Eva Nes

PS 6/25 Felles tiltak (jf. PS 2/25)
Vedtak: Utvalget slutter seg til forslaget.
"""

CARDS = """<html><body><main><h1>Medlemmer i Styringsgruppen for Fjellklyngen helseklynge</h1>
<h3>Ingrid Solberg</h3><p>Leder, Universitetet i Nordland</p>
<h3>Tor Eriksen</h3><p>Universitetssykehuset Nordland HF</p></main></body></html>"""


def test_municipal_minutes_book_with_deputies_for_members(tmp_path):
    e = parse_file(write(tmp_path / "motebok.txt", MOTEBOK))
    assert e.collaboration == "Helsefellesskapet Telemark" and e.body == "Samhandlingsutvalget" and e.meeting.date == "2025-03-06"
    people = {p.name: p for p in e.participants}
    assert people["Kari Lunde"].role == "leder" and people["Kari Lunde"].organisation == "Skien kommune"
    assert people["Sindre Holt"].capacity == "substitute" and people["Sindre Holt"].substitute_for == "Mona Lie"
    assert people["Eva Nes"].capacity == "secretariat"
    assert [(c.identifier, [r.identifier for r in c.references]) for c in e.cases] == [("6/25", ["2/25"])]


def test_member_cards_with_the_name_as_heading(tmp_path):
    e = parse_file(write(tmp_path / "cards.html", CARDS))
    members = {m.name: m for m in e.memberships}
    assert set(members) == {"Ingrid Solberg", "Tor Eriksen"}  # 'Universitetssykehuset Nordland' is no person
    assert members["Ingrid Solberg"].role == "Leder" and members["Ingrid Solberg"].organisation == "Universitetet i Nordland"
    assert members["Tor Eriksen"].organisation == "Universitetssykehuset Nordland HF"
    assert e.collaboration == "Fjellklyngen helseklynge" and {m.body for m in e.memberships} == {"Styringsgruppen"}


def test_surname_first_register_form():
    (entry,) = read_entries("Nordmann, Kari (Ap), leder")
    assert entry.name == "Kari Nordmann" and entry.beside.role == "leder" and entry.beside.party == "Ap"


@pytest.mark.parametrize("heading, expected", [
    ("Følgende faste medlemmer møtte:", {"status": "present"}),
    ("Følgende medlemmer hadde forfall:", {"status": "absent"}),
    ("Møtande medlemer:", {"status": "present"}),
    ("Møtande vara:", {"status": "present", "capacity": "substitute", "role": "vara"}),
    ("Andre tilstede:", {"status": "present", "capacity": "guest"}),
])
def test_headings_read_by_their_word_stems(heading, expected):
    from samkart.loaders.layout import label_of

    got = label_of(heading.rstrip(":"))
    assert {k: got.get(k) for k in expected} == expected
    assert label_of("Fossum, observatør, KS") is None  # a line with a name and commas is no heading


@pytest.mark.parametrize("text, name, title", [
    ("sundheds- og omsorgsdirektør Thomas Bæk Nielsen (næstformand)", "Thomas Bæk Nielsen", "sundheds- og omsorgsdirektør"),
    ("Lægefaglig direktør, dr.med. Ole Kristian Bach", "Ole Kristian Bach", "Lægefaglig direktør, dr.med."),
    ("prof. dr. Ingeborg von Hirsch", "Ingeborg von Hirsch", "prof. dr."),
    ("Afdelingschef Malene Skov", "Malene Skov", "Afdelingschef"),
    ("chef for Social og Sundhed Louise Dam, Fanø Kommune", "Louise Dam", "chef for Social og Sundhed"),
])
def test_title_words_before_a_name_no_list_knows(text, name, title):
    found = leading_name(text)
    assert (found.name, found.title) == (name, title)
    assert leading_name("ersätter Lars Berg (M)") is None and leading_name("Viborg Kommune Lise Dam") is None


def test_stand_in_named_beside_the_absent_member_and_implied_absence(tmp_path):
    text = """Sundhedsklynge Fjordby
Referat – Klyngestyregruppen
Dato: 3. april 2025
Til stede: Anne Kjær (formand), Esbjerg Kommune; Tove Lind, Varde Kommune
Afbud: Jakob Sand, Vejen Kommune (stedfortræder: Hanne Brix deltog)
Ole Vik møtte for Per Dahl.
"""
    e = parse_file(write(tmp_path / "da.txt", text))
    people = {p.name: p for p in e.participants}
    assert people["Hanne Brix"].capacity == "substitute" and people["Hanne Brix"].substitute_for == "Jakob Sand"
    assert people["Jakob Sand"].status == "absent"
    assert people["Ole Vik"].status == "present" and people["Ole Vik"].substitute_for == "Per Dahl"
    assert people["Per Dahl"].status == "absent"  # whoever was stood in for was not there


def test_line_breaks_in_web_pages_separate_people(tmp_path):
    html = """<html><body><main><h1>Ledningsgruppen för vård i Länssamverkan Gävleborg</h1>
<p>Eva Lind, ordförande, Region Gävleborg<br>Olof Berg, ledamot, Sandvikens kommun<br>Karin Ek, ledamot, Region Gävleborg (t.o.m. 2024-06-30)<br>
Per Ljung, ledamot, Region Gävleborg (från 2024-07-01, efterträder Karin Ek)</p></main></body></html>"""
    e = parse_file(write(tmp_path / "sv.html", html))
    members = {m.name: m for m in e.memberships}
    assert set(members) == {"Eva Lind", "Olof Berg", "Karin Ek", "Per Ljung"}
    assert members["Karin Ek"].end == "2024-06-30" and members["Per Ljung"].start == "2024-07-01"
    assert members["Per Ljung"].succeeds == "Karin Ek"


@pytest.mark.parametrize("line, identifier", [
    ("Sak 2024/15 Budsjett", "2024/15"), ("O-sak 3/24 Orientering", "3/24"), ("Punkt 4.2 Økonomi", "4.2"), ("PS 12/24 Plan", "12/24"),
])
def test_more_case_number_forms(line, identifier):
    assert match_case_line(line)[0] == identifier
    assert match_case_line("sak 41/23 fortsetter") is None  # a reference broken over lines, not a heading


def test_one_line_lists_keep_every_given_name_and_sami_letters():
    names = [e.name for e in read_entries("Kari Nymo (Bodø kommune), leder; Per Arild Hansen (Nordlandssykehuset HF); Ánne Ŋuolja Valkeapää")]
    assert names == ["Kari Nymo", "Per Arild Hansen", "Ánne Ŋuolja Valkeapää"]
    assert leading_name("Haraldsplass Katinka Alme", strict=True) is None  # a place before a given name is no name


MIXED_ROW = """Sundhedsklynge Vestkyst
Referat – Klyngestyregruppen
Mødedato: 2. december 2024
Deltagere: Lone Kjær (formand), Næstved Kommune; Bo Frost, Faxe Kommune
Fraværende med afbud: Eva Busk, Faxe Kommune      Referent: Maja Thorsen, Region Sjælland

Punkt 1 Budget
Beslutning: Godkendt, jf. punkt 3 på mødet den 1. oktober 2024.
"""


def test_labels_side_by_side_and_references_in_decisions(tmp_path):
    e = parse_file(write(tmp_path / "row.txt", MIXED_ROW))
    people = {p.name: (p.status, p.capacity) for p in e.participants}
    assert people == {"Lone Kjær": ("present", "member"), "Bo Frost": ("present", "member"),
                      "Eva Busk": ("absent", "member"), "Maja Thorsen": ("present", "secretariat")}
    assert [(r.identifier, r.meeting_date) for r in e.cases[0].references] == [("3", "2024-10-01")]


def test_html_rowspan_cells_fill_the_rows_below(tmp_path):
    html = """<html><body><main><h1>Referat – Styringsgruppen i Fjellklyngen helseklynge</h1><p>Dato: 20. juni 2024</p>
<table><tr><th>Organisasjon</th><th>Navn</th><th>Rolle</th><th>Møtt</th></tr>
<tr><td rowspan="2">Lillestrøm kommune</td><td>Kari Berg</td><td>Leder</td><td>Ja</td></tr>
<tr><td>Ola Dahl</td><td>Medlem</td><td>Nei</td></tr>
<tr><td colspan="1">Ahus HF</td><td>Per Lie</td><td>Nestleder</td><td>Ja</td></tr></table></main></body></html>"""
    e = parse_file(write(tmp_path / "rowspan.html", html))
    people = {p.name: (p.organisation, p.status) for p in e.participants}
    assert people == {"Kari Berg": ("Lillestrøm kommune", "present"), "Ola Dahl": ("Lillestrøm kommune", "absent"),
                      "Per Lie": ("Ahus HF", "present")}


def test_names_written_with_an_initial():
    names = [e.name for e in read_entries("A-K. Brännström, ordf., Region Dalarna; B. Olofsson, Falu kommun; G. Lind (sekr.)")]
    assert names == ["A-K. Brännström", "B. Olofsson", "G. Lind"]
    assert leading_name("K Hansen") is None  # a bare capital letter opens no name


ENGLISH_NUMBERED = """Helseklynge Nidaros – Steering Group
Minutes of meeting 4 February 2025, 10:00–12:00

Present:
1. Gunn Moe, leder, Trondheim kommune
2. Lars Viken (St. Olavs hospital HF); Ahmed Yusuf (GP representative)
Apologies: Randi Storvik (Melhus kommune)

Sak 08/2025 Approval of minutes
Vedtak: Approved, jf. sak 41/2024.
"""


def test_english_labels_numbered_lists_semicolons_and_four_digit_years(tmp_path):
    e = parse_file(write(tmp_path / "en.txt", ENGLISH_NUMBERED))
    assert e.kind == "minutes" and e.meeting.date == "2025-02-04"
    people = {p.name: (p.status, p.organisation) for p in e.participants}
    assert people == {"Gunn Moe": ("present", "Trondheim kommune"), "Lars Viken": ("present", "St. Olavs hospital HF"),
                      "Ahmed Yusuf": ("present", None), "Randi Storvik": ("absent", "Melhus kommune")}
    assert [(c.identifier, [r.identifier for r in c.references]) for c in e.cases] == [("08/2025", ["41/2024"])]


def test_in_place_of_x_came_y(tmp_path):
    text = """Helsefellesskapet Sunnhordland
Møtebok – Strategisk samarbeidsutval
Møtedato: 11. februar 2025
Til stades: Solfrid Vik (Bømlo kommune)
Ikkje møtt: Jostein Aarre (Kvinnherad kommune)
I staden for Jostein Aarre møtte vara Elin Skaar.
"""
    e = parse_file(write(tmp_path / "nn.txt", text))
    marks = [(p.name, p.status, p.capacity, p.substitute_for) for p in e.participants]
    assert ("Elin Skaar", "present", "substitute", "Jostein Aarre") in marks
    assert ("Jostein Aarre", "present", "member", None) not in marks  # named in the sentence, never made present by it
