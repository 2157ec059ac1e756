"""The Cypher path against a real FalkorDB server started here (loopback, free port, temp dir),
and over Bolt inside a private network namespace; a real Neo4j when NEO4J_URI is set."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from samkart import answers
from samkart.cli import cli
from samkart.pipeline import current_graph
from samkart.queries import named
from samkart.sinks.cypher import push
from samkart.sinks.falkor_server import EmbeddedFalkor
from samkart.sinks.property_graph import build_property_graph
from samkart.store import StoreFolder
from tests.conftest import copy_store

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def falkor(seed_store, tmp_path_factory):
    server = EmbeddedFalkor(tmp_path_factory.mktemp("falkor")).start()
    target = server.target("seeds")
    graph = current_graph(StoreFolder(seed_store))
    summary = push(target, build_property_graph(graph))
    yield target, graph, summary
    target.close()
    server.stop(save=False)


def cypher_rows(target, name, **params):
    query = named(name, "cypher")
    columns, rows, _ = target.run(query.text, query.with_defaults(params))
    return [dict(zip(columns, r)) for r in rows]


def test_first_push_creates_everything(falkor):
    target, graph, summary = falkor
    pg = build_property_graph(graph)
    assert summary.nodes_created == pg.counts()["nodes"] and summary.relationships_created == pg.counts()["relationships"]
    assert summary.nodes_updated == summary.nodes_deleted == 0


@pytest.mark.parametrize("a,b", [("Alrek", "Helsefellesskapet"), ("SSU", "Arbeidsgruppe strategi"), ("Alrek", "Styringsgruppen (Alrek helseklynge)")])
def test_overlap_same_as_sparql(falkor, seed_store, a, b):
    target, _, _ = falkor
    store = StoreFolder(seed_store)
    ga, gb = answers.find_group(store, a)["id"], answers.find_group(store, b)["id"]
    sparql = {p["id"] for p in answers.overlap(store, a, b)}
    assert {r["person"] for r in cypher_rows(target, "overlap", a=ga, b=gb)} == sparql


@pytest.mark.parametrize("name", ["Randi-Luise Møgster", "Trond Egil Hansen", "Ellen Berggreen", "Malene Horsholt"])
def test_person_roles_and_attendance_same_as_sparql(falkor, seed_store, name):
    target, _, _ = falkor
    store = StoreFolder(seed_store)
    person = answers.person(store, name)
    roles = cypher_rows(target, "person-roles", person=person["id"])
    assert {r["membership"] for r in roles} == {m["id"] for m in person["memberships"]}
    assert {(r["bodyName"], r["roleLabel"]) for r in roles} == {(m["body"], m["role"]) for m in person["memberships"]}
    att = cypher_rows(target, "attendance", person=person["id"])
    assert {(r["meeting"], r["status"]) for r in att} == {(a["meeting"], a["status"]) for a in person["attendance"]}


def test_case_references_same_as_sparql(falkor, seed_store):
    target, _, _ = falkor
    sparql = {(r["reference"], r["resolved"]) for r in answers.run_named(StoreFolder(seed_store), "case-references")}
    cypher = {(r["reference"], r["resolved"]) for r in cypher_rows(target, "case-references")}
    assert cypher == sparql and any(resolved for _, resolved in cypher)


def test_brokers_same_as_sparql(falkor, seed_store):
    target, _, _ = falkor
    sparql = {(r["person"], r["collaborations"]) for r in answers.run_named(StoreFolder(seed_store), "brokers")}
    cypher = {(r["person"], r["collaborations"]) for r in cypher_rows(target, "brokers")}
    assert cypher == sparql == {("person/randi-luise-mogster", 2), ("person/rebekka-ljosland", 2), ("person/trond-egil-hansen", 2)}


def test_push_is_idempotent_and_incremental(seed_store, tmp_path):
    extractions = StoreFolder(seed_store).extractions()
    from samkart.graph.build import build_graph

    full = build_property_graph(build_graph(extractions))
    without_danish = build_property_graph(build_graph([e for e in extractions if e.document.family != "danish-minutes"]))
    with EmbeddedFalkor(tmp_path / "f") as server:
        target = server.target("incremental")
        first = push(target, full)
        again = push(target, full)
        assert again.nodes_created == again.nodes_updated == again.nodes_deleted == 0
        assert again.relationships_created == again.relationships_deleted == 0
        assert again.unchanged == first.nodes_created + first.relationships_created
        removed = push(target, without_danish)
        assert removed.nodes_deleted > 0 and removed.nodes_created == 0
        _, rows, _ = target.run("MATCH (p:Person {name: 'Bente Graversen'}) RETURN p.id")
        assert rows == []
        back = push(target, full)
        assert back.nodes_created == removed.nodes_deleted
        # a changed fact rewrites just that row
        person = next(r for r in full.nodes["Person"] if r["name"] == "Marit Bakke")
        person["aliases"] = ["M. Bakke"]
        from samkart.sinks.property_graph import digest

        person.pop("digest")
        person["digest"] = digest(person)
        changed = push(target, full)
        assert changed.nodes_updated == 1 and changed.nodes_created == changed.nodes_deleted == 0
        target.close()


def test_cli_cypher_on_fresh_machine_matches_overlap(runner, store_copy):
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    result = runner.invoke(cli, ["--store", str(store_copy), "cypher", "overlap", "--param", "a=Alrek", "--param", "b=Helsefellesskapet", "--json"], env=env)
    assert result.exit_code == 0, result.output
    overlap = runner.invoke(cli, ["--store", str(store_copy), "overlap", "Alrek", "Helsefellesskapet", "--json"])
    assert {r["person"] for r in json.loads(result.output)} == {p["id"] for p in json.loads(overlap.output)}
    assert (store_copy / "falkordb" / "falkordb.rdb").exists()  # kept in the store folder between runs


def test_neo4j_csv_export(runner, seed_store, tmp_path):
    result = runner.invoke(cli, ["--store", str(seed_store), "export", "--format", "neo4j-csv", "-o", str(tmp_path / "csv")])
    assert result.exit_code == 0
    header = (tmp_path / "csv" / "nodes-Person.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header.startswith("id:ID(Person),") and header.endswith(":LABEL") and "aliases:string[]" in header
    rel = (tmp_path / "csv" / "relationships-HOLDS-Person-Membership.csv").read_text(encoding="utf-8").splitlines()
    assert rel[0].startswith(":START_ID(Person),:END_ID(Membership)") and len(rel) > 50


def _can_unshare() -> str | None:
    if os.geteuid() != 0:
        return "needs root to make a private network namespace"
    for tool in ("unshare", "ip"):
        if shutil.which(tool) is None:
            return f"{tool} is not installed (Debian: util-linux, iproute2)"
    probe = subprocess.run(["unshare", "-n", "true"], capture_output=True)
    if probe.returncode != 0:
        return f"unshare -n is not permitted here: {probe.stderr.decode(errors='replace').strip()}"
    return None


@pytest.mark.skipif(_can_unshare() is not None, reason=str(_can_unshare()))
def test_bolt_path_in_private_network_namespace(seed_store, tmp_path):
    """The neo4j driver against FalkorDB's Bolt port, only inside a namespace made here, whose only
    interface is its own loopback: nothing ever listens on a real interface."""
    store = tmp_path / "store"
    copy_store(seed_store, store)
    script = f"ip link set lo up && exec {sys.executable} -m tests.sinks.bolt_helper {store} collaboration/alrek collaboration/helsefellesskapet-bergen"
    result = subprocess.run(["unshare", "-n", "sh", "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    data = json.loads(result.stdout.strip().splitlines()[-1])
    assert data["overlap"] == ["person/randi-luise-mogster", "person/rebekka-ljosland", "person/trond-egil-hansen"]
    assert data["first"]["nodes_created"] > 0
    assert data["second"]["nodes_created"] == data["second"]["relationships_created"] == 0


@pytest.mark.skipif(not os.environ.get("NEO4J_URI"), reason="no Neo4j server: set NEO4J_URI (and NEO4J_USERNAME, NEO4J_PASSWORD) to run")
def test_real_neo4j_push_and_query(seed_store):
    from samkart.cypher_session import neo4j_settings
    from samkart.sinks.cypher import Neo4jTarget

    target = Neo4jTarget(**neo4j_settings())
    pg = build_property_graph(current_graph(StoreFolder(seed_store)))
    push(target, pg)
    assert push(target, pg).nodes_created == 0
    query = named("overlap", "cypher")
    _, rows, _ = target.run(query.text, query.with_defaults({"a": "collaboration/alrek", "b": "collaboration/helsefellesskapet-bergen"}))
    assert {r[0] for r in rows} == {"person/randi-luise-mogster", "person/rebekka-ljosland", "person/trond-egil-hansen"}
    target.close()
