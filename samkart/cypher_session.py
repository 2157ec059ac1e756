"""Where `samkart cypher` runs: a Neo4j server when NEO4J_URI is set, else the embedded
FalkorDB engine that samkart starts in the store folder, brings up to date with an incremental
push, and stops again."""
from __future__ import annotations

import hashlib
import os
from contextlib import contextmanager
from typing import Iterator

from samkart.sinks.cypher import Neo4jTarget, Target, push
from samkart.sinks.property_graph import build_property_graph
from samkart.store import StoreFolder

SYNC_STAMP = "synced-with.txt"  # the store state the embedded engine's saved data was pushed from
PUSH_FORMAT = "property-graph-1"  # change when build_property_graph's output changes for the same store


def neo4j_settings(uri: str | None = None, user: str | None = None, password: str | None = None, database: str | None = None) -> dict:
    return {"uri": uri or os.environ.get("NEO4J_URI"), "user": user or os.environ.get("NEO4J_USERNAME"),
            "password": password or os.environ.get("NEO4J_PASSWORD"), "database": database or os.environ.get("NEO4J_DATABASE")}


@contextmanager
def cypher_target(store: StoreFolder, sync: bool = True) -> Iterator[Target]:
    settings = neo4j_settings()
    if settings["uri"]:
        target = Neo4jTarget(**settings)
        try:
            yield target
        finally:
            target.close()
        return
    from samkart.pipeline import current_graph
    from samkart.sinks.falkor_server import EmbeddedFalkor

    folder = store.root / "falkordb"
    stamp = folder / SYNC_STAMP
    now = store_generation(store)
    # what the engine holds was pushed from this very store state and saved: nothing to re-resolve
    up_to_date = now is not None and (folder / "falkordb.rdb").exists() and _read(stamp) == now
    if sync and not up_to_date:
        stamp.unlink(missing_ok=True)  # a push that does not finish and save leaves no claim behind
    with EmbeddedFalkor(folder) as server:
        target = server.target()
        try:
            if sync and not up_to_date:
                push(target, build_property_graph(current_graph(store)))
            yield target
        finally:
            target.close()
    if sync and not up_to_date and now is not None and now == store_generation(store):
        stamp.write_text(now, encoding="utf-8")  # after the server saved its data on the way out


def store_generation(store: StoreFolder) -> str | None:
    """The store's state as the writer last left it: every named graph's digest (the judgement
    log's merges and splits change them too)."""
    try:
        return hashlib.sha256(store.digests_path.read_bytes() + PUSH_FORMAT.encode()).hexdigest()
    except OSError:
        return None


def _read(path) -> str | None:
    try:
        return path.read_text(encoding="utf-8").strip()
    except OSError:
        return None
