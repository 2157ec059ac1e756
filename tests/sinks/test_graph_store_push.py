"""Pushing the named graphs to a SPARQL 1.1 Graph Store: a real Oxigraph server (PyPI `oxigraph`)
as the target, and a small real HTTP server on loopback for auth, retries and refusals."""
from __future__ import annotations

import json
import shutil
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from rdflib import Graph

from samkart.errors import RemoteError
from samkart.pipeline import load, rebuild
from samkart.sinks.graph_store_push import load_record, push, record_path
from samkart.sinks.sparql_http import Credentials, SparqlHttp
from samkart.sinks.sparql_remote import RemoteRdf, RemoteStore
from samkart.store import StoreFolder
from tests.conftest import SEED_ALREK, SEED_ROSTER
from tests.sinks.sparql_servers import oxigraph_server


def no_wait(_seconds: float) -> None:
    """Retries without the waits between them: the tests are about what is sent, not when."""


def server_graphs(base: str) -> dict[str, Graph]:
    """Every named graph on the server, read back with one CONSTRUCT per graph list."""
    remote = RemoteRdf(base + "/query")
    names = [str(r[0]) for r in remote.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")]
    out = {}
    for name in names:
        out[name] = remote.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{name}> {{ ?s ?p ?o }} }}").graph
    return out


def local_graph(store: StoreFolder, name: str) -> Graph:
    from samkart.sinks.graph_store_push import graph_ntriples

    return Graph().parse(data=graph_ntriples(store, name), format="nt")


@pytest.fixture
def target(tmp_path):
    with oxigraph_server(tmp_path / "oxigraph-server") as base:
        yield base


@pytest.fixture
def corpus(tmp_path, seeds):
    """The seeds copied, so that one can be changed, loaded into a fresh store."""
    docs = tmp_path / "docs"
    shutil.copytree(seeds, docs)
    store = StoreFolder(tmp_path / "store")
    assert not load([docs], store).failed
    yield docs, store
    store.close()


def test_push_then_nothing_then_one_changed_document(target, corpus):
    docs, store = corpus
    gsp = target + "/store"
    http = SparqlHttp()
    first = push(store, gsp, http)
    assert (first.graphs, first.sent, first.deleted, first.unchanged) == (6, 6, 0, 0)
    remote = server_graphs(target)
    assert set(remote) == set(store.rdf().graphs())
    for name, graph in remote.items():
        assert graph.isomorphic(local_graph(store, name)), name

    # nothing changed: nothing is sent, not even a request
    http = SparqlHttp()
    again = push(store, gsp, http)
    assert (again.sent, again.deleted, again.unchanged) == (0, 0, 6) and http.attempts == 0

    # one document changed: its new graph goes out, its old one is deleted — nothing else
    before = set(store.rdf().graphs())
    path = docs / SEED_ALREK
    path.write_text(path.read_text(encoding="utf-8").replace("Møterom Tarlebø 2F15", "Møterom Tarlebø 3F01"), encoding="utf-8")
    assert load([path], store).loaded
    after = set(store.rdf().graphs())
    assert len(after - before) == 1 and len(before - after) == 1
    http = SparqlHttp()
    third = push(store, gsp, http)
    assert (third.sent, third.deleted, third.unchanged) == (1, 1, 5) and http.attempts == 2
    remote = server_graphs(target)
    assert set(remote) == after
    new = (after - before).pop()
    assert remote[new].isomorphic(local_graph(store, new))
    assert any("3F01" in str(o) for o in remote[new].objects())


def test_removed_document_is_deleted_and_full_resends(target, corpus):
    docs, store = corpus
    gsp = target + "/store"
    push(store, gsp, SparqlHttp())
    before = store.digests()
    roster = next(doc for path, doc in store.manifest().items() if path.endswith(SEED_ROSTER))
    assert store.remove_document(roster)
    rebuild(store)
    after = store.digests()
    # facts the roster held for other documents move to their graphs: those are sent again
    changed = {name for name, digest in after.items() if before.get(name) != digest}
    summary = push(store, gsp, SparqlHttp())
    assert (summary.sent, summary.deleted) == (len(changed), 1)
    remote = server_graphs(target)
    assert set(remote) == set(store.rdf().graphs())
    for name in changed:
        assert remote[name].isomorphic(local_graph(store, name))
    # the server lost everything: --full sends every graph again
    full = push(store, gsp, SparqlHttp(), full=True)
    assert full.sent == 5 and full.unchanged == 0


def test_record_is_per_server_and_atomic(target, corpus, tmp_path):
    docs, store = corpus
    push(store, target + "/store", SparqlHttp())
    record = record_path(store, target + "/store")
    assert record.parent == store.root / "pushed"
    assert load_record(record) == store.digests()
    assert json.loads(record.read_text())["graph_store"] == target + "/store"
    assert not list(record.parent.glob("*.tmp"))
    # another server has its own record: everything goes there too
    with oxigraph_server(tmp_path / "second") as other:
        assert push(store, other + "/store", SparqlHttp()).sent == 6
    assert record_path(store, other + "/store") != record


# ----------------------------------------------------------------------------- auth, retries, refusals
class Recorder(BaseHTTPRequestHandler):
    """A Graph Store stand-in that records requests: 401 without the right Authorization, 503
    `fail` times, 400 once `refuse_after` requests went through, else `status`."""

    server: "RecordingServer"

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        srv = self.server
        with srv.lock:
            srv.requests.append((self.command, self.path, self.headers.get("Authorization"), self.headers.get("Content-Type"), body))
            if srv.expected_auth and self.headers.get("Authorization") != srv.expected_auth:
                code = 401
            elif srv.fail > 0:
                srv.fail -= 1
                code = 503
            elif srv.refuse_after is not None and srv.answered >= srv.refuse_after:
                code = 400
            else:
                code = srv.status
            srv.answered += code < 400
        payload = b"go away" if code >= 400 else b""
        self.send_response(code)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    do_PUT = do_DELETE = do_POST = _answer

    def log_message(self, *args) -> None:  # quiet tests
        pass


class RecordingServer(ThreadingHTTPServer):
    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Recorder)
        self.lock = threading.Lock()
        self.requests: list[tuple] = []
        self.expected_auth: str | None = None
        self.fail = 0
        self.status = 201
        self.refuse_after: int | None = None
        self.answered = 0


@pytest.fixture
def recorder():
    server = RecordingServer()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


def gsp_url(server: RecordingServer) -> str:
    return f"http://127.0.0.1:{server.server_address[1]}/ds/data"


def test_basic_auth_and_retries_on_5xx(recorder, store_copy):
    store = StoreFolder(store_copy)
    recorder.expected_auth = Credentials("anne", "hemmelig").header()
    recorder.fail = 2
    http = SparqlHttp(Credentials("anne", "hemmelig"), retries=3, sleep=no_wait)
    summary = push(store, gsp_url(recorder), http)
    assert summary.sent == 6 and http.attempts == 8  # two 503s retried, then six PUTs
    methods = {(m, urllib.parse.parse_qs(urllib.parse.urlsplit(p).query)["graph"][0]) for m, p, *_ in recorder.requests}
    assert {name for _, name in methods} == set(store.digests())
    assert all(auth == "Basic YW5uZTpoZW1tZWxpZw==" for _, _, auth, _, _ in recorder.requests)
    assert all(ctype.startswith("application/n-triples") for _, _, _, ctype, _ in recorder.requests)
    store.close()


def test_bearer_token_from_the_environment(recorder, store_copy, monkeypatch):
    monkeypatch.setenv("SAMKART_SPARQL_TOKEN", "s3cret")
    recorder.expected_auth = "Bearer s3cret"
    store = StoreFolder(store_copy)
    assert push(store, gsp_url(recorder), SparqlHttp(Credentials.resolve())).sent == 6
    store.close()


def test_4xx_is_a_clear_error_at_once_and_progress_is_kept(recorder, store_copy):
    store = StoreFolder(store_copy)
    recorder.expected_auth = "Bearer right"
    http = SparqlHttp(Credentials(token="wrong"), retries=5, sleep=no_wait)
    with pytest.raises(RemoteError) as info:
        push(store, gsp_url(recorder), http)
    assert info.value.status == 401 and "401" in str(info.value) and "--token" in info.value.hint
    assert http.attempts == 1  # a 4xx is not retried
    # one graph accepted, then a refusal: the record keeps the one that went through
    recorder.expected_auth, recorder.refuse_after = None, 1
    with pytest.raises(RemoteError) as info:
        push(store, gsp_url(recorder), SparqlHttp(retries=0))
    assert info.value.status == 400 and "go away" in str(info.value)
    assert len(load_record(record_path(store, gsp_url(recorder)))) == 1
    store.close()


def test_unreachable_server_is_retried_then_reported(store_copy):
    from tests.sinks.sparql_servers import free_port

    store = StoreFolder(store_copy)
    http = SparqlHttp(retries=2, sleep=no_wait)
    with pytest.raises(RemoteError) as info:
        push(store, f"http://127.0.0.1:{free_port()}/store", http)
    assert http.attempts == 3 and "failed after 3 attempts" in str(info.value) and "cannot connect" in str(info.value)
    store.close()


def test_pushed_server_answers_like_the_store(target, store_copy):
    """The same named query, bound the same way, on the embedded store and on the server."""
    from samkart.answers import run_named

    store = StoreFolder(store_copy)
    push(store, target + "/store", SparqlHttp())

    for name, params in [("overlap", {"a": "collaboration/alrek", "b": "collaboration/helsefellesskapet-bergen"}),
                         ("list-people", {}), ("case-references", {})]:
        local = run_named(store, name, **params)
        remote = run_named(RemoteStore(target + "/query"), name, **params)
        assert local and remote == local, name
    store.close()
