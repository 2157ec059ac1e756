"""The Python API, for notebooks:

    import samkart
    kg = samkart.open(".samkart")
    kg.overlap("Alrek", "Helsefellesskapet", as_of="2024-06-01")
    kg.frame(kg.person("Gunnhild Myklebust")["memberships"])   # a pandas DataFrame

Every method returns the dicts of the CLI's JSON contract (README), computed by the same code
as the CLI, so a notebook and `samkart … --json` always agree.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from samkart import answers
from samkart.store import StoreFolder, store_path
from samkart.timeline import parse_when


def network_view(store: StoreFolder, collaborations: tuple[str, ...] = (), bodies: tuple[str, ...] = (), since: str | None = None,
                 as_of: str | None = None, exclude_sensitive: bool = False):
    """The canonical graph and the filtered person–body network (with its notices), for `viz`,
    `analyze` and `KnowledgeGraph.networkx`. Names are looked up like everywhere else."""
    from samkart.pipeline import current_graph
    from samkart.sinks.networkx_graph import NetworkFilter, build_network

    groups = [answers.find_group(store, name) for name in collaborations]
    f = NetworkFilter(collaborations=[g["id"] for g in groups if g["kind"] == "collaboration"],
                      bodies=[answers.find_group(store, name)["id"] for name in bodies] + [g["id"] for g in groups if g["kind"] == "body"],
                      since=since, as_of=as_of, exclude_sensitive=exclude_sensitive)
    graph = current_graph(store)
    network, notices = build_network(graph, f)
    return graph, network, notices


def _date(value: str | None) -> str | None:
    return parse_when(str(value)) if value is not None else None


class KnowledgeGraph:
    """A samkart store opened for reading."""

    def __init__(self, path: str | Path | None = None, read_only: bool = True) -> None:
        self.read_only = read_only
        self.store = self._open(store_path(str(path) if path is not None else None))

    def _open(self, root: Path) -> StoreFolder:
        # read-only (issue #10): no lock, so loads, the CLI and other notebooks go on meanwhile;
        # each answer reads the store as the last finished load left it
        store = StoreFolder.open_read_only(root) if self.read_only else StoreFolder(root)
        store.require()
        return store

    # -- answers (the JSON contract) ---------------------------------------------------------
    def person(self, name: str, as_of: str | None = None) -> dict[str, Any]:
        return answers.person(self.store, name, as_of=_date(as_of))

    def overlap(self, a: str, b: str, as_of: str | None = None, at_same_time: bool = False,
                limit: int | None = None, offset: int = 0) -> list[dict[str, Any]]:
        """Everyone in both, or one page of them (`limit`, `offset`: by name, as `samkart overlap`)."""
        return answers.overlap(self.store, a, b, as_of=_date(as_of), at_same_time=at_same_time, limit=limit, offset=offset)

    def succession(self, body: str, as_of: str | None = None) -> list[dict[str, Any]]:
        from samkart.succession import succession

        return succession(self.store, body, as_of=_date(as_of))

    def list(self, kind: str, as_of: str | None = None) -> list[dict[str, Any]]:
        """people, organisations, bodies, collaborations, meetings or cases."""
        from samkart.cli import LIST_KINDS

        if kind not in LIST_KINDS:
            raise ValueError(f"kind must be one of {', '.join(LIST_KINDS)}")
        data = getattr(answers, kind)(self.store)
        return answers.as_of_filter(self.store, kind, data, _date(as_of)) if as_of else data

    # -- queries -----------------------------------------------------------------------------
    def sparql(self, query: str, **params: Any) -> list[dict[str, Any]]:
        """A named query, a .rq file or SPARQL text; keyword arguments bind any variable
        (`person=`, `body=`, `collaboration=` take names, ids or IRIs)."""
        from samkart.params import sparql_terms, substitute
        from samkart.queries import resolve_query

        q = resolve_query(query, "sparql")
        text = substitute(q.text, sparql_terms(self.store, q, {k: str(v) for k, v in params.items()}))
        return answers.rows_sparql(self.store, text, {})[1]

    def cypher(self, query: str, sync: bool = True, **params: Any) -> list[dict[str, Any]]:
        """A named query, a .cypher file or Cypher text, on Neo4j ($NEO4J_URI) or the embedded engine."""
        from samkart.cypher_session import cypher_target
        from samkart.params import cypher_values
        from samkart.queries import resolve_query

        q = resolve_query(query, "cypher")
        values = cypher_values(self.store, q, {k: str(v).lower() if isinstance(v, bool) else str(v) for k, v in params.items()})
        with cypher_target(self.store, sync=sync) as target:
            columns, rows, _ = target.run(q.text, values)
        return [dict(zip(columns, row)) for row in rows]

    def networkx(self, collaborations: tuple[str, ...] = (), bodies: tuple[str, ...] = (), since: str | None = None,
                 as_of: str | None = None, exclude_sensitive: bool = False):
        """The person–body network (networkx.Graph) the views and measures use."""
        return network_view(self.store, tuple(collaborations), tuple(bodies), _date(since), _date(as_of), exclude_sensitive)[1]

    # -- tables ------------------------------------------------------------------------------
    @staticmethod
    def frame(data: Any):
        """Any answer as a pandas DataFrame, flattened as `--csv` is (needs pandas)."""
        try:
            import pandas as pd
        except ImportError as exc:
            raise ImportError("kg.frame needs pandas: pip install pandas") from exc
        from samkart.output import flatten

        return pd.DataFrame(flatten(data))

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> "KnowledgeGraph":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open(path: str | Path | None = None, read_only: bool = True) -> KnowledgeGraph:  # noqa: A001 - samkart.open
    """Open a store (default: $SAMKART_STORE, else ./.samkart) for reading."""
    return KnowledgeGraph(path, read_only=read_only)
