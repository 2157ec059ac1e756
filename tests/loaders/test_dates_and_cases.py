from __future__ import annotations

import pytest

from samkart.graph.model import Provenance
from samkart.loaders.cases import case_key, find_references, match_bare_case, match_case_heading, match_numbered_item
from samkart.loaders.dates import find_dates, first_date, parse_time
from samkart.loaders.freetext import NameBinder, memberships, presenters, substitutes

P = Provenance("d", 1, 1, "x")


@pytest.mark.parametrize("text,default_year,expected", [
    ("27.05.2024", None, "2024-05-27"),
    ("møte 04.09.23", None, "2023-09-04"),
    ("2. oktober 2023", None, "2023-10-02"),
    ("Fredag 19.februar", 2021, "2021-02-19"),
    ("Tirsdag d. 20. september 2022 kl. 16.00-18.00", None, "2022-09-20"),
    ("23. juni 2022 kl. 13.00 – 14.30", None, "2022-06-23"),
    ("18. des. i styremøtet", 2023, "2023-12-18"),
    ("13. december 2018", None, "2018-12-13"),
])
def test_dates(text, default_year, expected):
    assert first_date(text, default_year) == expected


def test_no_date_without_year_or_default():
    assert find_dates("Fredag 19.februar") == []
    assert first_date("31.02.2024") is None


def test_times():
    assert parse_time("kl. 13.00 – 14.30") == "13:00-14:30"
    assert parse_time("10:30 – 11:30") == "10:30-11:30"


@pytest.mark.parametrize("text,identifier,title", [
    ("Sak 12-24 Budsjett for 2025", "12-24", "Budsjett for 2025"),
    ("Sak 04/21 Koordinering", "04/21", "Koordinering"),
    ("sak 7/2024: Eventuelt", "7/2024", "Eventuelt")  # the identifier as written,
])
def test_case_headings(text, identifier, title):
    cid, found = match_case_heading(text)
    assert cid.normalised == identifier and found == title


def test_bare_and_numbered():
    assert match_bare_case("34/23")[0].normalised == "34/23"
    assert match_bare_case("01/21 Godkjenning V")[1] == "Godkjenning V"
    assert match_bare_case("2024/25") is None
    assert match_numbered_item("2. Mødeplanlægning 2022") == ("2", "Mødeplanlægning 2022")
    assert case_key("14/23") == case_key("14-23")


def test_references_in_every_form():
    refs = find_references("Jf. sak 04/21 og sak 23-23, møte 04.09.23. Se referat fra møte 22.09.2023.", P)
    got = {(r.identifier, r.meeting_date) for r in refs}
    assert got == {("04/21", None), ("23-23", "2023-09-04"), ("", "2023-09-22")}
    refs = find_references("jf. beslutning på mødet den 13. december 2018, punkt 4", P)
    assert [(r.identifier, r.meeting_date) for r in refs] == [("4", "2018-12-13")]
    refs = find_references("Oppfølging av sak 32-23 i Styringsgruppens møte 2. oktober 2023", P)
    assert refs[0].body == "Styringsgruppens" and refs[0].meeting_date == "2023-10-02"


def test_free_text_facts():
    binder = NameBinder(full_names=["Kari Nordmann", "Per Dahl"], initials={"KN": "Kari Nordmann"})
    assert presenters("Presentasjon v/ Kari Nordmann og Per Dahl (vedlagt)", binder) == ["Kari Nordmann", "Per Dahl"]
    assert presenters("Orientering v/ Kari og Per", binder) == ["Kari Nordmann", "Per Dahl"]
    assert presenters("Oppdateringer fra klyngeleder KN", binder) == ["Kari Nordmann"]
    assert presenters("Helsedirektoratet, v/Solrun Elvik", binder) == []
    assert substitutes("Ola Berg deltok for Per Dahl.", binder) == [("Ola Berg", "Per Dahl")]
    assert substitutes("Ola Berg møtte for Kari Nordmann", binder) == [("Ola Berg", "Kari Nordmann")]
    facts = memberships("Det er Ola Berg som da går inn som NORCE sin representant i Styringsgruppen.", P, binder, "2024-01-01")
    assert [(m.name, m.organisation, m.body, m.start) for m in facts] == [("Ola Berg", "NORCE", "Styringsgruppen", "2024-01-01")]
    facts = memberships("ny leder er Nina Lie fra HVL. Hun tar over ledervervet etter Per Dahl, UiB.", P, binder, "2024-01-01",
                        heading="Ny leder faggruppe demens")
    assert {(m.name, m.role, m.start, m.end) for m in facts} == {("Nina Lie", "leder", "2024-01-01", None), ("Per Dahl", "leder", None, "2024-01-01")}
    assert all(m.body == "faggruppe demens" for m in facts)
