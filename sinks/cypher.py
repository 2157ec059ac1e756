"""Pushing the property graph to a Cypher engine and running Cypher queries.

One Cypher text for both engines; what differs lives in the two small `Target` classes:
index/constraint syntax, batch size, how results come back. Writes are always batched
`UNWIND $rows … MERGE` statements with parameters (never values pasted into the text), one
managed write transaction per batch. Push is idempotent and incremental: each node and
relationship carries a digest of its properties, and only rows whose digest changed are
written; rows no longer in the graph are deleted.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Protocol

from samkart.errors import CypherEngineError
from samkart.sinks.property_graph import LABELS, PropertyGraph


class Target(Protocol):
    name: str
    batch_size: int

    def run(self, query: str, params: dict[str, Any] | None = None, write: bool = False) -> tuple[list[str], list[list[Any]], dict[str, int]]: ...

    def ensure_indexes(self, labels: tuple[str, ...]) -> None: ...

    def close(self) -> None: ...


@dataclass
class PushSummary:
    nodes_created: int = 0
    nodes_updated: int = 0
    nodes_deleted: int = 0
    relationships_created: int = 0
    relationships_updated: int = 0
    relationships_deleted: int = 0
    unchanged: int = 0

    def as_dict(self) -> dict[str, int]:
        return dict(self.__dict__)


def _batches(rows: list, size: int):
    for start in range(0, len(rows), size):
        yield rows[start: start + size]


def _sync(target: Target, existing_query: str, rows: list[dict[str, Any]], write: str, delete: str,
          shape: Callable[[dict[str, Any]], dict[str, Any]], progress: Callable[[int], None] | None) -> tuple[int, int, int, int]:
    """Bring one label's nodes (or one type's relationships) in line with `rows`: write the rows
    whose digest differs, delete the ids no longer wanted. Returns (created, updated, deleted, unchanged)."""
    _, existing_rows, _ = target.run(existing_query)
    existing = {row[0]: row[1] for row in existing_rows}
    changed = [r for r in rows if existing.get(r["id"]) != r["digest"]]
    for batch in _batches(changed, target.batch_size):
        target.run(write, {"rows": [shape(r) for r in batch]}, write=True)
        if progress:
            progress(len(batch))
    gone = sorted(set(existing) - {row["id"] for row in rows})
    for batch in _batches(gone, target.batch_size):
        target.run(delete, {"ids": batch}, write=True)
    created = sum(1 for r in changed if r["id"] not in existing)
    return created, len(changed) - created, len(gone), len(rows) - len(changed)


def push(target: Target, pg: PropertyGraph, progress: Callable[[int], None] | None = None) -> PushSummary:
    summary = PushSummary()
    target.ensure_indexes(LABELS)
    # nodes per label, then relationships per type: both ends exist before any relationship
    for label, rows in pg.nodes.items():
        # SET n = row replaces all properties, so a property that disappeared is removed too
        created, updated, deleted, unchanged = _sync(
            target, f"MATCH (n:{label}) RETURN n.id, n.digest", rows,
            f"UNWIND $rows AS row MERGE (n:{label} {{id: row.id}}) SET n = row",
            f"UNWIND $ids AS id MATCH (n:{label} {{id: id}}) DETACH DELETE n", dict, progress)
        summary.nodes_created += created
        summary.nodes_updated += updated
        summary.nodes_deleted += deleted
        summary.unchanged += unchanged
    for (kind, a, b), rows in pg.relationships.items():
        created, updated, deleted, unchanged = _sync(
            target, f"MATCH (:{a})-[r:{kind}]->(:{b}) RETURN r.id, r.digest", rows,
            f"UNWIND $rows AS row MATCH (a:{a} {{id: row._from}}) MATCH (b:{b} {{id: row._to}}) "
            f"MERGE (a)-[r:{kind} {{id: row.id}}]->(b) SET r = row REMOVE r._from, r._to",
            f"UNWIND $ids AS id MATCH (:{a})-[r:{kind} {{id: id}}]->(:{b}) DELETE r",
            lambda r: {k: v for k, v in r.items() if k not in ("from", "to")} | {"_from": r["from"], "_to": r["to"]}, progress)
        summary.relationships_created += created
        summary.relationships_updated += updated
        summary.relationships_deleted += deleted
        summary.unchanged += unchanged
    return summary


# ------------------------------------------------------------------------------------ FalkorDB
SOCKET_TIMEOUT = 180  # seconds one FalkorDB reply may take; batches of 1,000 rows answer in well under a second


class FalkorTarget:
    """FalkorDB over its native (Redis) protocol with the `falkordb` client."""

    name = "falkordb"
    batch_size = 1000

    def __init__(self, host: str = "127.0.0.1", port: int = 6379, graph: str = "samkart", unix_socket_path: str | None = None,
                 password: str | None = None) -> None:
        from falkordb import FalkorDB

        try:
            # a server that never answers must become an error, not a hang (seen once under heavy load)
            self.db = FalkorDB(host=host, port=port, unix_socket_path=unix_socket_path, password=password,
                               socket_timeout=SOCKET_TIMEOUT, socket_connect_timeout=30)
            self.graph = self.db.select_graph(graph)
        except Exception as exc:  # redis raises ConnectionError subclasses
            raise CypherEngineError(f"cannot reach FalkorDB at {host}:{port}: {exc}") from exc

    def run(self, query: str, params: dict[str, Any] | None = None, write: bool = False):
        try:
            result = self.graph.query(query, params or {}) if write else self.graph.query(query, params or {})
        except Exception as exc:
            if "empty key" in str(exc).lower() or "invalid graph operation on empty key" in str(exc).lower():
                return [], [], {}
            raise CypherEngineError(f"FalkorDB refused the query: {exc}") from exc
        header = [h[1] if isinstance(h, (list, tuple)) else h for h in (result.header or [])]
        header = [h.decode() if isinstance(h, bytes) else str(h) for h in header]
        rows = [[_plain(v) for v in row] for row in (result.result_set or [])]
        counters = {"nodes_created": result.nodes_created, "nodes_deleted": result.nodes_deleted,
                    "relationships_created": result.relationships_created, "relationships_deleted": result.relationships_deleted,
                    "properties_set": result.properties_set}
        return header, rows, counters

    def ensure_indexes(self, labels: tuple[str, ...]) -> None:
        _, rows, _ = self.run("CALL db.indexes() YIELD label, properties RETURN label, properties")
        have = {(row[0], tuple(row[1]) if isinstance(row[1], list) else row[1]) for row in rows}
        for label in labels:
            if (label, ("id",)) not in have and (label, "id") not in have:
                try:
                    self.run(f"CREATE INDEX FOR (n:{label}) ON (n.id)", write=True)
                except CypherEngineError as exc:
                    if "already indexed" not in str(exc).lower():
                        raise

    def close(self) -> None:
        try:
            self.db.connection.close()
        except Exception:
            pass


def _plain(value: Any) -> Any:
    """FalkorDB Node/Edge objects → dicts of their properties; everything else as is."""
    props = getattr(value, "properties", None)
    if isinstance(props, dict):
        return dict(props)
    if isinstance(value, bytes):
        return value.decode("utf-8")
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


# ------------------------------------------------------------------------------------ Neo4j
class Neo4jTarget:
    """Neo4j 5 (or any Bolt server) with the official driver; one managed transaction per batch."""

    name = "neo4j"
    batch_size = 2000

    def __init__(self, uri: str, user: str | None, password: str | None, database: str | None = None, batch_size: int | None = None,
                 check_version: bool = True, dialect: str = "neo4j") -> None:
        import neo4j
        from neo4j.exceptions import AuthError, ServiceUnavailable

        self.database = database
        if batch_size:
            self.batch_size = batch_size
        try:
            self.driver = neo4j.GraphDatabase.driver(uri, auth=(user, password) if user else None)
            self.driver.verify_connectivity()
        except AuthError as exc:
            raise CypherEngineError(f"Neo4j at {uri} refused the credentials", hint="check --user/--password or NEO4J_USERNAME/NEO4J_PASSWORD") from exc
        except (ServiceUnavailable, OSError, ValueError) as exc:
            raise CypherEngineError(f"cannot reach Neo4j at {uri}: {exc}", hint="check --uri or NEO4J_URI, and that the server is running") from exc
        # 'falkordb' when the Bolt server is FalkorDB's experimental port, which announces itself
        # as Neo4j but only understands FalkorDB's index syntax
        self.flavour = dialect
        if check_version:
            info = self.driver.get_server_info()
            agent = (info.agent or "").lower()
            if agent.startswith("neo4j/"):
                major = int(agent.split("/")[1].split(".")[0] or 0)
                if major < 5:
                    raise CypherEngineError(f"{info.agent} is not supported", hint="samkart needs Neo4j 5 or newer")

    def run(self, query: str, params: dict[str, Any] | None = None, write: bool = False):
        from neo4j.exceptions import Neo4jError

        def work(tx):
            result = tx.run(query, params or {})
            records = list(result)
            counters = result.consume().counters
            return list(result.keys()), [list(r.values()) for r in records], {
                "nodes_created": counters.nodes_created, "nodes_deleted": counters.nodes_deleted,
                "relationships_created": counters.relationships_created, "relationships_deleted": counters.relationships_deleted,
                "properties_set": counters.properties_set}

        try:
            with self.driver.session(database=self.database) as session:
                keys, rows, counters = session.execute_write(work) if write else session.execute_read(work)
        except Neo4jError as exc:
            raise CypherEngineError(f"the Cypher statement failed: {exc.message or exc}") from exc
        return keys, [[_plain_neo4j(v) for v in row] for row in rows], counters

    def ensure_indexes(self, labels: tuple[str, ...]) -> None:
        for label in labels:
            if self.flavour == "neo4j":
                self.run(f"CREATE CONSTRAINT samkart_{label.lower()}_id IF NOT EXISTS FOR (n:{label}) REQUIRE n.id IS UNIQUE", write=True)
            else:  # FalkorDB's Bolt port speaks FalkorDB's dialect
                try:
                    self.run(f"CREATE INDEX FOR (n:{label}) ON (n.id)", write=True)
                except CypherEngineError:
                    pass

    def close(self) -> None:
        self.driver.close()


def _plain_neo4j(value: Any) -> Any:
    if hasattr(value, "items") and hasattr(value, "labels"):
        return dict(value.items())
    if hasattr(value, "iso_format"):
        return value.iso_format()
    return value
