"""documents → loaders → extractions (stored) → resolve → canonical graph → RDF store.

One bad file never stops the batch: its error is recorded in the report and the rest load.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from samkart.errors import StoreError
from samkart.graph.build import build_graph
from samkart.graph.model import CanonicalGraph
from samkart import name_index
from samkart.loaders.reading import SUPPORTED
from samkart.parallel_parse import parse_all
from samkart.sinks.rdf import VOCABULARY_GRAPH, document_graph, document_triples, vocabulary_triples
from samkart.sinks.rdf_store import triples_digest
from samkart.store import StoreFolder

import pyoxigraph as ox


@dataclass
class LoadReport:
    loaded: list[tuple[str, str, str]] = field(default_factory=list)  # (path, doc id, family)
    failed: list[tuple[str, str, str | None]] = field(default_factory=list)  # (path, reason, hint)
    warnings: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    graphs_written: int = 0
    graphs_unchanged: int = 0


def expand_paths(paths: Iterable[Path], unlisted: list[tuple[str, str]] | None = None) -> list[Path]:
    """Files as given; folders recursively (supported suffixes only, hidden files skipped).
    A folder that cannot be listed is added to `unlisted` as (folder, why), never skipped silently."""
    files: list[Path] = []
    for path in paths:
        path = Path(path)
        if path.is_dir():
            found: list[Path] = []
            for folder, dirs, names in os.walk(path, onerror=lambda exc: unlisted is not None and unlisted.append(
                    (str(exc.filename), f"cannot list this folder: {exc.strerror or exc}"))):
                dirs[:] = [d for d in dirs if not d.startswith(".")]
                for name in names:
                    child = Path(folder) / name
                    if not name.startswith(".") and child.suffix.lower() in SUPPORTED and name.lower() != "readme.md" and child.is_file():
                        found.append(child)
            files.extend(sorted(found))
        else:
            files.append(path)
    return files


Phase = Callable[[str, int, int], None]  # (phase: parse | resolve | write, done, total)


def load(paths: Iterable[Path], store: StoreFolder, family: str | None = None,
         progress: Callable[[Path], None] | None = None, phase: Phase | None = None, wait: float | None = None,
         jobs: int | None = None) -> LoadReport:
    """Parse into the staging folder (in `jobs` worker processes; default: every core), then
    commit: all under the write lock (a second writer waits up to `wait` seconds, or fails
    before it has changed anything)."""
    with store.write_lock(wait=wait, command="samkart load"):
        try:
            return _load(paths, store, family, progress, phase, jobs)
        except BaseException:
            store.discard_staged()  # a load that stops before its commit leaves no trace
            raise


def _load(paths: Iterable[Path], store: StoreFolder, family: str | None,
          progress: Callable[[Path], None] | None, phase: Phase | None, jobs: int | None = None) -> LoadReport:
    report = LoadReport()
    unlisted: list[tuple[str, str]] = []
    files = expand_paths(paths, unlisted)
    report.failed.extend((folder, why, "check the folder's permissions") for folder, why in unlisted)
    for index, (path, extraction, failure) in enumerate(parse_all(files, family, jobs)):
        if extraction is not None:
            try:
                store.save_extraction(extraction)
            except OSError as exc:  # the store, not the document: nothing is committed, stop here
                raise StoreError(f"cannot write to the store {store.root}: {exc.strerror or exc}",
                                 hint="free space (or fix permissions) and load again; the store is as it was before this load") from exc
            report.loaded.append((str(path), extraction.document.id, extraction.document.family))
            report.warnings.extend(f"{path}: {w}" for w in extraction.warnings)
        else:
            report.failed.append((str(path), *failure))
        if progress:
            progress(path)
        if phase:
            phase("parse", index + 1, len(files))
    with store.commit():
        graph = rebuild(store, report, phase)
    report.counts = counts(graph)
    return report


def current_graph(store: StoreFolder) -> CanonicalGraph:
    return build_graph(store.extractions(), store.judgements.verdicts("person"))


def rebuild(store: StoreFolder, report: LoadReport | None = None, phase: Phase | None = None) -> CanonicalGraph:
    """Resolve all stored extractions and bring every document's named graph up to date.

    Only graphs whose content changed are rewritten; graphs of documents no longer stored are
    dropped. Each rewrite is one transaction; the whole rebuild is one commit of the store
    (under the write lock), so readers never see it half-done.
    """
    with store.commit():
        return _rebuild(store, report, phase)


def _rebuild(store: StoreFolder, report: LoadReport | None, phase: Phase | None) -> CanonicalGraph:
    if phase:
        phase("resolve", 0, 1)
    graph = current_graph(store)
    if phase:
        phase("resolve", 1, 1)
    rdf = store.rdf()
    old = store.digests()
    new: dict[str, str] = {}
    per_doc = document_triples(graph)
    per_doc_items = {doc: per_doc.get(doc, set()) for doc in graph.documents}
    vocab = vocabulary_triples()
    graphs = {VOCABULARY_GRAPH: vocab} | {document_graph(doc).value: triples for doc, triples in per_doc_items.items()}
    existing = set(rdf.graphs())
    fresh: list[tuple[str, set]] = []
    written = 0
    for name, triples in sorted(graphs.items()):
        digest = triples_digest(triples)
        new[name] = digest
        if old.get(name) == digest and name in existing:
            if report:
                report.graphs_unchanged += 1
            continue
        if name in existing:
            rdf.replace_graph(ox.NamedNode(name), triples)
            written += 1
            if phase:
                phase("write", written, len(graphs))
        else:
            fresh.append((name, triples))
        if report:
            report.graphs_written += 1
    # graphs of new documents go in through the bulk loader, in batches; each batch is recorded
    # first so that an interrupted one is dropped again on the next open (StoreFolder.recover)
    batch: list[tuple[str, set]] = []
    size = 0
    for index, (name, triples) in enumerate(fresh):
        batch.append((name, triples))
        size += len(triples)
        if size >= 200_000 or index == len(fresh) - 1:
            store.begin_bulk([n for n, _ in batch])
            rdf.add_graphs(batch)
            store.end_bulk()
            written += len(batch)
            if phase:
                phase("write", written, len(graphs))
            batch, size = [], 0
    # digests are written after the graphs: an interrupted run leaves stale digests, which only
    # means the next run rewrites those graphs again
    for name in set(old) - set(new):
        rdf.drop_graph(ox.NamedNode(name))
    stored = set(rdf.graphs())
    for name in stored - set(new):
        rdf.drop_graph(ox.NamedNode(name))
    try:
        name_index.write(store.root, graph)  # before the digests: their change is what tells readers to look again
    except BaseException:
        name_index.remove(store.root)  # readers fall back to the SPARQL store rather than read a stale index
        raise
    store.save_digests(new)
    if phase:
        phase("write", len(graphs), len(graphs))
    return graph


def counts(graph: CanonicalGraph) -> dict[str, int]:
    return {
        "documents": len(graph.documents),
        "people": len(graph.people),
        "organisations": len(graph.organisations),
        "collaborations": len(graph.collaborations),
        "bodies": len(graph.bodies),
        "memberships": len(graph.memberships),
        "meetings": len(graph.meetings),
        "attendance": len(graph.attendance),
        "cases": len(graph.cases),
        "decisions": sum(1 for c in graph.cases.values() if c.decision),
        "references": len(graph.references),
    }
