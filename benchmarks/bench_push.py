"""Rows per second for the batched push (UNWIND $rows … MERGE, 1k rows a statement) against one
statement per row, on a synthetic property graph with 100k relationships, on the embedded
FalkorDB engine (or the Neo4j server in NEO4J_URI).

    python benchmarks/bench_push.py --relationships 100000
"""
from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

from samkart.sinks.cypher import push
from samkart.sinks.falkor_server import EmbeddedFalkor
from samkart.sinks.property_graph import PropertyGraph, digest


def synthetic(relationships: int) -> PropertyGraph:
    people = max(1000, relationships // 10)
    bodies = 200
    nodes = {"Person": [], "Body": [], "Membership": []}
    for i in range(people):
        row = {"id": f"person/p{i}", "name": f"Person {i}", "sources": ["d"]}
        nodes["Person"].append(row | {"digest": digest(row)})
    for i in range(bodies):
        row = {"id": f"body/b{i}", "name": f"Body {i}", "sources": ["d"]}
        nodes["Body"].append(row | {"digest": digest(row)})
    holds, inside = [], []
    for i in range(relationships // 2):
        m = {"id": f"membership/m{i}", "role": "medlem", "sources": ["d"]}
        nodes["Membership"].append(m | {"digest": digest(m)})
        h = {"id": f"HOLDS:{i}", "from": f"person/p{i % people}", "to": m["id"], "sources": ["d"]}
        n = {"id": f"IN:{i}", "from": m["id"], "to": f"body/b{i % bodies}", "sources": ["d"]}
        holds.append(h | {"digest": digest(h)})
        inside.append(n | {"digest": digest(n)})
    return PropertyGraph(nodes, {("HOLDS", "Person", "Membership"): holds, ("IN", "Membership", "Body"): inside})


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--relationships", type=int, default=100_000)
    parser.add_argument("--per-row-sample", type=int, default=5_000, help="rows written one statement each (extrapolated)")
    args = parser.parse_args()
    pg = synthetic(args.relationships)
    rows = pg.counts()["nodes"] + pg.counts()["relationships"]
    with tempfile.TemporaryDirectory() as tmp, EmbeddedFalkor(Path(tmp)) as server:
        target = server.target("bench")
        start = time.perf_counter()
        push(target, pg)
        batched = time.perf_counter() - start
        start = time.perf_counter()
        unchanged = push(target, pg)
        again = time.perf_counter() - start
        sample = pg.nodes["Person"][: args.per_row_sample]
        start = time.perf_counter()
        for row in sample:
            target.run("MERGE (n:PersonPerRow {id: $row.id}) SET n = $row", {"row": row}, write=True)
        per_row = time.perf_counter() - start
        target.close()
    print(f"{rows:,} rows ({pg.counts()['relationships']:,} relationships) on {'Neo4j' if os.environ.get('NEO4J_URI') else 'embedded FalkorDB'}")
    print(f"batched UNWIND … MERGE: {rows / batched:,.0f} rows/s ({batched:.1f} s); second push (nothing changed): {again:.1f} s, {unchanged.unchanged:,} unchanged")
    print(f"one statement per row: {len(sample) / per_row:,.0f} rows/s (sample of {len(sample):,})")


if __name__ == "__main__":
    main()
