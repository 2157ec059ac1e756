"""`samkart check` and `samkart repair`: is the store sound, and if not, what fixes it.

The extractions are the source of truth: the manifest can be rebuilt from them, the digests only
save work, and the RDF store can always be rebuilt from them. `check` only reads (it is a
reader: no lock, nothing written); `repair` takes the write lock and rebuilds what is damaged.
"""
from __future__ import annotations

import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from samkart.errors import SamkartError, StoreDamaged
from samkart.loaders.extraction import Extraction
from samkart.locking import pid_alive
from samkart.store import StoreFolder, read_json

REPAIR = "samkart repair"


@dataclass
class Fault:
    what: str
    fix: str

    def as_dict(self) -> dict[str, str]:
        return {"fault": self.what, "fix": self.fix}


def _extraction_ids(store: StoreFolder) -> tuple[set[str], list[Path]]:
    sound, damaged = set(), []
    for path in store.extraction_files():
        try:
            Extraction.from_json(path.read_text(encoding="utf-8"))
            sound.add(path.stem)
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            damaged.append(path)
    return sound, damaged


def check(root: Path) -> list[Fault]:
    """Every fault of the store at `root`, each with the command that fixes it. Reads only."""
    store = StoreFolder.open_read_only(root)
    if not store.exists():
        return [Fault(f"no samkart store at {root}", "samkart load PATH...")]
    faults: list[Fault] = []
    reason = store.interrupted()
    if reason:
        faults.append(Fault(reason, f"{REPAIR} (or any `samkart load`) finishes it"))
    elif store.commit_path.exists():
        return [Fault("a load is writing the store right now", "wait for it to finish, then check again")]
    state: dict[str, object] = {}
    for path, what in ((store.manifest_path, "manifest"), (store.digests_path, "list of graph digests"),
                       (store.pending_path, "list of graphs being written")):
        try:
            state[path.name] = read_json(path, None, what)
        except (StoreDamaged, SamkartError) as exc:
            faults.append(Fault(str(exc), f"{REPAIR} rebuilds it from the extractions"))
    ids, damaged = _extraction_ids(store)
    manifest = state.get("manifest.json") if isinstance(state.get("manifest.json"), dict) else None
    by_id = {v: k for k, v in (manifest or {}).items()}
    for path in damaged:
        original = by_id.get(path.stem)
        faults.append(Fault(f"damaged extraction {path}",
                            f"{REPAIR} sets it aside" + (f", then `samkart load {original}`" if original else ", then load that document again")))
    if manifest is not None:
        for key, doc_id in sorted(manifest.items()):
            if doc_id not in ids and not any(p.stem == doc_id for p in damaged):
                faults.append(Fault(f"the manifest lists {key} but its extraction {doc_id} is missing",
                                    f"{REPAIR}, then `samkart load {key}`"))
        for doc_id in sorted(ids - set(manifest.values())):
            faults.append(Fault(f"extraction {doc_id} is not in the manifest", f"{REPAIR} adds it (or drops it if a newer version replaced it)"))
    if store.staging_root.exists():
        stale = [d for d in store.staging_root.iterdir() if not (d.name.isdigit() and pid_alive(int(d.name)))]
        if stale:
            faults.append(Fault(f"{len(stale)} staging folder(s) of interrupted loads (nothing of them was applied)",
                                f"{REPAIR} (or any `samkart load`) removes them"))
    try:
        store.judgements.read()
    except SamkartError as exc:
        faults.append(Fault(str(exc), exc.hint or "fix that line"))
    faults.extend(_check_rdf(store, ids, state.get("graph-digests.json")))
    faults.extend(_check_resolution(store))
    return faults


def _check_resolution(store: StoreFolder) -> list[Fault]:
    """The resolver's state (derived from the extractions; a fault only costs a full rebuild)."""
    import sqlite3

    from samkart.resolution import FILE, Resolution

    path = store.root / FILE
    if not path.exists():
        return [Fault(f"the resolver's state {path} is missing", f"{REPAIR} derives it from the extractions")]
    try:
        state = Resolution(store.root, readonly=True)
        try:
            ok = state.usable() and state.db.execute("PRAGMA quick_check").fetchone()[0] == "ok"
        finally:
            state.close()
    except sqlite3.Error as exc:
        return [Fault(f"the resolver's state {path} is damaged ({exc})", f"{REPAIR} derives it again from the extractions")]
    if not ok:
        return [Fault(f"the resolver's state {path} is incomplete", f"{REPAIR} derives it again from the extractions")]
    return []


def _check_rdf(store: StoreFolder, ids: set[str], digests: object) -> list[Fault]:
    from samkart.sinks.rdf import VOCABULARY_GRAPH, document_graph
    from samkart.sinks.rdf_store import RdfStore

    if not store.oxigraph_dir.exists():
        return [Fault(f"the RDF store {store.oxigraph_dir} is missing", f"{REPAIR} rebuilds it from the extractions")]
    try:
        rdf = RdfStore.open_read_only(store.oxigraph_dir)
        stored = set(rdf.graphs())
        sum(1 for _ in rdf.ox.quads_for_pattern(None, None, None, None))  # reads every block
    except StoreDamaged as exc:
        return [Fault(str(exc), f"{REPAIR} rebuilds it from the extractions")]
    except (OSError, RuntimeError) as exc:
        return [Fault(f"the RDF store {store.oxigraph_dir} is damaged: {str(exc).splitlines()[0] if str(exc) else exc}",
                      f"{REPAIR} rebuilds it from the extractions")]
    faults = []
    expected = {VOCABULARY_GRAPH} | {document_graph(i).value for i in ids}
    if expected - stored:
        faults.append(Fault(f"{len(expected - stored)} document graph(s) missing from the RDF store", f"{REPAIR} writes them"))
    if stored - expected:
        faults.append(Fault(f"{len(stored - expected)} graph(s) in the RDF store belong to no stored document", f"{REPAIR} drops them"))
    if isinstance(digests, dict) and set(digests) != stored:
        faults.append(Fault("the graph digests do not match the RDF store", f"{REPAIR} rewrites the graphs concerned"))
    return faults


def repair(root: Path, wait: float | None = None, notify: Callable[[str], None] | None = None) -> list[str]:
    """Fix what `check` finds, under the write lock. Returns what was done, for the user."""
    from samkart.pipeline import rebuild

    store = StoreFolder(root, notify=notify)
    store.require()
    done: list[str] = []
    with store.write_lock(wait=wait, command="samkart repair", finish=False):
        stamp = time.strftime("%Y%m%dT%H%M%S")
        ids, damaged = _extraction_ids(store)
        try:
            manifest = read_json(store.manifest_path, {}, "manifest")
        except StoreDamaged:
            manifest = None
        if not isinstance(manifest, dict):
            manifest = store.manifest_from_extractions()
            done.append("rebuilt the manifest from the extractions")
        by_id = {v: k for k, v in manifest.items()}
        if damaged:
            aside = store.root / "damaged"
            aside.mkdir(exist_ok=True)
            for path in damaged:
                shutil.move(str(path), aside / f"{path.stem}.{stamp}.json")
                done.append(f"set aside the damaged extraction {path.name} (in {aside}); load {by_id.get(path.stem, 'that document')} again")
        for key in [k for k, v in manifest.items() if v not in ids]:
            del manifest[key]
            done.append(f"dropped {key} from the manifest (its extraction is gone); load it again to restore it")
        fresh = store.manifest_from_extractions()
        for key, doc_id in fresh.items():
            if doc_id not in manifest.values() and key not in manifest:
                manifest[key] = doc_id
                done.append(f"added {key} to the manifest")
        for doc_id in ids - set(manifest.values()):
            (store.extractions_dir / f"{doc_id}.json").unlink(missing_ok=True)
            done.append(f"removed {doc_id}, an older version of a document that was loaded again")
        store._manifest = manifest
        store.save_manifest()
        for path, what in ((store.digests_path, "graph digests"), (store.pending_path, "graphs being written")):
            try:
                read_json(path, None, what)
            except StoreDamaged:
                if path == store.pending_path:
                    path.unlink()
                store.save_digests({})
                done.append(f"{path.name} was damaged: every graph is rewritten")
        rdf_fault = _check_rdf(store, set(), None) if store.oxigraph_dir.exists() else ["missing"]
        if rdf_fault and (not store.oxigraph_dir.exists() or "cannot be opened" in rdf_fault[0].what or "damaged" in rdf_fault[0].what):
            if store.oxigraph_dir.exists():
                target = store.root / f"oxigraph.damaged-{stamp}"
                shutil.move(str(store.oxigraph_dir), target)
                done.append(f"moved the damaged RDF store to {target} (delete it when you are satisfied)")
            store.pending_path.unlink(missing_ok=True)
            store.save_digests({})
            done.append("rebuilt the RDF store from the extractions")
        if store.commit_path.exists():
            done.append("finished an interrupted load")
        store._after_lock()
        rebuild(store, full=True)  # whatever was damaged, everything is derived again from the extractions
    return done
