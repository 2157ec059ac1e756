"""Network measures on the seeds, against answers worked out by reading the seeds."""
from __future__ import annotations

import json

import networkx as nx

from samkart.cli import cli

IN_BOTH = {"Randi-Luise Møgster", "Rebekka Ljosland", "Trond Egil Hansen"}


def analyse(runner, store, *args):
    result = runner.invoke(cli, ["--store", str(store), "analyze", *args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_brokers_are_the_people_in_two_collaborations(runner, seed_store):
    report = analyse(runner, seed_store)
    top = report["brokers"][:3]
    assert {b["name"] for b in top} == IN_BOTH
    # each sits in Styringsgruppen (Alrek), SSU and the strategy working group (Helsefellesskapet)
    assert all(b["collaborations"] == 2 and b["bodies"] == 3 for b in top)
    assert report["brokers"][3]["collaborations"] == 1
    assert top[0]["betweenness"] > report["brokers"][3]["betweenness"]


def test_central_people_in_co_membership_projection(runner, seed_store):
    report = analyse(runner, seed_store)
    assert {p["name"] for p in report["central_people"][:3]} == IN_BOTH


def test_organisations_in_most_bodies(runner, seed_store):
    report = analyse(runner, seed_store)
    # Helse Bergen: Styringsgruppen, SSU, working group; UiB (with its units): Styringsgruppen,
    # Alrek's secretariat, the migration group; Haraldsplass: Styringsgruppen, SSU, working group
    assert {(o["name"], o["bodies"]) for o in report["organisations"][:3]} == {
        ("Helse Bergen HF", 3), ("Universitetet i Bergen", 3), ("Haraldsplass Diakonale Sykehus", 3)}
    assert report["organisations"][3]["bodies"] == 2


def test_components(runner, seed_store):
    report = analyse(runner, seed_store)
    collabs = [c["collaborations"] for c in report["components"]]
    assert collabs == [["Alrek helseklynge", "Helsefellesskapet i bergensområdet"], ["Sundhedsklynge Midt"]]
    assert report["components"][1]["people"] == 7  # the Danish members; guests are not members


def test_paths_between_collaborations(runner, seed_store):
    report = analyse(runner, seed_store, "--between", "Alrek", "Helsefellesskapet")
    assert {tuple(p["people"]) for p in report["paths"]} == {(n,) for n in IN_BOTH}
    assert analyse(runner, seed_store, "--between", "Alrek", "Sundhedsklynge Midt")["paths"] == []


def test_graphml_export(runner, seed_store, tmp_path):
    out = tmp_path / "net.graphml"
    assert runner.invoke(cli, ["--store", str(seed_store), "export", "--format", "graphml", "-o", str(out)]).exit_code == 0
    g = nx.read_graphml(out)
    assert g.nodes["person/trond-egil-hansen"]["kind"] == "person"
    assert g.has_edge("person/trond-egil-hansen", "body/alrek/styringsgruppe")


def test_csv_output(runner, seed_store):
    result = runner.invoke(cli, ["--store", str(seed_store), "analyze", "--csv"])
    assert result.output.splitlines()[0].startswith("section,rank,")
    assert "brokers,1," in result.output
