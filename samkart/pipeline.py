"""documents → loaders → extractions (stored) → resolve → canonical graph → RDF store.

One bad file never stops the batch: its error is recorded in the report and the rest load.
"""
from __future__ import annotations

import os
import pickle
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

import sqlite3

from samkart.errors import StoreDamaged, StoreError
from samkart.graph.build import build_graph
from samkart.loaders.extraction import Extraction
from samkart.emission import Digests
from samkart.resolution import FILE as RESOLUTION_FILE, Resolution
from samkart.graph.model import CanonicalGraph
from samkart import name_index
from samkart.loaders.reading import SUPPORTED
from samkart.parallel_parse import parse_all
from samkart.sinks.rdf import VOCABULARY_GRAPH, document_graph, vocabulary_triples
from samkart.sinks.rdf_store import SpooledLoad
from samkart.store import REPAIR_HINT, StoreFolder

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


Phase = Callable[[str, int, int], None]  # (phase: parse | resolve | write | index, done, total)
SPOOL_FILE = ".rebuild-quads.nq"  # a rebuild's triples on their way to Oxigraph's bulk loader
NAMES_FILE = ".parse-names"  # what the parsed documents say of each name, for a rebuild in the same load


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
    names_path = store.root / NAMES_FILE
    try:
        names = open(names_path, "wb")
    except OSError as exc:  # the store, not a document: nothing is staged yet
        raise _unwritable(store, exc) from exc
    try:
        with names:
            try:
                stage = store.staging_folder()
            except OSError as exc:
                raise _unwritable(store, exc) from exc
            for index, (path, extraction, failure) in enumerate(parse_all(files, family, jobs, stage)):
                if extraction is not None:
                    try:
                        store.save_extraction(extraction)
                        rows = getattr(extraction, "names", None)  # read by a parse worker (in this process: by the rebuild)
                        if rows is not None:
                            pickle.dump((extraction.document.id, rows), names)
                    except OSError as exc:  # the store, not the document: nothing is committed, stop here
                        raise _unwritable(store, exc) from exc
                    report.loaded.append((str(path), extraction.document.id, extraction.document.family))
                    report.warnings.extend(f"{path}: {w}" for w in extraction.warnings)
                else:
                    report.failed.append((str(path), *failure))
                if progress:
                    progress(path)
                if phase:
                    phase("parse", index + 1, len(files))
        with store.commit():
            rebuilt = rebuild(store, report, phase, jobs=jobs, names=names_path)
    finally:
        names_path.unlink(missing_ok=True)
    report.counts = rebuilt
    return report


def _unwritable(store: StoreFolder, exc: OSError) -> StoreError:
    return StoreError(f"cannot write to the store {store.root}: {exc.strerror or exc}",
                      hint="free space (or fix permissions) and load again; the store is as it was before this load")


def current_graph(store: StoreFolder) -> CanonicalGraph:
    """The canonical graph of everything stored: merged from the resolver's state when the store
    has it (nothing is re-read or re-resolved), else resolved from the extractions."""
    if store.readonly:
        store.wait_until_complete()
    if (store.root / RESOLUTION_FILE).exists():
        try:
            state = Resolution(store.root, readonly=True)
        except sqlite3.Error:
            state = None
        if state is not None:
            try:
                if state.usable():
                    return state.graph()
            except sqlite3.Error:
                pass
            finally:
                state.close()
    return build_graph(store.extractions(), store.judgements.verdicts("person"))


def rebuild(store: StoreFolder, report: LoadReport | None = None, phase: Phase | None = None, full: bool = False,
            jobs: int | None = None, names: Path | None = None) -> dict[str, int]:
    """Bring the resolver's state and every document's named graph up to date with the stored
    extractions and judgements: only what changed is re-resolved and rewritten (`full`: all of
    it, from scratch). One commit of the store (under the write lock), so readers never see it
    half-done. `names`: a file of what some of the documents say of each name (NAMES_FILE),
    which a rebuild of everything need not read from their extractions."""
    with store.commit():
        return _rebuild(store, report, phase, full, jobs, names)


def _read(path: Path | str) -> Extraction:
    try:
        return Extraction.from_json(Path(path).read_text(encoding="utf-8"))
    except (ValueError, TypeError, KeyError, AttributeError) as exc:
        raise StoreDamaged(f"damaged extraction {path}: {exc}", hint=REPAIR_HINT + ", then load that document again") from exc


def _quads(items) -> list[ox.Quad]:
    return [ox.Quad(*triple, document_graph(owner)) for owner, triple in items]


def _rebuild(store: StoreFolder, report: LoadReport | None, phase: Phase | None, full: bool = False,
             jobs: int | None = None, names: Path | None = None) -> dict[str, int]:
    rdf = store.rdf()
    files = store.extraction_paths()
    judgements = store.judgements.verdicts("person")
    vocab = vocabulary_triples()
    vocab_name = VOCABULARY_GRAPH
    try:
        state = Resolution(store.root)
        full = full or not state.usable()
    except sqlite3.Error:  # a damaged state file: derived data, so it is derived again
        state, full = None, True
    if full:
        if state is not None:
            state.close()
        state = Resolution.fresh(store.root)
        digests = Digests({})
        rdf.clear()
        for t in vocab:
            digests.add(vocab_name, t)

        def progress(step: str, done: int, total: int) -> None:
            if phase:
                phase("resolve" if step != "groups" else "write", done, total)

        try:
            spool = SpooledLoad(rdf, store.root / SPOOL_FILE)
        except OSError as exc:
            raise StoreError(f"cannot write to the store {store.root}: {exc.strerror or exc}",
                             hint="free space (or fix permissions) and run `samkart repair`") from exc
        with spool:
            graph = ox.NamedNode(vocab_name)
            spool.write("".join(f"{s} {p} {o} {graph} .\n" for s, p, o in vocab).encode("utf-8"))
            # its last checkpoint hands the groups' triples to the loader: they load while the
            # state's last indexes and the name index are written
            state.rebuild(files, judgements, spool, digests, progress, jobs, names)
            _write_index_whole(store, state)
            if phase:
                phase("index", 0, 1)
            spool.load()
        # RocksDB compacts the loaded files now, inside the commit: left to the next writer, its
        # first transaction stalled behind them (minutes at 100,000 documents)
        rdf.flush()
        if phase:
            phase("index", 1, 1)
        if report:
            report.graphs_written = len(digests.state)
    else:
        digests = Digests(store.digests())
        if phase:
            phase("resolve", 0, 1)

        def apply(removed, added) -> None:
            for owner, triple in removed:
                digests.add(document_graph(owner).value, triple, -1)
            for owner, triple in added:
                digests.add(document_graph(owner).value, triple)
            rdf.change(_quads(removed), _quads(added))
            for owner in {owner for owner, _ in removed}:
                name = document_graph(owner)
                if digests.count(name.value) <= 0:
                    rdf.drop_graph(name)  # emptied: a named graph outlives its last quad in Oxigraph

        # a load only brings in its staged extractions: the others' files are not looked at again
        # (judge, repair and an interrupted load's finish check every file)
        result = state.update(files, judgements, _read, apply, check=store.staged_ids() or None)
        if report:
            touched = {document_graph(owner).value for owner in result.graphs_touched}
            report.graphs_written = len(touched)
        try:
            if not name_index.update(store.root, state.index_changes(result.groups), result.gone, state.seat_rows(result.groups)):
                _write_index_whole(store, state)
        except BaseException:
            name_index.remove(store.root)  # readers fall back to the SPARQL store rather than read a stale index
            raise
        if phase:
            phase("resolve", 1, 1)
    saved = digests.as_dict()
    if report and not full:
        report.graphs_unchanged = len(saved.keys() - touched)
    store.save_digests(saved)  # last: its change is what tells readers to look again
    if phase:
        phase("write", 1, 1)
    out = state.counts()
    state.close()
    return out


def _write_index_whole(store: StoreFolder, state: Resolution) -> None:
    try:
        name_index.write(store.root, state.index_graph(), state.all_seat_rows())
    except BaseException:
        name_index.remove(store.root)
        raise
