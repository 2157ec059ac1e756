"""Issue #12 through the CLI, on the project's own examples: time in every answer, names,
succession, and the same people from overlap, viz --overlap, cypher overlap and kg.overlap."""
import json
import re

import pytest

import samkart
from samkart.cli import cli
from tests.conftest import copy_store

EVERYONE = {"Gunnhild Myklebust", "Ragnvald Ohnstad", "Sindre Movik", "Torleif Håvik Nesse"}
SAME_TIME = EVERYONE - {"Sindre Movik"}
JUNE = {"Ragnvald Ohnstad", "Torleif Håvik Nesse"}


def run(runner, store, *args, env=None):
    return runner.invoke(cli, ["--store", str(store), *args], env=env)


def names(result):
    assert result.exit_code == 0, result.output
    return {p["name"] for p in json.loads(result.output)}


@pytest.mark.parametrize("args", [["overlap", "Alrek", "Helsefellesskapet", "--as-of", "yesterday"],
                                  ["overlap", "Alrek", "Helsefellesskapet", "--as-of", "2024-13-45"],
                                  ["viz", "--since", "banana"], ["person", "Gunnhild", "--as-of", "2024-02-30"],
                                  ["list", "people", "--as-of", "June"], ["analyze", "--as-of", "x"]])
def test_dates_are_validated_with_exit_2(runner, examples_store, args):
    result = run(runner, examples_store, *args)
    assert result.exit_code == 2
    assert "is not a" in result.output and "date" in result.output


def test_overlap_as_of_and_at_same_time(runner, examples_store):
    assert names(run(runner, examples_store, "overlap", "Alrek", "Helsefellesskapet", "--json")) == EVERYONE
    assert names(run(runner, examples_store, "overlap", "Alrek", "Helsefellesskapet", "--at-same-time", "--json")) == SAME_TIME
    assert names(run(runner, examples_store, "overlap", "Alrek", "Helsefellesskapet", "--as-of", "2024-06-01", "--json")) == JUNE
    assert names(run(runner, examples_store, "overlap", "Alrek", "Helsefellesskapet", "--as-of", "2023", "--json")) == set()


def test_tables_and_csv_show_periods_and_mark_ended_seats(runner, examples_store):
    table = run(runner, examples_store, "overlap", "Alrek", "Helsefellesskapet").output
    gunnhild = next(line for line in table.splitlines() if line.startswith("Gunnhild"))
    assert "2024-05-27, ended" in gunnhild
    csv = run(runner, examples_store, "person", "Gunnhild Myklebust", "--csv").output.splitlines()
    header = csv[0].split(",")
    assert {"memberships.start", "memberships.end", "memberships.ended", "memberships.id", "attendance.date"} <= set(header)
    person = run(runner, examples_store, "person", "Gunnhild Myklebust", "--as-of", "2024-06-01", "--json").output
    assert [m["body"] for m in json.loads(person)["memberships"]] == ["Strategisk samarbeidsutvalg (SSU)"]


def test_list_as_of(runner, examples_store):
    june = names(run(runner, examples_store, "list", "people", "--as-of", "2024-06-01", "--json"))
    assert "Kjellaug Rørvik" in june and "Sindre Movik" in june
    meetings = json.loads(run(runner, examples_store, "list", "meetings", "--as-of", "2024-03-01", "--json").output)
    assert [m["date"] for m in meetings] == ["2024-02-12"]


def test_succession(runner, examples_store):
    data = json.loads(run(runner, examples_store, "succession", "Styringsgruppen", "--json").output)
    helse_bergen = next(s for s in data if s["seat"] == "Helse Bergen HF")
    assert [(h["person"], h["after"]) for h in helse_bergen["holders"]] == [("Gunnhild Myklebust", None), ("Kjellaug Rørvik", "Gunnhild Myklebust")]
    assert helse_bergen["holders"][0]["ended"] is True
    group = json.loads(run(runner, examples_store, "succession", "Arbeidsgruppe strategi", "--json").output)
    nordhordland = next(s for s in group if s["seat"] == "Områdeutvalg Nordhordland")
    assert [h["after"] for h in nordhordland["holders"]] == [None, "Sindre Movik"]
    assert "Kjellaug Rørvik" in run(runner, examples_store, "succession", "Styringsgruppen").output


def test_substitute_and_case_thread(runner, examples_store):
    sigve = json.loads(run(runner, examples_store, "person", "Hjelmeland", "--json").output)
    assert [a["capacity"] for a in sigve["attendance"]] == ["substitute"]
    cases = json.loads(run(runner, examples_store, "list", "cases", "--json").output)
    budget = next(c for c in cases if c["identifier"] == "11-24")
    assert budget["references"][0]["resolved"] == "case/alrek/styringsgruppe/02-24"


def test_same_people_from_every_path(runner, examples_store, tmp_path, monkeypatch):
    """overlap, viz --overlap, cypher overlap and kg.overlap agree, with and without --as-of."""
    monkeypatch.delenv("NEO4J_URI", raising=False)
    store = tmp_path / "store"
    copy_store(examples_store, store)
    kg = samkart.open(store)
    for pair in (("Alrek", "Helsefellesskapet"), ("SSU", "Arbeidsgruppe strategi")):
        for as_of in (None, "2024-06-01", "2024", "2023"):
            when = ["--as-of", as_of] if as_of else []
            cli_people = names(run(runner, store, "overlap", *pair, *when, "--json"))
            api_people = {p["name"] for p in kg.overlap(*pair, as_of=as_of)}
            cypher = run(runner, store, "cypher", "overlap", "--param", f"a={pair[0]}", "--param", f"b={pair[1]}",
                         *(["--param", f"as_of={as_of}"] if as_of else []), "--json")
            page = tmp_path / "o.html"
            viz = run(runner, store, "viz", "--overlap", *pair, *when, "-o", str(page))
            assert viz.exit_code == 0, viz.output
            title = re.search(r"<title>([^<]*)</title>", page.read_text(encoding="utf-8")).group(1)
            assert f": {len(cli_people)} {'person' if len(cli_people) == 1 else 'people'} in both" in title
            assert (f"as of {as_of}" in title) == bool(as_of)
            assert names(cypher) == cli_people == api_people, (pair, as_of)
    assert {p["name"] for p in kg.overlap("Alrek", "Helsefellesskapet", at_same_time=True)} == SAME_TIME
    assert names(run(runner, store, "cypher", "overlap", "--param", "a=Alrek", "--param", "b=Helsefellesskapet",
                     "--param", "same_time=true", "--json")) == SAME_TIME


def test_cypher_with_the_default_store_from_another_directory(runner, examples_store, tmp_path, monkeypatch):
    monkeypatch.delenv("NEO4J_URI", raising=False)
    monkeypatch.delenv("SAMKART_STORE", raising=False)
    copy_store(examples_store, tmp_path / "work" / ".samkart")
    monkeypatch.chdir(tmp_path / "work")
    default = runner.invoke(cli, ["cypher", "brokers", "--json"])
    assert default.exit_code == 0, default.output
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(tmp_path / "elsewhere")
    relative = runner.invoke(cli, ["--store", "../work/.samkart", "cypher", "overlap", "--param", "a=Alrek", "--param", "b=Helsefellesskapet", "--json"])
    assert names(relative) == EVERYONE
    by_env = runner.invoke(cli, ["cypher", "overlap", "--param", "a=Alrek", "--param", "b=Helsefellesskapet", "--json"],
                           env={"SAMKART_STORE": "../work/.samkart"})
    assert names(by_env) == EVERYONE


def test_names_spaces_hyphens_accents(runner, examples_store):
    result = run(runner, examples_store, "person", "Kari Anne Bjorkedal", "--json")
    assert json.loads(result.output)["name"] == "Kari-Anne Bjørkedal"


def test_collaboration_and_its_own_body_are_not_ambiguous(runner, examples_store):
    assert run(runner, examples_store, "overlap", "Sundhedsklynge Midt", "Alrek", "--json").exit_code == 0
    # two collaborations of that kind are: 'Sundhedsklynge' alone is answered with both
    assert run(runner, examples_store, "overlap", "Sundhedsklynge", "Alrek", "--json").exit_code == 2


def test_ambiguous_body_is_answered_with_candidates(runner, seed_store):
    result = run(runner, seed_store, "overlap", "Styringsgruppe", "SSU")
    assert result.exit_code == 2
    assert "Styringsgruppen (Alrek helseklynge)" in result.output and "Styringsgruppa (Region Nordhordland Helsehus)" in result.output


def test_judge_refuses_names_that_match_nobody(runner, examples_store, tmp_path):
    store = tmp_path / "store"
    copy_store(examples_store, store)
    refused = run(runner, store, "judge", "Sindre Movikk", "Nobody Here", "same")
    assert refused.exit_code == 2 and "--force" in refused.output
    assert not (store / "judgements.jsonl").exists() or "Nobody" not in (store / "judgements.jsonl").read_text()
    forced = run(runner, store, "judge", "Sindre Movik", "Nobody Here", "different", "--force")
    assert forced.exit_code == 0 and "Nobody Here" in (store / "judgements.jsonl").read_text()
