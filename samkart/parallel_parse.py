"""Parse documents in worker processes (`samkart load --jobs N`, default: every core).

Workers only read files and run the loaders; the writer process keeps everything that touches
the store (staging, the write lock, the commit), so the one-writer protocol is unchanged. Results
come back in the order of the files, a bounded window at a time, and a file's failure is its
(reason, hint) just as in a serial load: one bad file never stops the batch.
"""
from __future__ import annotations

import dataclasses
import multiprocessing
import os
from pathlib import Path
from typing import Any, Iterator

from samkart.errors import DocumentError, SamkartError, UnreadableDocument
from samkart.loaders.extraction import Extraction
from samkart.limits import LIMITS
from samkart.loaders.registry import parse_file
from samkart.store import atomic_write

Failure = tuple[str, str | None]  # (reason, hint)
SERIAL_BELOW = 8  # fewer files than this are parsed in this process: starting workers costs more


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def parse_one(path: Path, family: str | None) -> tuple[Extraction | None, Failure | None]:
    """One file's extraction, or why it could not be read (never raises for the file's fault)."""
    try:
        if not path.exists():
            raise UnreadableDocument(path, "no such file")
        return parse_file(path, family), None
    except DocumentError as exc:
        return None, (exc.reason, exc.hint)
    except SamkartError as exc:
        return None, (str(exc), exc.hint)
    except OSError as exc:  # unreadable, vanished, permission: the file's fault, not a loader bug
        return None, (f"cannot read: {exc.strerror or exc}", "check the file's permissions")
    except MemoryError:
        return None, ("ran out of memory reading it", "check the file; raise the memory limit if it is genuine")
    except Exception as exc:  # a loader bug must not lose the batch; say which file
        return None, (f"internal error while parsing: {exc.__class__.__name__}: {exc}", "please report this document's layout")


def _set_limits(values: dict) -> None:
    for key, value in values.items():
        setattr(LIMITS, key, value)


@dataclasses.dataclass
class Serialized:
    """An extraction as a worker hands it back: its document, its warnings and its JSON — the
    writer only stores it, so it is serialized where it was parsed (unpickling the whole tree
    and writing it out again was a third of the writer's time)."""

    document: Any
    warnings: list[str]
    text: str | None  # None: the worker wrote it to `staged_in` itself
    names: list[tuple[str, bytes]] | None = None  # what it says of each name (`rebuild_workers.name_rows`)
    staged_in: str | None = None

    def to_json(self) -> str:
        if self.text is None:
            return (Path(self.staged_in) / f"{self.document.id}.json").read_text(encoding="utf-8")
        return self.text


def _work(task: tuple[Path, str | None, str | None]) -> tuple[Serialized | None, Failure | None]:
    path, family, stage = task
    extraction, failure = parse_one(path, family)
    if extraction is None:
        return None, failure
    from samkart.rebuild_workers import name_rows

    text: str | None = extraction.to_json()
    if stage is not None:
        # staged here rather than sent to the writer to write: a tenth of a load's CPU was the
        # writer writing files and both sides moving their text through the pipe
        try:
            # not synced: the writer syncs everything staged at once before its commit marker names it
            atomic_write(Path(stage) / f"{extraction.document.id}.json", text, sync=False)
            text = None
        except OSError:
            stage = None  # the writer writes it, and says what is wrong with the store if it cannot
    # names read here, where the extraction is at hand: a load of everything does not read it again for them
    return Serialized(extraction.document, extraction.warnings, text, name_rows(extraction), stage), None


def pool_context():
    """forkserver: workers fork from a clean process, never from this one, whose open stores run
    threads (RocksDB) a fork would copy mid-work."""
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
    if "forkserver" in methods:
        context.set_forkserver_preload(["samkart.loaders.registry", "samkart.rebuild_workers"])
    return context


def parse_all(files: list[Path], family: str | None, jobs: int | None = None,
              stage: Path | None = None) -> Iterator[tuple[Path, Extraction | None, Failure | None]]:
    """(path, extraction, failure) for every file, in order. `stage`: a folder the workers write
    each extraction's JSON to (a Serialized's `staged_in`), unsynced; the writer stages the rest."""
    jobs = default_jobs() if jobs is None else max(1, jobs)
    if jobs == 1 or len(files) < SERIAL_BELOW:
        for path in files:
            yield (path, *parse_one(path, family))
        return
    with pool_context().Pool(jobs, initializer=_set_limits, initargs=(dataclasses.asdict(LIMITS),)) as pool:
        results = pool.imap(_work, ((path, family, None if stage is None else str(stage)) for path in files), chunksize=4)
        for path, result in zip(files, results):
            yield (path, *result)
