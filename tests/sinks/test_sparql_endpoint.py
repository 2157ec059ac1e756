"""`samkart serve`: a real server process on loopback, asked by plain HTTP in every result
format, by rdflib's SPARQLStore, and with crafted requests that try to write or call out."""
from __future__ import annotations

import csv
import io
import json
import shutil
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET

import pytest
from rdflib import Graph

from samkart.sinks.sparql_endpoint import Refused, check_query, negotiate
from samkart.store import StoreFolder
from tests.conftest import SEED_ROSTER
from tests.sinks.sparql_servers import samkart_serve

COUNT_PEOPLE = "PREFIX foaf: <http://xmlns.com/foaf/0.1/> SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p a foaf:Person }"
NAMES = "PREFIX foaf: <http://xmlns.com/foaf/0.1/> SELECT ?name WHERE { ?p a foaf:Person ; foaf:name ?name } ORDER BY ?name"
DESCRIBE = "DESCRIBE <https://w3id.org/samkart/id/person/marit-bakke>"


@pytest.fixture(scope="module")
def endpoint(seed_store):
    with samkart_serve(seed_store) as base:
        yield base


def http(url: str, *, data: bytes | None = None, headers: dict | None = None) -> tuple[int, str, bytes]:
    req = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=30) as answer:
            return answer.status, answer.headers.get("Content-Type", ""), answer.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get("Content-Type", ""), exc.read()


def get(base: str, query: str, accept: str = "", **params: str) -> tuple[int, str, bytes]:
    return http(base + "sparql?" + urllib.parse.urlencode({"query": query, **params}), headers={"Accept": accept} if accept else {})


def post_form(base: str, fields: dict, accept: str = "") -> tuple[int, str, bytes]:
    return http(base + "sparql", data=urllib.parse.urlencode(fields).encode(),
                headers={"Content-Type": "application/x-www-form-urlencoded", **({"Accept": accept} if accept else {})})


def expected_names(seed_store) -> list[str]:
    return [str(r[0]) for r in StoreFolder(seed_store).rdf().query(NAMES)]


# ------------------------------------------------------------------------------ result formats
def test_select_in_every_result_format(endpoint, seed_store):
    names = expected_names(seed_store)
    assert len(names) > 20

    status, ctype, body = get(endpoint, NAMES)  # no Accept: SPARQL JSON
    assert status == 200 and ctype.startswith("application/sparql-results+json")
    data = json.loads(body)
    assert data["head"]["vars"] == ["name"] and [b["name"]["value"] for b in data["results"]["bindings"]] == names

    status, ctype, body = get(endpoint, NAMES, "application/sparql-results+xml")
    assert status == 200 and ctype.startswith("application/sparql-results+xml")
    ns = {"r": "http://www.w3.org/2005/sparql-results#"}
    assert [e.text for e in ET.fromstring(body).findall(".//r:literal", ns)] == names

    status, ctype, body = get(endpoint, NAMES, "text/csv")
    assert status == 200 and ctype.startswith("text/csv")
    assert [row[0] for row in csv.reader(io.StringIO(body.decode()))] == ["name", *names]

    status, ctype, body = get(endpoint, NAMES, "text/tab-separated-values")
    assert status == 200 and ctype.startswith("text/tab-separated-values")
    lines = body.decode().splitlines()
    assert lines[0] == "?name" and [json.loads(v) for v in lines[1:]] == names  # TSV literals are quoted, as N-Triples

    # ?format= for links; q-values pick the best; nothing acceptable: 406
    assert get(endpoint, NAMES, format="csv")[1].startswith("text/csv")
    assert get(endpoint, NAMES, "text/csv;q=0.5, application/sparql-results+xml")[1].startswith("application/sparql-results+xml")
    assert get(endpoint, NAMES, "image/png")[0] == 406


def test_post_form_and_direct_post_and_ask(endpoint):
    status, _, body = post_form(endpoint, {"query": COUNT_PEOPLE})
    n = int(json.loads(body)["results"]["bindings"][0]["n"]["value"])
    assert status == 200 and n > 20
    status, ctype, body = http(endpoint + "sparql", data=COUNT_PEOPLE.encode(), headers={"Content-Type": "application/sparql-query"})
    assert status == 200 and int(json.loads(body)["results"]["bindings"][0]["n"]["value"]) == n
    status, _, body = get(endpoint, "ASK { ?s a <http://xmlns.com/foaf/0.1/Person> }")
    assert status == 200 and json.loads(body)["boolean"] is True


@pytest.mark.parametrize("accept, fmt", [("text/turtle", "turtle"), ("application/n-triples", "nt"), ("application/ld+json", "json-ld")])
def test_describe_and_construct_as_rdf(endpoint, accept, fmt):
    status, ctype, body = get(endpoint, DESCRIBE, accept)
    assert status == 200 and ctype.startswith(accept)
    graph = Graph().parse(data=body, format=fmt)
    names = {str(o) for o in graph.objects(predicate=__import__("rdflib").FOAF.name)}
    assert names == {"Marit Bakke"}
    status, ctype, body = post_form(endpoint, {"query": "CONSTRUCT WHERE { ?s a <http://xmlns.com/foaf/0.1/Person> }"}, accept)
    assert status == 200 and len(Graph().parse(data=body, format=fmt)) > 20


def test_dataset_parameters(endpoint, seed_store):
    """default-graph-uri picks one document's graph as the default graph, as the Protocol says."""
    graphs = StoreFolder(seed_store).rdf().graphs()
    roster = next(g for g in graphs if "document/" in g and StoreFolder(seed_store).rdf().query(
        f"ASK {{ GRAPH <{g}> {{ ?d <https://w3id.org/samkart/ontology#path> ?p FILTER(CONTAINS(?p, '{SEED_ROSTER}')) }} }}").askAnswer)
    whole = int(json.loads(get(endpoint, COUNT_PEOPLE)[2])["results"]["bindings"][0]["n"]["value"])
    one = int(json.loads(get(endpoint, COUNT_PEOPLE, **{"default-graph-uri": roster})[2])["results"]["bindings"][0]["n"]["value"])
    assert 0 < one < whole


def test_rdflib_sparqlstore_reads_the_endpoint(endpoint, seed_store):
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    remote = Graph(store=SPARQLStore(endpoint + "sparql", returnFormat="json"))
    assert [str(r[0]) for r in remote.query(NAMES)] == expected_names(seed_store)
    xml_store = Graph(store=SPARQLStore(endpoint + "sparql", returnFormat="xml", method="POST"))
    assert bool(xml_store.query("ASK { ?s ?p ?o }").askAnswer)


# ------------------------------------------------------------------------------ read-only
@pytest.mark.parametrize("request_kind", ["form-update", "sparql-update-body", "update-as-query", "get-update"])
def test_updates_are_refused_and_nothing_changes(endpoint, request_kind):
    before = json.loads(get(endpoint, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")[2])
    drop = "DROP ALL"
    if request_kind == "form-update":
        status, _, body = post_form(endpoint, {"update": drop})
    elif request_kind == "sparql-update-body":
        status, _, body = http(endpoint + "sparql", data=drop.encode(), headers={"Content-Type": "application/sparql-update"})
    elif request_kind == "update-as-query":
        status, _, body = post_form(endpoint, {"query": "INSERT DATA { <urn:x> <urn:y> <urn:z> }"})
    else:
        status, _, body = http(endpoint + "sparql?" + urllib.parse.urlencode({"update": drop}))
    assert status == 403 and b"read-only" in body
    assert json.loads(get(endpoint, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")[2]) == before


@pytest.mark.parametrize("query", [
    "SELECT * WHERE { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { ?s ?p ?o OPTIONAL { SERVICE SILENT <http://127.0.0.1:1/x> { ?s ?q ?v } } }",
    "SELECT * WHERE { ?s ?p ?o FILTER EXISTS { SERVICE ?endpoint { ?s ?p ?o } } }",
    "ASK { { SELECT ?s WHERE { service <http://127.0.0.1:1/x> { ?s ?p ?o } } } }",
    "CONSTRUCT { ?s ?p ?o } WHERE { SERVICE <http://127.0.0.1:1/x> { ?s ?p ?o } }",
])
def test_service_is_refused(endpoint, query):
    status, _, body = post_form(endpoint, {"query": query})
    assert status == 403 and b"SERVICE" in body


def test_check_query_tells_forms_apart():
    assert check_query(NAMES) == "SelectQuery"
    assert check_query(DESCRIBE) == "DescribeQuery"
    # the word SERVICE in a string or a comment is not a SERVICE call
    assert check_query('SELECT * WHERE { ?s ?p "SERVICE <http://x/>" } # SERVICE <http://x/> { }') == "SelectQuery"
    for bad, status in [("DELETE WHERE { ?s ?p ?o }", "403"), ("LOAD <http://127.0.0.1:1/x>", "403"), ("SELECT WHERE", "400")]:
        with pytest.raises(Refused) as info:
            check_query(bad)
        assert info.value.status.startswith(status)


def test_negotiate():
    offers = {"application/sparql-results+json": 1, "text/csv": 1}
    assert negotiate("", offers, "application/sparql-results+json") == "application/sparql-results+json"
    assert negotiate("*/*", offers, "application/sparql-results+json") == "application/sparql-results+json"
    assert negotiate("text/*", offers, "application/sparql-results+json") == "text/csv"
    assert negotiate("text/csv;q=0, */*;q=0.1", offers, "application/sparql-results+json") == "application/sparql-results+json"
    assert negotiate("image/png", offers, "application/sparql-results+json") is None


def test_errors_are_short_and_clear(endpoint):
    status, ctype, body = post_form(endpoint, {"query": "SELECT ?x WHERE { ?x ?y }"})
    assert status == 400 and ctype.startswith("text/plain") and b"not a SPARQL 1.1 query" in body
    assert http(endpoint + "sparql")[0] == 400
    assert http(endpoint + "nothing-here")[0] == 404
    assert http(endpoint + "sparql", data=b"x", headers={"Content-Type": "text/plain"})[0] == 415


# ------------------------------------------------------------------------------ the page
def test_query_page_is_offline_and_lists_the_named_queries(endpoint):
    from samkart.queries import catalog

    status, ctype, body = http(endpoint)
    page = body.decode()
    assert status == 200 and ctype.startswith("text/html")
    # nothing loaded from elsewhere: no src/href to another host
    import re

    assert not re.findall(r'(?:src|href)\s*=\s*["\']?(?:https?:)?//', page)
    data = json.loads(re.search(r'<script id="samkart-data" type="application/json">(.*?)</script>', page, re.S).group(1))
    assert {q["name"] for q in data["queries"]} == {q.name for q in catalog() if q.language == "sparql"}
    assert "</script" not in json.dumps(data).replace("<\\/", "")


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (Debian package 'chromium'; .ci/run installs it)")
def test_query_page_runs_a_named_query_in_chromium(endpoint, seed_store, tmp_path):
    """The page, opened from the server in headless Chromium, runs the overlap query with its two
    parameters and shows the same rows as the CLI's store."""
    import html
    import re
    import subprocess

    from samkart.answers import run_named

    url = endpoint + "?" + urllib.parse.urlencode({"name": "overlap", "a": "collaboration/alrek",
                                                   "b": "collaboration/helsefellesskapet-bergen", "run": "1"})
    result = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--disable-quic", f"--user-data-dir={tmp_path / 'profile'}",
         "--virtual-time-budget=20000", "--dump-dom", url], capture_output=True, text=True, timeout=120)
    match = re.search(r'<pre id="samkart-state"[^>]*>(.*?)</pre>', result.stdout, re.S)
    assert match, f"page did not run: {result.stderr[-1500:]}"
    state = json.loads(html.unescape(match.group(1)))
    assert state["ran"] and state["error"] is None
    expected = run_named(StoreFolder(seed_store), "overlap", a="collaboration/alrek", b="collaboration/helsefellesskapet-bergen")
    assert expected and [r["person"] for r in state["rows"]] == [r["person"] for r in expected]
    assert [r["bodyName"] for r in state["rows"]] == [r["bodyName"] for r in expected]


# ------------------------------------------------------------------------------ alongside load
def test_serves_while_load_writes_and_shows_new_data_after(store_copy, seeds, tmp_path):
    """The endpoint keeps answering while a load holds the store for writing, and shows the new
    document once the load has finished."""
    from samkart.pipeline import load

    extra = tmp_path / "extra.txt"
    shutil.copy(seeds / SEED_ROSTER, extra)
    extra.write_text(extra.read_text(encoding="utf-8") + "\n", encoding="utf-8")  # another file, another document
    graphs_query = "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    with samkart_serve(store_copy) as base:
        before = int(json.loads(get(base, graphs_query)[2])["results"]["bindings"][0]["n"]["value"])
        store = StoreFolder(store_copy)
        store.rdf()  # the writer's lock is held from here on
        assert get(base, COUNT_PEOPLE)[0] == 200
        report = load([extra], store)
        assert report.loaded and not report.failed
        after = int(json.loads(get(base, graphs_query)[2])["results"]["bindings"][0]["n"]["value"])
        store.close()
    assert after == before + 1


def test_many_readers_at_once(endpoint, seed_store):
    """Parallel requests (the page sends two at once) all get their own right answer."""
    from concurrent.futures import ThreadPoolExecutor

    from samkart.queries import named

    overlap = named("overlap").text + ("\nVALUES (?a ?b) { (<https://w3id.org/samkart/id/collaboration/alrek> "
                                       "<https://w3id.org/samkart/id/collaboration/helsefellesskapet-bergen>) }\n")
    jobs = [NAMES, overlap, COUNT_PEOPLE, named("list-people").text] * 6
    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(pool.map(lambda q: post_form(endpoint, {"query": q}), jobs))
    assert all(status == 200 for status, _, _ in answers), [body[:200] for status, _, body in answers if status != 200]
    for query, (_, _, body) in zip(jobs, answers):
        assert body == answers[jobs.index(query)][2]
