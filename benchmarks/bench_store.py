"""Why Oxigraph: load time and the overlap query on rdflib's in-memory store vs Oxigraph
(on disk, behind rdflib through oxrdflib), on the same synthetic graph.

    python benchmarks/bench_store.py --documents 2000
"""
from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset, URIRef
from rdflib.term import Literal as RLiteral

from samkart.graph.build import build_graph
from samkart.loaders import parse_file
from samkart.queries import named
from samkart.sinks.rdf import ID, document_graph, document_triples
from samkart.sinks.rdf_store import RdfStore

from synthetic import write_corpus


def to_rdflib(term):
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    return RLiteral(term.value, datatype=URIRef(term.datatype.value) if term.datatype else None, lang=term.language)


def _memory_query(per_doc, query, bindings, out) -> None:
    start = time.perf_counter()
    memory = Dataset(default_union=True)
    for doc, triples in per_doc.items():
        g = memory.graph(URIRef(document_graph(doc).value))
        for s, p, o in triples:
            g.add((to_rdflib(s), to_rdflib(p), to_rdflib(o)))
    out["load"] = time.perf_counter() - start
    start = time.perf_counter()
    out["rows"] = len(list(memory.query(query, initBindings=bindings)))
    out["query"] = time.perf_counter() - start


def main() -> None:
    import multiprocessing

    parser = argparse.ArgumentParser()
    parser.add_argument("--documents", type=int, default=500)
    parser.add_argument("--timeout", type=float, default=120, help="give up on rdflib's in-memory query after this many seconds")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        paths = write_corpus(Path(tmp) / "corpus", args.documents)
        graph = build_graph([parse_file(p) for p in paths])
        per_doc = document_triples(graph)
        n = sum(len(t) for t in per_doc.values())
        query = named("overlap").text
        bindings = {"a": URIRef(ID + "collaboration/alrek"), "b": URIRef(ID + "collaboration/helsefellesskapet-bergen")}

        store = RdfStore(Path(tmp) / "ox")
        start = time.perf_counter()
        store.add_graphs([(document_graph(doc).value, triples) for doc, triples in per_doc.items()])
        ox_load = time.perf_counter() - start
        start = time.perf_counter()
        rows_ox = len(list(store.query(query, bindings)))
        ox_query = time.perf_counter() - start
        print(f"{args.documents} documents, {n:,} triples")
        print(f"Oxigraph (disk, behind rdflib): load {ox_load:6.2f} s   overlap {ox_query * 1000:9.1f} ms  ({rows_ox} rows)")

        # rdflib's default store in a child process, so a query that never ends can be stopped
        manager = multiprocessing.Manager()
        out = manager.dict()
        child = multiprocessing.get_context("fork").Process(target=_memory_query, args=(per_doc, query, bindings, out))
        child.start()
        child.join(args.timeout)
        if child.is_alive():
            child.terminate()
            child.join()
            load = f"{out['load']:6.2f} s" if "load" in out else "not finished"
            print(f"rdflib Memory:                  load {load}   overlap > {args.timeout:.0f} s (stopped)")
        else:
            print(f"rdflib Memory:                  load {out['load']:6.2f} s   overlap {out['query'] * 1000:9.1f} ms  ({out['rows']} rows)")


if __name__ == "__main__":
    main()
