"""Every command through click's CliRunner, checking the JSON contract documented in the README."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from samkart.cli import cli
from tests.conftest import write

OVERLAP = {"Randi-Luise Møgster", "Rebekka Ljosland", "Trond Egil Hansen"}


def run(runner, store, *args):
    result = runner.invoke(cli, ["--store", str(store), *args], catch_exceptions=False)
    return result


def test_load_reports_counts_and_bad_files(runner, tmp_path, seeds):
    bad = write(tmp_path / "in" / "empty.txt", "")
    (tmp_path / "in" / "binary.txt").write_bytes(bytes(range(256)) * 20)
    write(tmp_path / "in" / "cp1252.txt", "Referat SSU 1. mars 2024\nKommunehelsetjenesten: Åse Dahl (OU Voss), Per Øye (OU Bergen)\n", "cp1252")
    result = runner.invoke(cli, ["--store", str(tmp_path / "s"), "load", str(seeds), str(tmp_path / "in"), "--json"])
    assert result.exit_code == 0
    report = json.loads(result.output)
    assert len(report["loaded"]) == 6
    failed = {f["path"]: f["reason"] for f in report["failed"]}
    assert str(bad) in failed and "empty" in failed[str(bad)]
    assert any("binary" in r for r in failed.values())
    assert report["counts"]["documents"] == 6


def test_load_exits_non_zero_only_when_nothing_loaded(runner, tmp_path):
    write(tmp_path / "empty.txt", "")
    result = run(runner, tmp_path / "s", "load", str(tmp_path / "empty.txt"))
    assert result.exit_code == 1
    assert "empty.txt" in result.output and "empty" in result.output


def test_overlap_contract(runner, seed_store):
    result = run(runner, seed_store, "overlap", "Alrek", "Helsefellesskapet", "--json")
    data = json.loads(result.output)
    assert {p["name"] for p in data} == OVERLAP
    randi = next(p for p in data if p["name"] == "Randi-Luise Møgster")
    assert set(randi) == {"id", "name", "a", "b"}
    assert {m["collaboration"] for m in randi["a"]} == {"Alrek helseklynge"}
    assert {m["collaboration"] for m in randi["b"]} == {"Helsefellesskapet i bergensområdet"}
    assert {"body", "collaboration", "organisation", "role", "start", "end"} <= set(randi["a"][0])  # fields may be added, never removed


def test_overlap_of_bodies(runner, seed_store):
    data = json.loads(run(runner, seed_store, "overlap", "SSU", "Arbeidsgruppe strategi", "--json").output)
    names = {p["name"] for p in data}
    assert {"Kjersti Nordanger", "Randi-Luise Møgster", "Ingvild Kirsti Hjelmtveit", "Ida Elisabeth Nordvik"} <= names
    assert "Edith Oma" not in names  # only in the working group


def test_person_contract_and_lookup(runner, seed_store):
    data = json.loads(run(runner, seed_store, "person", "randi-luise mogster", "--json").output)
    assert set(data) >= {"id", "name", "aliases", "memberships", "attendance"}
    assert data["name"] == "Randi-Luise Møgster" and "Randi-Luise Mggster" in data["aliases"]
    m = data["memberships"][0]
    assert set(m) >= {"body", "collaboration", "organisation", "role", "start", "end", "sources"}
    assert all(set(s) == {"document", "line"} for mm in data["memberships"] for s in mm["sources"])
    assert {a["status"] for a in data["attendance"]} == {"present"}
    # by alias
    assert json.loads(run(runner, seed_store, "person", "Rebecca Ljosland", "--json").output)["name"] == "Rebekka Ljosland"


def test_person_ambiguous_and_unknown(runner, seed_store):
    result = runner.invoke(cli, ["--store", str(seed_store), "person", "Bakke"])
    assert result.exit_code == 2 and "Marit Bakke" in result.output and "Per Bakke" in result.output
    result = runner.invoke(cli, ["--store", str(seed_store), "person", "Randi Møgstad"])
    assert result.exit_code == 2 and "Randi-Luise Møgster" in result.output


def test_person_explain(runner, seed_store):
    data = json.loads(run(runner, seed_store, "person", "Linn Bergsma", "--explain", "--json").output)
    assert data["explanations"][0]["rule"] == "middle-name"


def test_list_meetings_contract(runner, seed_store):
    data = json.loads(run(runner, seed_store, "list", "meetings", "--json").output)
    meeting = next(m for m in data if m["body"] == "Styringsgruppen" and m["date"] == "2024-05-27")
    assert set(meeting) >= {"id", "body", "collaboration", "date", "document", "attendance", "cases"}
    assert len(meeting["attendance"]) == 20
    assert set(meeting["attendance"][0]) >= {"person", "status", "capacity", "remote"}
    case = next(c for c in meeting["cases"] if c["identifier"] == "13-24")
    assert set(case) >= {"id", "title", "decision", "references"}
    assert {r["case"] for r in case["references"]} == {"23-23", "12-23"}
    assert set(case["references"][0]) == {"case", "body", "meeting_date", "resolved"}


def test_list_people_contract(runner, seed_store):
    data = json.loads(run(runner, seed_store, "list", "people", "--json").output)
    assert all(set(p) == {"id", "name", "aliases", "documents"} for p in data)
    randi = next(p for p in data if p["name"] == "Randi-Luise Møgster")
    assert len(randi["documents"]) == 3


@pytest.mark.parametrize("kind", ["organisations", "bodies", "collaborations", "cases"])
def test_list_other_kinds(runner, seed_store, kind):
    result = run(runner, seed_store, "list", kind, "--json")
    assert result.exit_code == 0 and json.loads(result.output)
    assert run(runner, seed_store, "list", kind, "--csv").output.count("\n") > 1


def test_sparql_named_query_binds_names_safely(runner, seed_store):
    data = json.loads(run(runner, seed_store, "sparql", "overlap", "--param", "a=Alrek", "--param", "b=Helsefellesskapet", "--json").output)
    assert {r["name"] for r in data} == OVERLAP
    # a value is a bound term, never query text
    query = "SELECT ?v ?p WHERE { ?p <http://xmlns.com/foaf/0.1/name> ?name FILTER(?name = ?v) }"
    assert len(json.loads(run(runner, seed_store, "sparql", query, "--param", "v=Marit Bakke", "--json").output)) == 1
    evil = run(runner, seed_store, "sparql", query, "--param", 'v=" } ; DROP ALL ; #', "--json")
    assert json.loads(evil.output) == []
    assert json.loads(run(runner, seed_store, "list", "people", "--json").output)


def test_sparql_inline_and_file(runner, seed_store, tmp_path):
    q = write(tmp_path / "n.rq", "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p a <http://xmlns.com/foaf/0.1/Person> }")
    by_file = json.loads(run(runner, seed_store, "sparql", str(q), "--json").output)
    assert by_file[0]["n"] == 59  # the seeds name 60 people; one is named only in running text with a given name no list holds


def test_queries_lists_named_queries(runner):
    result = runner.invoke(cli, ["queries", "--json"])
    names = {q["name"] for q in json.loads(result.output)}
    assert {"overlap", "person-roles", "attendance", "case-references"} <= names


@pytest.mark.parametrize("fmt", ["turtle", "trig", "jsonld", "nquads"])
def test_export_formats(runner, seed_store, tmp_path, fmt):
    out = tmp_path / f"x.{fmt}"
    result = run(runner, seed_store, "export", "--format", fmt, "-o", str(out))
    assert result.exit_code == 0 and out.stat().st_size > 10_000
    from rdflib import Dataset

    Dataset().parse(out, format={"turtle": "turtle", "trig": "trig", "jsonld": "json-ld", "nquads": "nquads"}[fmt])


def test_missing_store_says_how_to_fix(runner, tmp_path):
    result = runner.invoke(cli, ["--store", str(tmp_path / "none"), "list", "people"])
    assert result.exit_code == 1 and "samkart load" in result.output


def test_judge_changes_next_result_and_survives_reload(runner, store_copy, seeds):
    data = json.loads(run(runner, store_copy, "person", "Ellen Berggreen", "--json").output)
    assert data["aliases"] == ["Ellen Berggren"]
    assert run(runner, store_copy, "judge", "Ellen Berggreen", "Ellen Berggren", "different").exit_code == 0
    result = runner.invoke(cli, ["--store", str(store_copy), "person", "Ellen Berggren", "--json"])
    assert json.loads(result.output)["aliases"] == []
    run(runner, store_copy, "load", str(seeds))
    assert json.loads(run(runner, store_copy, "person", "Ellen Berggreen", "--json").output)["aliases"] == []


def test_review_lists_uncertain_pairs(runner, tmp_path):
    write(tmp_path / "a.txt", "Referat SSU 1. mars 2024\nKommunehelsetjenesten: Linn Bergsma (OU Voss), Per Dahl (OU Bergen)\n")
    write(tmp_path / "b.txt", "Møde\tKlyngestyregruppe Midt\nDato\t1. marts 2024\nDeltagere\tLinn Dale Bergsma, Aalborg Kommune Ole Bak, Region Nordjylland\n")
    run(runner, tmp_path / "s", "load", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"))
    data = json.loads(run(runner, tmp_path / "s", "review", "--json").output)
    assert {data[0]["a"], data[0]["b"]} == {"Linn Bergsma", "Linn Dale Bergsma"}


def test_old_ids_stay_resolvable(runner, seed_store):
    data = json.loads(run(runner, seed_store, "person", "person/linn-bergsma", "--json").output)
    assert data["id"] == "person/linn-dale-bergsma"


def test_neo4j_push_unreachable_is_a_clear_error(runner, seed_store):
    result = runner.invoke(cli, ["--store", str(seed_store), "neo4j", "push", "--uri", "bolt://127.0.0.1:9", "--user", "x", "--password", "y"])
    assert result.exit_code == 1
    assert "cannot reach Neo4j at bolt://127.0.0.1:9" in result.output and "Traceback" not in result.output


def test_families_lists_every_loader(runner):
    output = runner.invoke(cli, ["families"]).output
    for family in ("attendance-table-minutes", "grouped-participants-minutes", "danish-minutes", "case-agenda", "roster", "layout-agnostic"):
        assert family in output


def test_bad_batch_loses_nothing_already_stored(runner, store_copy, tmp_path):
    before = json.loads(run(runner, store_copy, "list", "people", "--json").output)
    huge = tmp_path / "bad" / "huge.txt"
    huge.parent.mkdir()
    with huge.open("wb") as handle:  # sparse: over the size limit without using the disk
        handle.truncate(60 * 1024 * 1024)
    (tmp_path / "bad" / "cut.docx").write_bytes(b"PK\x03\x04" + b"\x00" * 50)
    write(tmp_path / "bad" / "poem.txt", "Det var en gang en katt.\n")
    result = runner.invoke(cli, ["--store", str(store_copy), "load", str(tmp_path / "bad"), "--json"])
    assert result.exit_code == 0  # the poem is stored (no document is refused for its layout); the two bad files are reported
    report = json.loads(result.output)
    reasons = {Path(f["path"]).name: f["reason"] for f in report["failed"]}
    assert set(reasons) == {"huge.txt", "cut.docx"}
    assert "limit" in reasons["huge.txt"] and "Word" in reasons["cut.docx"]
    assert any("poem.txt" in w and "nothing found" in w for w in report["warnings"])
    assert json.loads(run(runner, store_copy, "list", "people", "--json").output) == before


def test_randi_left_her_seat_when_clara_took_it(runner, seed_store):
    data = json.loads(run(runner, seed_store, "person", "Randi-Luise Møgster", "--json").output)
    seat = next(m for m in data["memberships"] if m["body"] == "Styringsgruppen")
    assert seat["end"] == "2024-05-27" and seat["organisation"] == "Helse Bergen HF"
