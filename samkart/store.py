"""The store folder: extractions (JSON, one per document), a manifest of paths, the judgement
log, the Oxigraph database and the digests of the named graphs written to it.

    .samkart/
      extractions/<doc-id>.json   what each loader read, so the resolver can re-run over everything
      manifest.json               path → doc id, so a changed file replaces its older version
      judgements.jsonl            merge decisions made by people (append-only)
      graph-digests.json          digest of each document's named graph as last written
      oxigraph/                   the SPARQL store
      write.lock                  the one-writer lock (samkart/locking.py)
      commit.json                 present only while a writer changes the store (see `commit`)
      staging/<pid>/              extractions parsed by a running load, not yet part of the store

One writer, many readers: a writer holds the write lock for its whole operation, parses into
its staging folder (nothing a reader sees changes), then commits — records what it is about
to do in commit.json, moves its extractions in, merges the manifest, rewrites the RDF, and
removes commit.json. Readers (`StoreFolder.open_read_only`) never take the lock; they wait while
a live writer commits, and after a crash mid-commit they say so instead of answering from a
half-written store. The next writer (any `load`, `judge` or `samkart repair`) finishes the
interrupted commit first.
"""
from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable, Iterator

from samkart.errors import SamkartError, StoreBusy, StoreDamaged, StoreError
from samkart.graph.judgements import JudgementLog
from samkart.loaders.extraction import Extraction
from samkart.locking import held_here, pid_alive, write_lock

DEFAULT_STORE = ".samkart"
READ_WAIT = float(os.environ.get("SAMKART_READ_WAIT", "300"))  # seconds a reader waits for a commit to end
REPAIR_HINT = "run `samkart repair` (it rebuilds what is damaged from the extractions and says what it did)"


def store_path(option: str | None) -> Path:
    """--store DIR, else $SAMKART_STORE, else ./.samkart/"""
    return Path(option or os.environ.get("SAMKART_STORE") or DEFAULT_STORE)


def atomic_write(path: Path, text: str | bytes, sync: bool = True) -> None:
    """Write beside the target and rename over it: the file is either the old or the new one.
    `sync=False`: not synced here (the caller syncs many files at once later)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(text.encode("utf-8") if isinstance(text, str) else text)
            handle.flush()
            if sync:
                os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def read_json(path: Path, default: Any, what: str) -> Any:
    """A JSON state file, or `default` when absent; a damaged one is a StoreDamaged naming it."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return default
    except OSError as exc:
        raise StoreError(f"cannot read {path}: {exc.strerror or exc}", hint="check the store folder's permissions") from exc
    try:
        return json.loads(text)
    except ValueError as exc:
        raise StoreDamaged(f"{path}: the {what} is damaged ({exc})", hint=REPAIR_HINT) from exc


class StoreFolder:
    def __init__(self, root: Path, readonly: bool = False, notify: Callable[[str], None] | None = None) -> None:
        self.root = Path(root)
        self.readonly = readonly
        self.notify = notify
        self.extractions_dir = self.root / "extractions"
        self.manifest_path = self.root / "manifest.json"
        self.digests_path = self.root / "graph-digests.json"
        self.judgements = JudgementLog(Path(os.environ.get("SAMKART_JUDGEMENTS") or self.root / "judgements.jsonl"))
        self.oxigraph_dir = self.root / "oxigraph"
        self.pending_path = self.root / "pending-graphs.json"
        self.commit_path = self.root / "commit.json"
        self.staging_root = self.root / "staging"
        self._rdf = None
        self._manifest: dict[str, str] | None = None
        self._staged: dict[str, str] = {}
        self._unsynced = False  # staged files written without a sync of their own
        self._commit_depth = 0
        self._generation: int | None = None

    @classmethod
    def open_read_only(cls, root: Path, notify: Callable[[str], None] | None = None) -> "StoreFolder":
        """A reader: never takes the write lock, never blocks or is blocked by other readers,
        never writes a byte to the store (a read-only folder can be read)."""
        return cls(root, readonly=True, notify=notify)

    def exists(self) -> bool:
        return self.extractions_dir.exists()

    def require(self) -> None:
        if not self.exists():
            raise StoreError(f"no samkart store at {self.root}", hint="run `samkart load PATH...` first, or point --store / $SAMKART_STORE at an existing store")
        if self.readonly:
            self.wait_until_complete()

    # -- one writer ----------------------------------------------------------------------------
    @contextmanager
    def write_lock(self, wait: float | None = None, command: str = "samkart", finish: bool = True) -> Iterator[None]:
        """Hold the store-wide write lock; on first taking it, finish what a crashed writer left
        (unless `finish` is False: `samkart repair` first sets aside what is damaged)."""
        if self.readonly:
            raise StoreError(f"{self.root} was opened read-only", hint="open it with StoreFolder(path) to write")
        first = not held_here(self.root)
        with write_lock(self.root, wait=wait, command=command, notify=self.notify):
            if first and finish:
                self._manifest = None  # re-read under the lock: updates are merges, never blind overwrites
                self._after_lock()
            yield

    def _after_lock(self) -> None:
        if self.commit_path.exists():
            self.finish_commit()
        if self.staging_root.exists():
            # staging folders of writers that died before their commit: nothing of theirs was applied
            for folder in self.staging_root.iterdir():
                if folder.name != str(os.getpid()):
                    shutil.rmtree(folder, ignore_errors=True)

    def _staging_dir(self) -> Path:
        return self.staging_root / str(os.getpid())

    @contextmanager
    def commit(self) -> Iterator[None]:
        """The one step readers must not see half-done: staged extractions in, manifest merged,
        and (in the body) the RDF rewritten. Recorded first in commit.json so that a crash is
        finished by the next writer and reported meanwhile by readers."""
        with self.write_lock():
            if self._commit_depth:
                self._commit_depth += 1
                try:
                    yield
                finally:
                    self._commit_depth -= 1
                return
            if self._unsynced:
                os.sync()  # the marker names the staged files: they must be on disk before it is
                self._unsynced = False
            marker = {"pid": os.getpid(), "started": time.strftime("%Y-%m-%dT%H:%M:%S"),
                      "staging": str(self._staging_dir()), "updates": self._staged}
            atomic_write(self.commit_path, json.dumps(marker, indent=1))
            self._commit_depth = 1
            try:
                self._apply(marker)
                yield
            finally:
                self._commit_depth = 0
            self._staged = {}
            self.commit_path.unlink(missing_ok=True)

    def _apply(self, marker: dict) -> None:
        """Move staged extractions in and merge the manifest; idempotent, so a crash anywhere in
        here is finished by running it again."""
        manifest = self.manifest()
        staging = Path(marker.get("staging") or self._staging_dir())
        self.extractions_dir.mkdir(parents=True, exist_ok=True)
        for key, doc_id in (marker.get("updates") or {}).items():
            staged = staging / f"{doc_id}.json"
            if staged.exists():
                os.replace(staged, self.extractions_dir / f"{doc_id}.json")
            old = manifest.get(key)
            manifest[key] = doc_id
            if old and old != doc_id and not any(v == old for k, v in manifest.items() if k != key):
                (self.extractions_dir / f"{old}.json").unlink(missing_ok=True)
        self.save_manifest()
        shutil.rmtree(staging, ignore_errors=True)

    def finish_commit(self) -> None:
        """Finish a commit a crashed writer began (called under the lock)."""
        from samkart.pipeline import rebuild

        try:
            marker = read_json(self.commit_path, {}, "record of an interrupted load")
        except StoreDamaged:
            marker = {}  # its staged files are lost; the store itself is rebuilt below
        self._apply(marker if isinstance(marker, dict) else {})
        self._commit_depth = 1  # rebuild below is part of this commit
        try:
            # how far the crashed writer got is unknown: everything is derived again
            rebuild(self, full=True)
        finally:
            self._commit_depth = 0
        self.commit_path.unlink(missing_ok=True)

    # -- many readers --------------------------------------------------------------------------
    def interrupted(self) -> str | None:
        """Why the store is half-written with nobody finishing it, or None."""
        if self.commit_path.exists():
            try:
                marker = json.loads(self.commit_path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                marker = {}
            if isinstance(marker, dict) and pid_alive(marker.get("pid")) and marker.get("pid") != os.getpid():
                return None  # a live writer: wait for it
            return f"a load (or judge) that began {marker.get('started', '?') if isinstance(marker, dict) else '?'} was interrupted while writing the store"
        if self.pending_path.exists():
            return "a write of the RDF store was interrupted"
        return None

    def wait_until_complete(self) -> None:
        """Readers answer only from a complete store: wait while a live writer commits; after a
        crash, say so and how to finish it."""
        deadline = time.monotonic() + READ_WAIT
        told = False
        while self.commit_path.exists() or self.pending_path.exists():
            reason = self.interrupted()
            if reason:
                raise StoreDamaged(f"{self.root}: {reason}",
                                   hint="run `samkart repair` (or any `samkart load`) to finish it; what was loaded before is kept")
            if time.monotonic() >= deadline:
                raise StoreBusy(f"{self.root}: a load is still writing the store", hint="try again when it has finished")
            if self.notify and not told:
                self.notify("waiting for a load to finish writing the store …")
                told = True
            time.sleep(0.1)

    # -- extractions -------------------------------------------------------------------------
    def save_extraction(self, extraction: Extraction) -> None:
        """Stage one document's extraction; it joins the store (replacing an older version of the
        same path) at the next `commit`."""
        if self.readonly:
            raise StoreError(f"{self.root} was opened read-only", hint="open it with StoreFolder(path) to write")
        doc = extraction.document
        if getattr(extraction, "staged_in", None) == str(self._staging_dir()):
            self._unsynced = True  # a parse worker wrote it there: synced with the rest before the commit
        else:
            atomic_write(self._staging_dir() / f"{doc.id}.json", extraction.to_json())
        self._staged[str(Path(doc.path).resolve())] = doc.id

    def staging_folder(self) -> Path:
        """Where this writer's parse workers may write extractions for `save_extraction` to stage."""
        if self.readonly:
            raise StoreError(f"{self.root} was opened read-only", hint="open it with StoreFolder(path) to write")
        folder = self._staging_dir()
        folder.mkdir(parents=True, exist_ok=True)
        return folder

    def discard_staged(self) -> None:
        if not self._commit_depth and not self.commit_path.exists():  # a begun commit still needs them
            shutil.rmtree(self._staging_dir(), ignore_errors=True)
            self._staged = {}

    def save_manifest(self) -> None:
        if self._manifest is not None:
            atomic_write(self.manifest_path, json.dumps(self._manifest, sort_keys=True))  # no indent: C encoder, 7 MB at 100,000 documents

    def remove_document(self, doc_id: str) -> bool:
        with self.write_lock():
            path = self.extractions_dir / f"{doc_id}.json"
            if not path.exists():
                return False
            self._manifest = {k: v for k, v in self.manifest().items() if v != doc_id}
            self.save_manifest()
            path.unlink()
            return True

    def extraction_paths(self) -> dict[str, str]:
        """doc id → its extraction file (unsorted, as strings: a directory listing, cheap at 100,000 files)."""
        if not self.extractions_dir.exists():
            return {}
        with os.scandir(self.extractions_dir) as entries:
            return {e.name[:-5]: e.path for e in entries if e.name.endswith(".json") and not e.name.startswith(".")}

    def staged_ids(self) -> set[str]:
        """The ids of the extractions the commit in progress brings in."""
        return set(self._staged.values())

    def extraction_files(self) -> list[Path]:
        return sorted(self.extractions_dir.glob("*.json")) if self.extractions_dir.exists() else []

    def extractions(self) -> list[Extraction]:
        if self.readonly:
            self.wait_until_complete()
        out = []
        for path in self.extraction_files():
            try:
                out.append(Extraction.from_json(path.read_text(encoding="utf-8")))
            except FileNotFoundError:
                continue  # replaced by a commit while we read; the check below reads again
            except (ValueError, TypeError, KeyError, AttributeError) as exc:
                raise StoreDamaged(f"damaged extraction {path}: {exc}", hint=REPAIR_HINT + ", then load that document again") from exc
        if self.readonly and self.commit_path.exists():
            # a writer committed while we read: read the state it leaves
            self.wait_until_complete()
            return self.extractions()
        return out

    def manifest(self) -> dict[str, str]:
        if self._manifest is None:
            try:
                data = read_json(self.manifest_path, {}, "manifest")
            except StoreDamaged:
                if self.readonly:
                    raise
                data = self.manifest_from_extractions()  # writers rebuild it from what is sound
            self._manifest = data if isinstance(data, dict) else self.manifest_from_extractions()
        return self._manifest

    def manifest_from_extractions(self) -> dict[str, str]:
        """path → id from the extractions themselves (the newest version of each path wins)."""
        out: dict[str, tuple[float, str]] = {}
        for path in self.extraction_files():
            try:
                doc = json.loads(path.read_text(encoding="utf-8"))["document"]
                key = str(Path(doc["path"]).resolve())
            except (OSError, ValueError, KeyError, TypeError):
                continue
            mtime = path.stat().st_mtime
            if key not in out or out[key][0] < mtime:
                out[key] = (mtime, doc["id"])
        return {k: v for k, (_, v) in out.items()}

    # -- RDF ---------------------------------------------------------------------------------
    def rdf(self):
        from samkart.sinks.rdf_store import RdfStore

        if self.readonly and self._rdf is not None and self._generation != self._stamp():
            self._rdf = None  # a load finished since this handle opened: read what it wrote
        if self._rdf is None:
            if self.readonly:
                self.wait_until_complete()
                self._generation = self._stamp()
                if not self.oxigraph_dir.exists():
                    raise StoreDamaged(f"the RDF store {self.oxigraph_dir} is missing", hint=REPAIR_HINT)
                self._rdf = RdfStore.open_read_only(self.oxigraph_dir)
            else:
                self._rdf = RdfStore.open(self.oxigraph_dir)
                self.recover()
        return self._rdf

    def _stamp(self) -> int | None:
        """Changes whenever a writer finishes (it rewrites the digests last)."""
        try:
            return self.digests_path.stat().st_mtime_ns
        except OSError:
            return None

    def recover(self) -> None:
        """Drop graphs a bulk write began but never finished, so the store is as it was before."""
        if not self.pending_path.exists():
            return
        import pyoxigraph as ox

        try:
            pending = read_json(self.pending_path, [], "list of graphs being written")
        except StoreDamaged:
            pending = None
        if not isinstance(pending, list):
            # which graphs were half-written is unknown: forget every digest, so the next
            # rebuild rewrites every graph whole
            self.save_digests({})
        else:
            for name in pending:
                self._rdf.drop_graph(ox.NamedNode(name))
            digests = {k: v for k, v in self.digests().items() if k not in set(pending)}
            self.save_digests(digests)
        self.pending_path.unlink()

    def digests(self) -> dict[str, str]:
        try:
            data = read_json(self.digests_path, {}, "list of graph digests")
        except StoreDamaged:
            if self.readonly:
                raise
            return {}  # unknown digests only mean every graph is rewritten
        return data if isinstance(data, dict) else {}

    def save_digests(self, digests: dict[str, str]) -> None:
        atomic_write(self.digests_path, json.dumps(digests, sort_keys=True))  # no indent: the C encoder

    def close(self) -> None:
        if self._rdf is not None:
            if self.readonly:
                self._rdf = None  # dropping the handle closes a read-only open
            else:
                self._rdf.close()
                self._rdf = None


__all__ = ["StoreFolder", "store_path", "atomic_write", "SamkartError"]
