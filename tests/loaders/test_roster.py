from __future__ import annotations

from samkart.loaders import parse_file
from tests.conftest import SEED_ROSTER, parse_text

VARIANT = """Arbeidsgruppe for samhandling

Arbeidsgruppen har bestått av:

- Kari Nordmann — områdeutvalget for Voss
- Ola Hansen (fra 1. mars 2025) — Helse Bergen
- Per Dahl (ut 2024) — Haraldsplass
- Lise Berg, leder, Bergen kommune
- Konserndirektør Nils Aas, NORCE
"""


def test_seed_roster_with_ocr_repair(seeds):
    e = parse_file(seeds / SEED_ROSTER)
    assert e.document.family in ("roster", "layout-agnostic") and e.document.ocr
    assert e.document.sensitivity == "Intern (gul)"
    assert e.collaboration == "Helsefellesskapet i bergensområdet"
    members = {m.name: m for m in e.memberships}
    assert len(members) == 9
    # OCR repair of unambiguous marks; the damaged surname is left for the resolver
    assert "Ida Elisabeth Nordvik" in members and "Ørjan Raknes Forthun" in members
    assert "Randi-Luise Mggster" in members
    assert members["Ørjan Raknes Forthun"].end == "2023"
    assert members["Ingvild Kirsti Hjelmtveit"].start == "2024-01-01"
    assert members["Grete Wold"].role == "fastlegerepresentant"
    assert members["Ida Elisabeth Nordvik"].role == "brukerrepresentant"
    assert members["Edith Oma"].organisation == "områdeutvalget for bergensregionen"
    assert all(m.body and m.body.lower().startswith("arbeidsgruppe") for m in e.memberships)
    # provenance keeps the original, damaged text
    assert "|da Elisabeth" in members["Ida Elisabeth Nordvik"].prov.quote


def test_variant_roster_forms(tmp_path):
    e = parse_text(tmp_path, VARIANT)
    assert e.document.family in ("roster", "layout-agnostic") and not e.document.ocr
    members = {m.name: m for m in e.memberships}
    assert set(members) == {"Kari Nordmann", "Ola Hansen", "Per Dahl", "Lise Berg", "Nils Aas"}
    assert members["Ola Hansen"].start == "2025-03-01" and members["Per Dahl"].end == "2024"
    assert members["Lise Berg"].role == "leder" and members["Lise Berg"].organisation == "Bergen kommune"
    assert members["Nils Aas"].role == "Konserndirektør" and members["Nils Aas"].organisation == "NORCE"
    assert members["Kari Nordmann"].organisation == "områdeutvalget for Voss"


def test_members_table_on_a_web_page(tmp_path):
    from tests.conftest import write

    page = write(tmp_path / "styringsgruppe.html", """<html><body><nav>Meny</nav><main><h1>Styringsgruppen i Alrek helseklynge</h1>
<table><tr><th>Navn</th><th>Rolle</th><th>Organisasjon</th></tr>
<tr><td>Kari Nordmann</td><td>leder</td><td>Helse Bergen</td></tr>
<tr><td>Per Hansen</td><td>medlem</td><td>Universitetet i Bergen</td></tr>
<tr><td>Nina Dahl</td><td>vara</td><td>NORCE</td></tr></table></main><footer>Kontakt</footer></body></html>""")
    e = parse_file(page)
    assert e.document.family in ("roster", "layout-agnostic") and e.participants == []  # a roster is no meeting
    members = {m.name: m for m in e.memberships}
    assert {n: (m.role, m.organisation, m.body) for n, m in members.items()} == {
        "Kari Nordmann": ("leder", "Helse Bergen", "Styringsgruppen"),
        "Per Hansen": ("medlem", "Universitetet i Bergen", "Styringsgruppen"),
        "Nina Dahl": ("vara", "NORCE", "Styringsgruppen")}
    assert e.collaboration == "Alrek helseklynge"
