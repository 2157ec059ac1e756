from __future__ import annotations

from samkart.loaders import parse_file
from tests.conftest import SEED_DANISH, parse_text

VARIANT = """Møde\tDirektørforum Syd
Dato\t4. marts 2024 kl. 10.00 – 12.00
Sted\tRådhuset
Deltagere\tSøren Holm, Vejle Kommune (mødeleder) Lise Kjær, Region Syddanmark Ole Bak, Vejle Kommune (sekretariat)
Afbud\tLise Kjær
Referent\tOle Bak

1. Godkendelse af dagsorden v/ Søren

Referat:

Dagsordenen blev godkendt.

2. Budget v/Ole

Indstilling:

Det indstilles, at budgettet godkendes.

Referat:

Budgettet blev godkendt, jf. beslutning på mødet den 13. december 2023, punkt 4.
"""


def test_seed_danish(seeds):
    e = parse_file(seeds / SEED_DANISH)
    assert e.document.family in ("danish-minutes", "layout-agnostic") and e.document.language == "da"
    assert e.collaboration == "Sundhedsklynge Midt"
    assert e.body == "Klyngestyregruppe Midt"
    assert e.meeting.date == "2022-06-23" and e.meeting.time == "13:00-14:30"
    people = {p.name: p for p in e.participants}
    assert set(people) == {"Bente Graversen", "Eva Sejersdal Knudsen", "Henrik Houmøller Sprøgel", "Malene Horsholt",
                           "Dorte Rosendal Meier", "Mathilde Hougaard Madsen", "Mikkel Grimmeshave",
                           "Daniel Kjærgaard Simonsen", "Hanne Madsen"}
    assert people["Bente Graversen"].organisation == "Aalborg Kommune" and people["Bente Graversen"].role == "mødeleder"
    assert people["Henrik Houmøller Sprøgel"].organisation == "Jammerbugt Kommune"
    # Afbud wins over being listed as participant or guest
    assert people["Malene Horsholt"].status == "absent" and people["Daniel Kjærgaard Simonsen"].status == "absent"
    assert people["Mikkel Grimmeshave"].capacity == "guest" and people["Mikkel Grimmeshave"].status == "present"
    assert people["Hanne Madsen"].status == "absent"


def test_seed_items_first_names_and_amounts(seeds):
    e = parse_file(seeds / SEED_DANISH)
    items = {c.identifier: c for c in e.cases}
    assert list(items) == ["1", "2", "3", "4", "5", "6", "7"]
    assert items["1"].title == "Organisering af Sundhedsklynge Midt"
    assert items["1"].presenters == ["Mikkel Grimmeshave", "Daniel Kjærgaard Simonsen", "Henrik Houmøller Sprøgel"]
    assert items["6"].presenters == ["Malene Horsholt"]
    assert items["1"].decision_kind == "referat" and items["1"].decision_text.startswith("Organisationsnotatet blev drøftet")
    amounts = {(a.organisation, a.year): a.value for a in items["4"].amounts}
    assert amounts[("Aalborg Kommune", "2022")] == 1_446_000
    assert amounts[("Region Nordjylland", "2023")] == 1_789_201
    assert amounts[(None, "2022")] == 3_475_201
    assert all(a.currency == "DKK" for a in items["4"].amounts)


def test_variant(tmp_path):
    e = parse_text(tmp_path, VARIANT)
    assert e.document.family in ("danish-minutes", "layout-agnostic")
    assert e.meeting.date == "2024-03-04"
    people = {p.name: p for p in e.participants}
    assert people["Lise Kjær"].status == "absent" and people["Lise Kjær"].organisation == "Region Syddanmark"
    assert people["Ole Bak"].capacity == "secretariat"
    items = {c.identifier: c for c in e.cases}
    assert items["1"].presenters == ["Søren Holm"] and items["2"].presenters == ["Ole Bak"]
    assert items["2"].decision_kind == "referat"  # the minutes' own record beats the recommendation
    ref = items["2"].references[0]
    assert (ref.identifier, ref.meeting_date) == ("4", "2023-12-13")
