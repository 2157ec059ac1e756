"""The store-wide write lock: one writer at a time, any number of readers.

An OS file lock (flock) on `<store>/write.lock`, taken by `load`, `judge` and every rebuild for
the whole operation. The kernel drops it when the holder dies, however it dies (kill -9
included), so a stale lock never needs cleaning up. Readers never take it.

The lock is re-entrant within one process (a `load` that calls `rebuild` takes it once).
"""
from __future__ import annotations

import fcntl
import json
import os
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

from samkart.errors import StoreBusy

LOCK_NAME = "write.lock"
DEFAULT_WAIT = 60.0  # seconds a second writer waits before giving up (--wait)

_HELD: dict[Path, tuple[int, int]] = {}  # resolved lock path → (fd, depth)


def holder(root: Path) -> dict | None:
    """Who holds (or last held) the lock: {"pid", "command", "since"}, if recorded."""
    try:
        return json.loads((Path(root) / LOCK_NAME).read_text(encoding="utf-8") or "null")
    except (OSError, ValueError):
        return None


def pid_alive(pid: int | None) -> bool:
    if not pid:
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@contextmanager
def write_lock(root: Path, wait: float | None = None, command: str = "samkart",
               notify: Callable[[str], None] | None = None) -> Iterator[None]:
    """Hold the store's write lock for the body. Waits up to `wait` seconds (default
    DEFAULT_WAIT; 0: fail at once) for another writer, telling `notify` once that it waits."""
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    path = (root / LOCK_NAME).resolve()
    if path in _HELD:
        fd, depth = _HELD[path]
        _HELD[path] = (fd, depth + 1)
        try:
            yield
        finally:
            fd, depth = _HELD[path]
            _HELD[path] = (fd, depth - 1)
        return
    wait = DEFAULT_WAIT if wait is None else max(0.0, wait)
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError as exc:
        raise StoreBusy(f"cannot create the write lock {path}: {exc.strerror or exc}",
                        hint="check that the store folder is writable (a read-only store can still be read)") from exc
    deadline = time.monotonic() + wait
    told = False
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            break
        except BlockingIOError:
            if time.monotonic() >= deadline:
                os.close(fd)
                other = holder(root) or {}
                who = f" (`{other.get('command', 'samkart')}`, pid {other.get('pid', '?')}, since {other.get('since', '?')})" if other else ""
                raise StoreBusy(f"another samkart is writing the store {root}{who}",
                                hint="wait for it to finish, or pass --wait SECONDS to queue behind it")
            if notify and not told:
                other = holder(root) or {}
                notify(f"waiting for another samkart writing {root} (pid {other.get('pid', '?')}) …")
                told = True
            time.sleep(0.1)
    # who holds it, for the messages of the writers and readers that meet it
    os.ftruncate(fd, 0)
    os.pwrite(fd, json.dumps({"pid": os.getpid(), "command": command,
                              "since": time.strftime("%Y-%m-%dT%H:%M:%S")}).encode(), 0)
    _HELD[path] = (fd, 1)
    try:
        yield
    finally:
        del _HELD[path]
        os.close(fd)  # releases the flock


def held_here(root: Path) -> bool:
    return (Path(root) / LOCK_NAME).resolve() in _HELD
