"""The CLI side of sharing the graph: `push sparql`, `serve`, `sparql --endpoint` and
`--format sparql-json`, against real servers on loopback."""
from __future__ import annotations

import json

import pytest

from samkart.cli import cli
from tests.sinks.sparql_servers import free_port, oxigraph_server, samkart_serve

OVERLAP = ["sparql", "overlap", "--param", "a=Alrek", "--param", "b=Helsefellesskapet"]


def invoke(runner, *args: str):
    result = runner.invoke(cli, list(args))
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture
def pushed(runner, store_copy, tmp_path):
    """The seeds pushed with the CLI to a fresh Oxigraph server: (store, server base URL)."""
    with oxigraph_server(tmp_path / "server") as base:
        out = json.loads(invoke(runner, "--store", str(store_copy), "push", "sparql", "--endpoint", base + "/query",
                                "--graph-store", base + "/store", "--json"))
        assert out["sent"] == 6 and out["graph_store"] == base + "/store"
        yield store_copy, base


def test_same_answer_from_store_serve_and_pushed_server(runner, pushed):
    """The overlap query, with names looked up on each side, answered identically by the embedded
    store, by `samkart serve` and by the Oxigraph server the graph was pushed to."""
    store, base = pushed
    embedded = json.loads(invoke(runner, "--store", str(store), *OVERLAP, "--json"))
    oxigraph = json.loads(invoke(runner, *OVERLAP, "--endpoint", base + "/query", "--json"))
    with samkart_serve(store) as served_base:
        served = json.loads(invoke(runner, *OVERLAP, "--endpoint", served_base + "sparql", "--json"))
        served_w3c = json.loads(invoke(runner, *OVERLAP, "--endpoint", served_base + "sparql", "--format", "sparql-json"))
    assert embedded and embedded == served == oxigraph
    assert {r["name"] for r in embedded} >= {"Trond Egil Hansen", "Randi-Luise Møgster"}
    local_w3c = json.loads(invoke(runner, "--store", str(store), *OVERLAP, "--format", "sparql-json"))
    oxigraph_w3c = json.loads(invoke(runner, *OVERLAP, "--endpoint", base + "/query", "--format", "sparql-json"))
    assert local_w3c == served_w3c == oxigraph_w3c
    # and the CLI's own answers run on a server as well (the answers only query)
    assert json.loads(invoke(runner, "--store", str(store), "sparql", "list-collaborations", "--json")) == \
        json.loads(invoke(runner, "sparql", "list-collaborations", "--json", "--endpoint", base + "/query"))


def test_second_push_sends_nothing(runner, pushed):
    store, base = pushed
    out = json.loads(invoke(runner, "--store", str(store), "push", "sparql", "--endpoint", base + "/store", "--json"))
    assert (out["sent"], out["deleted"], out["unchanged"]) == (0, 0, 6)


def test_endpoint_from_the_environment(runner, pushed, monkeypatch):
    store, base = pushed
    monkeypatch.setenv("SAMKART_SPARQL_ENDPOINT", base + "/query")
    rows = json.loads(invoke(runner, "sparql", "list-people", "--json"))
    assert any(r["name"] == "Marit Bakke" for r in rows)


def test_sparql_json_format(runner, seed_store):
    data = json.loads(invoke(runner, "--store", str(seed_store), "sparql", "list-collaborations", "--format", "sparql-json"))
    assert data["head"]["vars"] == ["collaboration", "name", "alias"]
    first = data["results"]["bindings"][0]
    assert first["collaboration"]["type"] == "uri" and first["collaboration"]["value"].startswith("https://w3id.org/samkart/id/")
    ask = json.loads(invoke(runner, "--store", str(seed_store), "sparql", "ASK { ?s ?p ?o }", "--format", "sparql-json"))
    assert ask["boolean"] is True
    # the rows stay the --json contract
    rows = json.loads(invoke(runner, "--store", str(seed_store), "sparql", "list-collaborations", "--json"))
    assert rows[0]["collaboration"].startswith("collaboration/")
    result = runner.invoke(cli, ["--store", str(seed_store), "sparql", "CONSTRUCT WHERE { ?s a ?t } LIMIT 1", "--format", "sparql-json"])
    assert result.exit_code == 1 and "SELECT and ASK" in result.output


def test_unreachable_server_is_a_one_line_error(runner, store_copy):
    url = f"http://127.0.0.1:{free_port()}/store"
    result = runner.invoke(cli, ["--store", str(store_copy), "push", "sparql", "--endpoint", url, "--retries", "0"])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "cannot connect" in result.output and "Hint:" in result.output
    result = runner.invoke(cli, ["sparql", "list-people", "--endpoint", url.replace("/store", "/query"), "--retries", "0"])
    assert result.exit_code == 1 and "cannot connect" in result.output


def test_push_needs_a_server_and_serve_needs_a_store(runner, tmp_path, monkeypatch):
    monkeypatch.delenv("SAMKART_SPARQL_ENDPOINT", raising=False)
    result = runner.invoke(cli, ["--store", str(tmp_path / "none"), "push", "sparql"])
    assert result.exit_code == 1 and "--endpoint" in result.output
    result = runner.invoke(cli, ["--store", str(tmp_path / "none"), "serve", "--port", "0"])
    assert result.exit_code == 1 and "samkart load" in result.output


def test_query_error_from_the_server_is_a_query_error(runner, pushed):
    _, base = pushed
    result = runner.invoke(cli, ["sparql", "SELECT ?x WHERE { ?x ?y }", "--endpoint", base + "/query"])
    assert result.exit_code == 1 and "rejected the query" in result.output and "Traceback" not in result.output
