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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--documents", type=int, default=2000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        paths = write_corpus(Path(tmp) / "corpus", args.documents)
        graph = build_graph([parse_file(p) for p in paths])
        per_doc = document_triples(graph)
        n = sum(len(t) for t in per_doc.values())
        query = named("overlap").text
        bindings = {"a": URIRef(ID + "collaboration/alrek"), "b": URIRef(ID + "collaboration/helsefellesskapet-bergen")}

        start = time.perf_counter()
        memory = Dataset(default_union=True)
        for doc, triples in per_doc.items():
            g = memory.graph(URIRef(document_graph(doc).value))
            for s, p, o in triples:
                g.add((to_rdflib(s), to_rdflib(p), to_rdflib(o)))
        memory_load = time.perf_counter() - start
        start = time.perf_counter()
        rows_memory = len(list(memory.query(query, initBindings=bindings)))
        memory_query = time.perf_counter() - start

        store = RdfStore(Path(tmp) / "ox")
        start = time.perf_counter()
        for doc, triples in per_doc.items():
            store.replace_graph(document_graph(doc), triples)
        ox_load = time.perf_counter() - start
        start = time.perf_counter()
        rows_ox = len(list(store.query(query, bindings)))
        ox_query = time.perf_counter() - start

        print(f"{args.documents} documents, {n:,} triples; overlap rows: memory {rows_memory}, oxigraph {rows_ox}")
        print(f"rdflib Memory : load {memory_load:6.2f} s   overlap {memory_query * 1000:8.1f} ms")
        print(f"Oxigraph disk : load {ox_load:6.2f} s   overlap {ox_query * 1000:8.1f} ms")


if __name__ == "__main__":
    main()
