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


def test_period_filters(seed_store):
    from samkart.pipeline import current_graph
    from samkart.sinks.networkx_graph import NetworkFilter, build_network
    from samkart.store import StoreFolder

    graph = current_graph(StoreFolder(seed_store))
    people = lambda f: {d["label"] for _, d in build_network(graph, f)[0].nodes(data=True) if d["kind"] == "person"}  # noqa: E731
    early_2024 = people(NetworkFilter(as_of="2024-02-01"))
    # Ørjan left the working group in 2023; Ingvild joined it on 1 January 2024
    assert "Ørjan Raknes Forthun" not in early_2024 and "Ingvild Kirsti Hjelmtveit" in early_2024
    assert "Ørjan Raknes Forthun" in people(NetworkFilter(as_of="2023"))
    # since 2024: only memberships seen (or lasting) into 2024
    since = people(NetworkFilter(since="2024"))
    assert "Marit Bakke" in since and "Bente Graversen" not in since and "Johnny Breivik" not in since
    only_alrek = people(NetworkFilter(collaborations=["collaboration/alrek"]))
    assert "Marit Bakke" in only_alrek and "Johnny Breivik" not in only_alrek
