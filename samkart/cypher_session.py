"""Where `samkart cypher` runs: a Neo4j server when NEO4J_URI is set, else the embedded
FalkorDB engine that samkart starts in the store folder, brings up to date with an incremental
push, and stops again."""
from __future__ import annotations

import os
from contextlib import contextmanager
from typing import Iterator

from samkart.sinks.cypher import Neo4jTarget, Target, push
from samkart.sinks.property_graph import build_property_graph
from samkart.store import StoreFolder


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

    with EmbeddedFalkor(store.root / "falkordb") as server:
        target = server.target()
        try:
            if sync:
                push(target, build_property_graph(current_graph(store)))
            yield target
        finally:
            target.close()
