"""The Python API (samkart.open) returns what the CLI's --json returns."""
import json

import pytest

import samkart
from samkart.cli import cli
from samkart.errors import LookupFailed, QueryError, StoreError


def test_api_answers_are_the_json_contract(runner, examples_store):
    kg = samkart.open(examples_store)
    for args, value in ((["person", "Gunnhild Myklebust"], kg.person("Gunnhild Myklebust")),
                        (["overlap", "Alrek", "Helsefellesskapet", "--as-of", "2024-06-01"], kg.overlap("Alrek", "Helsefellesskapet", as_of="2024-06-01")),
                        (["succession", "Styringsgruppen"], kg.succession("Styringsgruppen")),
                        (["list", "meetings", "--as-of", "2024-06"], kg.list("meetings", as_of="2024-06"))):
        assert json.loads(runner.invoke(cli, ["--store", str(examples_store), *args, "--json"]).output) == json.loads(json.dumps(value))


def test_api_queries_and_network(examples_store, monkeypatch):
    monkeypatch.delenv("NEO4J_URI", raising=False)
    kg = samkart.open(examples_store)
    assert {r["bodyName"] for r in kg.sparql("SELECT ?bodyName WHERE { ?m <http://www.w3.org/ns/org#member> ?person ; "
                                               "<http://www.w3.org/ns/org#organization>/<http://www.w3.org/2004/02/skos/core#prefLabel> ?bodyName }",
                                               person="Kjellaug Rørvik")} == {"Styringsgruppen"}
    assert {r["name"] for r in kg.cypher("overlap", a="Alrek", b="Helsefellesskapet", as_of="2024-06-01")} == {"Ragnvald Ohnstad", "Torleif Håvik Nesse"}
    g = kg.networkx(as_of="2024-06-01")
    assert "person/kjellaug-rorvik" in g and not g.has_edge("person/gunnhild-myklebust", "body/alrek/styringsgruppe")


def test_api_errors(examples_store, tmp_path):
    kg = samkart.open(examples_store)
    with pytest.raises(LookupFailed):
        kg.person("Nobody Here At All")
    with pytest.raises(ValueError):
        kg.overlap("Alrek", "Helsefellesskapet", as_of="yesterday")
    with pytest.raises(QueryError):
        kg.sparql("overlap", a="Alrek", nonsense="x")
    with pytest.raises(StoreError):
        samkart.open(tmp_path / "no-store")


def test_api_frame_with_pandas(examples_store):
    pd = pytest.importorskip("pandas")
    kg = samkart.open(examples_store)
    frame = kg.frame(kg.person("Gunnhild Myklebust"))
    assert isinstance(frame, pd.DataFrame) and "memberships.body" in frame.columns
