from __future__ import annotations

import pytest


from samkart.pipeline import load, rebuild
from samkart.sinks.rdf import ID
from samkart.store import StoreFolder
from tests.conftest import SEED_ALREK, SEED_SSU, copy_store


def _count(store: StoreFolder) -> int:
    return int(next(iter(store.rdf().query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")))[0])


def test_one_named_graph_per_document(seed_store):
    store = StoreFolder(seed_store)
    graphs = store.rdf().graphs()
    docs = [g for g in graphs if g.startswith(ID + "document/")]
    assert len(docs) == 5
    assert ID + "graph/vocabulary" in graphs
    store.close()


def test_reload_is_idempotent(store_copy, seeds):
    store = StoreFolder(store_copy)
    before = _count(store)
    report = load([seeds], store)
    assert report.graphs_written == 0 and report.graphs_unchanged == 6
    assert _count(store) == before
    store.close()


def test_persistent_across_processes(seed_store, tmp_path):
    """Another process opening the store on disk sees the same data."""
    import subprocess
    import sys

    copy = tmp_path / "copy"
    copy_store(seed_store, copy)
    n = _count(StoreFolder(seed_store))
    code = ("from samkart.store import StoreFolder; from pathlib import Path; import sys; "
            "s = StoreFolder(Path(sys.argv[1])); "
            "print(next(iter(s.rdf().query('SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }')))[0])")
    out = subprocess.run([sys.executable, "-c", code, str(copy)], capture_output=True, text=True, check=True).stdout
    assert int(out.strip()) == n


def test_loading_new_document_keeps_what_is_there(tmp_path, seeds):
    store = StoreFolder(tmp_path / "s")
    load([seeds / SEED_ALREK], store)
    alrek = _count(store)
    load([seeds / SEED_SSU], store)
    assert _count(store) > alrek
    people = {str(r[0]) for r in store.rdf().query("PREFIX foaf: <http://xmlns.com/foaf/0.1/> SELECT ?n WHERE { ?p foaf:name ?n }")}
    assert {"Marit Bakke", "Johnny Breivik"} <= people
    store.close()


def test_changed_file_replaces_its_older_version(tmp_path):
    doc = tmp_path / "referat.txt"
    doc.write_text("Referat SSU 1. mars 2024\nKommunehelsetjenesten: Kari Fjell (OU Voss), Per Dahl (OU Bergen)\nForfall: Nina Berg\n", encoding="utf-8")
    store = StoreFolder(tmp_path / "s")
    load([doc], store)
    doc.write_text("Referat SSU 1. mars 2024\nKommunehelsetjenesten: Kari Fjell (OU Voss), Ola Vik (OU Bergen)\nForfall: Nina Berg\n", encoding="utf-8")
    load([doc], store)
    names = {str(r[0]) for r in store.rdf().query("PREFIX foaf: <http://xmlns.com/foaf/0.1/> SELECT ?n WHERE { ?p foaf:name ?n }")}
    assert "Ola Vik" in names and "Per Dahl" not in names
    assert len([g for g in store.rdf().graphs() if "/document/" in g]) == 1
    store.close()


def test_interrupted_write_leaves_graph_as_it_was(store_copy, monkeypatch):
    """A failure while writing one document's graph must not half-write it."""
    import pyoxigraph

    store = StoreFolder(store_copy)
    rdf = store.rdf()
    before = _count(store)
    graph = next(g for g in rdf.graphs() if "/document/" in g)
    bad = [(pyoxigraph.NamedNode(ID + "x"), pyoxigraph.NamedNode(ID + "p"), pyoxigraph.Literal("ok")),
           ("<not an iri", "broken", "triple")]
    try:
        rdf.replace_graph(pyoxigraph.NamedNode(graph), bad)
    except Exception:
        pass
    assert _count(store) == before
    store.close()


def test_rebuild_drops_graphs_of_removed_documents(store_copy):
    store = StoreFolder(store_copy)
    doc_id = next(iter(store.manifest().values()))
    store.remove_document(doc_id)
    rebuild(store)
    assert not any(g.endswith(doc_id) for g in store.rdf().graphs())
    store.close()


def test_interrupted_bulk_write_is_rolled_back_on_next_open(store_copy, seeds, tmp_path):
    """A bulk write that never finished (its marker still on disk, as versions before the resolver's
    state left it) is dropped when the store opens."""
    import json as _json

    import pyoxigraph

    store = StoreFolder(store_copy)
    before = _count(store)
    half = ID + "document/half-written"
    store.rdf().bulk_add([pyoxigraph.Quad(pyoxigraph.NamedNode(ID + "x"), pyoxigraph.NamedNode(ID + "p"), pyoxigraph.Literal("1"),
                                          pyoxigraph.NamedNode(half))])
    (store_copy / "pending-graphs.json").write_text(_json.dumps([half]), encoding="utf-8")
    assert _count(store) == before + 1
    reopened = StoreFolder(store_copy)
    reopened._rdf = store.rdf()  # same process: the handle already open
    reopened.recover()
    assert _count(reopened) == before and not (store_copy / "pending-graphs.json").exists()



def test_spooled_load_loads_every_chunk_once_and_removes_its_files(tmp_path):
    from samkart.sinks.rdf_store import RdfStore, SpooledLoad

    store = RdfStore(tmp_path / "ox")
    with SpooledLoad(store, tmp_path / "spool.nq") as spool:
        for i in range(100):
            spool.write(f"<urn:s{i}> <urn:p> \"{i}\" <urn:g{i % 3}> .\n".encode())
            if i == 59:
                assert len(store.ox) == 0  # nothing reaches Oxigraph before a checkpoint
                spool.checkpoint()  # these 60 load while the rest is written
        spool.load()
    assert len(store.ox) == 100 and not list(tmp_path.glob("spool.nq*"))


def test_spooled_load_error_is_raised_and_leaves_no_file(tmp_path):
    from samkart.sinks.rdf_store import RdfStore, SpooledLoad

    store = RdfStore(tmp_path / "ox")
    with pytest.raises(SyntaxError):
        with SpooledLoad(store, tmp_path / "spool.nq") as spool:
            spool.write(b"<urn:s> <urn:p> not a term .\n")
            spool.checkpoint()  # fails on the loader's thread
            spool.write(b"<urn:s> <urn:p> <urn:o> .\n")
            spool.load()
    assert not list(tmp_path.glob("spool.nq*"))
