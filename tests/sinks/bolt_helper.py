"""Run inside a private network namespace by test_bolt.py (never on its own): starts FalkorDB
with its experimental Bolt port, pushes part of the seed graph through the official neo4j
driver, runs the named overlap query over Bolt, and prints the answer as JSON.

The Bolt port listens on every interface, which is why it only ever runs where the only
interface is this namespace's loopback."""
from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

from samkart.pipeline import current_graph
from samkart.queries import named
from samkart.sinks.cypher import Neo4jTarget, push
from samkart.sinks.falkor_server import EmbeddedFalkor, free_port
from samkart.sinks.property_graph import PropertyGraph, build_property_graph
from samkart.store import StoreFolder

# The labels and relationships the overlap query needs; rows stay well under FalkorDB's ~2 KB
# Bolt message limit when written one per statement.
KEEP_LABELS = ("Person", "Body", "Collaboration", "Membership")
KEEP_RELS = {("HOLDS", "Person", "Membership"), ("IN", "Membership", "Body"), ("PART_OF", "Body", "Collaboration")}
SLIM = {"Person": ("id", "name", "digest"), "Body": ("id", "name", "digest"), "Collaboration": ("id", "name", "digest"),
        "Membership": ("id", "role", "digest")}


def slim(pg: PropertyGraph) -> PropertyGraph:
    nodes = {label: [{k: v for k, v in row.items() if k in SLIM[label]} for row in rows] for label, rows in pg.nodes.items() if label in KEEP_LABELS}
    rels = {key: [{k: v for k, v in row.items() if k in ("id", "from", "to", "digest")} for row in rows]
            for key, rows in pg.relationships.items() if key in KEEP_RELS}
    return PropertyGraph(nodes, rels)


def main(store_dir: str, a: str, b: str) -> None:
    pg = slim(build_property_graph(current_graph(StoreFolder(Path(store_dir)))))
    bolt = free_port(below=32768)
    with EmbeddedFalkor(Path(tempfile.mkdtemp()), extra_args=["BOLT_PORT", str(bolt)]):
        import socket
        import time

        for _ in range(100):  # the Bolt listener comes up with the module
            try:
                socket.create_connection(("127.0.0.1", bolt), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.05)
        target = Neo4jTarget(f"bolt://127.0.0.1:{bolt}", "falkordb", "", batch_size=1, check_version=False, dialect="falkordb")
        first = push(target, pg).as_dict()
        second = push(target, pg).as_dict()
        query = named("overlap", "cypher")
        _, rows, _ = target.run(query.text, query.with_defaults({"a": a, "b": b}))
        target.close()
    print(json.dumps({"first": first, "second": second, "overlap": sorted(r[0] for r in rows)}))


if __name__ == "__main__":
    main(*sys.argv[1:4])
