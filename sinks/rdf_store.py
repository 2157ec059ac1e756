"""The embedded, persistent SPARQL store: Oxigraph (RocksDB on disk), read through rdflib.

Writes go straight to pyoxigraph: a load's difference of quads as one SPARQL update (DELETE DATA,
INSERT DATA), which Oxigraph applies as one transaction; a rebuild of everything through the bulk
loader (not transactional: the store's commit record makes an interrupted one start over). Reads
go through rdflib's Dataset API over the same store (oxrdflib), with the
union of all named graphs as the default graph and parameters bound as initBindings (Oxigraph
substitutions), never pasted into the query text.
"""
from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Iterable, Mapping

from typing import TYPE_CHECKING

import pyoxigraph as ox

if TYPE_CHECKING:  # rdflib is read on the first query: a load never needs it (a tenth of its start-up)
    from rdflib import Dataset
    from rdflib.term import Identifier

from samkart.errors import QueryError, StoreDamaged, StoreError
from samkart.sinks.rdf import PREFIXES


_OPEN: dict[Path, "RdfStore"] = {}
KEEP_LOGS = 2  # RocksDB writes a ~136 KB info log per read-write open; keep only the newest old ones


def prune_logs(path: Path) -> None:
    """Bound RocksDB's info logs (LOG.old.*), which otherwise grow by one file per open."""
    old = sorted(path.glob("LOG.old.*"), key=lambda p: p.name)
    for stale in old[:-KEEP_LOGS] if KEEP_LOGS else old:
        stale.unlink(missing_ok=True)


LOCK_WAIT = 60.0  # seconds a writer waits for RocksDB's own lock (see _open_for_writing)


def _locked(exc: BaseException) -> bool:
    text = str(exc)
    return "corrupt" not in text.lower() and ("LOCK" in text or "temporarily unavailable" in text)


def _open_for_writing(path: Path) -> ox.Store:
    """A read-write handle. Writers hold samkart's write lock before they get here, so a RocksDB
    lock still held belongs to the writer before, which has released samkart's lock and is
    closing the database (RocksDB ends its background compactions first, which after a large
    bulk load takes seconds): wait for it, up to LOCK_WAIT."""
    deadline = time.monotonic() + LOCK_WAIT
    delay = 0.05
    while True:
        try:
            return ox.Store(str(path))
        except (OSError, RuntimeError) as exc:
            if not _locked(exc) or time.monotonic() + delay > deadline:
                raise
        time.sleep(delay)
        delay = min(delay * 2, 1.0)


class RdfStore:
    """One open Oxigraph database per folder and process: RocksDB locks its folder, so a second
    handle in the same process would fail; `open` hands back the one already open."""

    @classmethod
    def open(cls, path: Path) -> "RdfStore":
        key = Path(path).resolve()
        if key not in _OPEN or _OPEN[key].readonly:
            _OPEN[key] = cls(key)
        return _OPEN[key]

    @classmethod
    def open_read_only(cls, path: Path) -> "RdfStore":
        """A read-only handle: takes no RocksDB lock and writes nothing (no log files either), so
        any number of readers run beside each other and beside the one writer. It sees the store
        as it was when opened. In a process that already writes the store, its handle is used."""
        key = Path(path).resolve()
        if key in _OPEN and not _OPEN[key].readonly:
            return _OPEN[key]
        return cls(key, readonly=True)

    def __init__(self, path: Path, readonly: bool = False) -> None:
        self.path = Path(path)
        self.readonly = readonly
        try:
            if readonly:
                self.ox = ox.Store.read_only(str(self.path))
            else:
                self.path.mkdir(parents=True, exist_ok=True)
                self.ox = _open_for_writing(self.path)
                prune_logs(self.path)
        except (OSError, RuntimeError) as exc:
            text = str(exc)
            if not readonly and _locked(exc):
                raise StoreError(f"cannot open the RDF store at {self.path}: {exc}",
                                 hint="another program has it open for writing; wait for it or use --store DIR") from exc
            raise StoreDamaged(f"the RDF store {self.path} cannot be opened: {text.splitlines()[0] if text else exc.__class__.__name__}",
                               hint="run `samkart repair`: it rebuilds the RDF store from the extractions") from exc
        self._dataset: Dataset | None = None

    def bulk_add(self, quads: Iterable[ox.Quad]) -> None:
        """Quads into a store being rebuilt, through the bulk loader (not transactional: the
        caller's commit record makes an interrupted rebuild start over)."""
        self.ox.bulk_extend(quads)

    def change(self, removed: Iterable[ox.Quad], added: Iterable[ox.Quad]) -> None:
        """Remove some quads and add others, in one Oxigraph transaction."""
        removed, added = list(removed), list(added)
        if not removed and not added:
            return
        lines = [f"DELETE DATA {{ {' '.join(f'GRAPH {q.graph_name} {{ {q.subject} {q.predicate} {q.object} }}' for q in removed)} }}"] if removed else []
        if added:
            lines.append(f"INSERT DATA {{ {' '.join(f'GRAPH {q.graph_name} {{ {q.subject} {q.predicate} {q.object} }}' for q in added)} }}")
        self.ox.update(" ;\n".join(lines))

    def clear(self) -> None:
        self.ox.clear()

    def flush(self) -> None:
        self.ox.flush()

    def drop_graph(self, graph_iri: ox.NamedNode) -> None:
        self.ox.update(f"DROP SILENT GRAPH {graph_iri}")

    def graphs(self) -> list[str]:
        return sorted(g.value for g in self.ox.named_graphs())

    def dataset(self) -> Dataset:
        if self._dataset is None:
            from oxrdflib import OxigraphStore
            from rdflib import Dataset

            ds = Dataset(store=OxigraphStore(store=self.ox), default_union=True)
            for prefix, ns in PREFIXES.items():
                ds.bind(prefix, ns)
            self._dataset = ds
        return self._dataset

    def query(self, text: str, bindings: Mapping[str, Identifier] | None = None):
        try:
            return self.dataset().query(text, initBindings=dict(bindings or {}))
        except RuntimeError as exc:
            if "SELECT projection" in str(exc):
                raise QueryError(f"the SPARQL query failed: {exc}",
                                 hint="Oxigraph binds a parameter only when its variable is in the SELECT list: add it there") from exc
            raise QueryError(f"the SPARQL query failed: {exc}") from exc
        except (SyntaxError, ValueError, OSError) as exc:
            raise QueryError(f"the SPARQL query failed: {exc}") from exc

    def quads(self, graph_iri: str | None = None) -> list[ox.Quad]:
        graph = ox.NamedNode(graph_iri) if graph_iri else None
        return list(self.ox.quads_for_pattern(None, None, None, graph))

    def serialize(self, fmt: str) -> bytes:
        """Export the whole store: trig/nquads keep the named graphs; turtle/jsonld merge them.
        Every format is written by Oxigraph's serializers straight from the store (turtle through
        an rdflib graph took 70 s and 1.3 GB on 2,000 documents where TriG took 3 s: issue #12); JSON-LD is compacted with a
        `@context` of the prefixes (rdflib's compaction, on the merged triples)."""
        if fmt in ("nquads", "trig", "turtle"):
            if fmt == "turtle":
                data = (ox.Triple(q.subject, q.predicate, q.object) for q in self.ox.quads_for_pattern(None, None, None, None))
                out = ox.serialize(data, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES)
            else:
                out = ox.serialize(self.quads(), format=ox.RdfFormat.N_QUADS if fmt == "nquads" else ox.RdfFormat.TRIG,
                                   prefixes=PREFIXES if fmt == "trig" else None)
            return out if isinstance(out, bytes) else out.encode("utf-8")
        from rdflib import Graph

        merged = Graph()
        nt = ox.serialize([ox.Triple(q.subject, q.predicate, q.object) for q in self.quads()], format=ox.RdfFormat.N_TRIPLES)
        merged.parse(data=nt.decode("utf-8") if isinstance(nt, bytes) else nt, format="nt")
        return merged.serialize(format="json-ld", context={**PREFIXES}, auto_compact=True).encode("utf-8")

    def close(self) -> None:
        """Flush to disk; the handle stays open for the rest of the process (see `open`)."""
        if not self.readonly:
            self.ox.flush()


__all__ = ["RdfStore"]


class SpooledLoad:
    """The N-Quads of a rebuild written to files beside the store as they are produced, each
    file given to Oxigraph's bulk loader in one call. Fed chunk by chunk, the loader ingested
    thousands of overlapping sorted files into RocksDB, whose compactions then rewrote them: at
    100,000 documents 34 GB written for a 5 GB store, and the writer waiting on it; from a few
    files it writes a fraction of that.

    `checkpoint()` hands what was written so far to the loader on a thread of its own (it
    releases the GIL) while the writer goes on into a new file; `load()` waits for it and loads
    the rest. A loader error is raised by `load()`. The files go when the block ends (a crash
    leaves them for the next rebuild, which writes over them)."""

    def __init__(self, rdf: "RdfStore", path: Path) -> None:
        self.rdf = rdf
        self.base = path
        self.paths: list[Path] = []
        self.loader: threading.Thread | None = None
        self.error: BaseException | None = None
        self._open_next()

    def _open_next(self) -> None:
        path = self.base.with_name(f"{self.base.name}.{len(self.paths)}")
        self.paths.append(path)
        self.handle = open(path, "wb")

    def write(self, data: bytes) -> None:
        self.handle.write(data)

    def _load_file(self, path: Path) -> None:
        if path.stat().st_size:
            # lenient: the loader does not check the IRIs and language tags again. Every line was
            # written from pyoxigraph's own terms (`samkart.emission.Output`), which checked them
            # when they were made; checking cost a tenth of the loader's time.
            self.rdf.ox.bulk_load(path=str(path), format=ox.RdfFormat.N_QUADS, lenient=True)
        path.unlink(missing_ok=True)

    def _background(self, path: Path) -> None:
        try:
            self._load_file(path)
        except BaseException as exc:  # noqa: BLE001 — raised on the writer's thread by load()
            self.error = exc

    def checkpoint(self) -> None:
        """Start loading what was written so far (one load at a time: a second waits for the first)."""
        self._wait()
        self.handle.close()
        self.loader = threading.Thread(target=self._background, args=(self.paths[-1],), name="samkart-bulk-load", daemon=True)
        self.loader.start()
        self._open_next()

    def _wait(self) -> None:
        if self.loader is not None:
            self.loader.join()
            self.loader = None
        if self.error is not None:
            raise self.error

    def load(self) -> None:
        self._wait()
        self.handle.close()
        self._load_file(self.paths[-1])

    def __enter__(self) -> "SpooledLoad":
        return self

    def __exit__(self, *exc: object) -> None:
        self.handle.close()
        if self.loader is not None:
            self.loader.join()  # never leave a thread writing the store behind
        for path in self.paths:
            path.unlink(missing_ok=True)
