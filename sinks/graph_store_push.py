"""Push the named graphs to a SPARQL 1.1 Graph Store (HTTP Protocol): `PUT ?graph=IRI` per
document graph and the vocabulary graph, `DELETE ?graph=IRI` for graphs of documents no longer
stored.

Incremental by the digests the store already keeps (`graph-digests.json`, written by every load):
a per-server record in the store folder (`pushed/<server>.json`) holds the digest of each graph
as last pushed there, and only graphs whose digest differs are sent. The record is rewritten
atomically as graphs go out (every `SAVE_EVERY` graphs, and whatever happens at the end), so an
interrupted push resends at most what it had not recorded yet — a PUT replaces the whole graph,
so sending one again is harmless.
"""
from __future__ import annotations

import hashlib
import json
import re
import urllib.parse
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Callable

import pyoxigraph as ox

from samkart.sinks.sparql_http import SparqlHttp, with_query
from samkart.store import StoreFolder, atomic_write

SAVE_EVERY = 50


@dataclass
class PushSummary:
    graphs: int = 0       # graphs in the store
    sent: int = 0         # PUT
    deleted: int = 0      # DELETE
    unchanged: int = 0    # not sent: the server has them as they are
    bytes: int = 0        # N-Triples bytes sent

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


def record_path(store: StoreFolder, graph_store: str) -> Path:
    """One record per Graph Store URL: readable name, plus a hash so that URLs never collide."""
    parts = urllib.parse.urlsplit(graph_store)
    readable = re.sub(r"[^A-Za-z0-9.-]+", "_", f"{parts.hostname or 'server'}_{parts.port or ''}{parts.path}").strip("_")
    digest = hashlib.sha256(graph_store.encode("utf-8")).hexdigest()[:12]
    return store.root / "pushed" / f"{readable[:80]}-{digest}.json"


def load_record(path: Path) -> dict[str, str]:
    if not path.exists():
        return {}
    return dict(json.loads(path.read_text(encoding="utf-8")).get("graphs", {}))


def save_record(path: Path, graph_store: str, graphs: dict[str, str]) -> None:
    atomic_write(path, json.dumps({"graph_store": graph_store, "graphs": graphs}, indent=1, sort_keys=True))


def graph_ntriples(store: StoreFolder, name: str) -> bytes:
    triples = [ox.Triple(q.subject, q.predicate, q.object) for q in store.rdf().quads(name)]
    out = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
    return out if isinstance(out, bytes) else out.encode("utf-8")


def plan(store: StoreFolder, graph_store: str, full: bool = False) -> tuple[list[str], list[str], dict[str, str]]:
    """(graphs to send, graphs to delete, the record as it stands)."""
    store.rdf()  # opening recovers an interrupted load, which may change the digests
    digests = store.digests()
    record = {} if full else load_record(record_path(store, graph_store))
    send = [name for name, digest in sorted(digests.items()) if record.get(name) != digest]
    delete = sorted(name for name in record if name not in digests)
    return send, delete, record


def push(store: StoreFolder, graph_store: str, http: SparqlHttp, *, full: bool = False,
         progress: Callable[[int], None] | None = None) -> PushSummary:
    """Bring the Graph Store up to date with the store; `full` sends every graph again."""
    send, delete, record = plan(store, graph_store, full)
    digests = store.digests()
    path = record_path(store, graph_store)
    summary = PushSummary(graphs=len(digests), unchanged=len(digests) - len(send))
    done = 0
    try:
        for name in send:
            body = graph_ntriples(store, name)
            http.request("PUT", with_query(graph_store, graph=name), body=body,
                         headers={"Content-Type": "application/n-triples; charset=utf-8"})
            record[name] = digests[name]
            summary.sent += 1
            summary.bytes += len(body)
            done += 1
            if done % SAVE_EVERY == 0:
                save_record(path, graph_store, record)
            if progress:
                progress(1)
        for name in delete:
            # 404: the server has already lost it, which is what we want
            http.request("DELETE", with_query(graph_store, graph=name), ok_statuses=(404,))
            del record[name]
            summary.deleted += 1
            if progress:
                progress(1)
    finally:
        if summary.sent or summary.deleted or full:
            save_record(path, graph_store, record)
    return summary


__all__ = ["PushSummary", "push", "plan", "record_path", "graph_ntriples"]
