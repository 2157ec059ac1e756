"""Writing exports: never a truncated file where a good one was.

A regular file is written beside its target and renamed over it only once complete (flushed
to disk); missing parent folders are created; every OS failure (not a directory, disk full,
permission) becomes one ExportError naming the file. A target that is not a regular file (a
pipe, /dev/stdout, /dev/full) is written directly: renaming over a device would replace it.
"""
from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from samkart.errors import ExportError


def _fail(path: Path, exc: OSError, doing: str) -> ExportError:
    return ExportError(f"cannot {doing} {path}: {exc.strerror or exc}",
                       hint="check the path, the free space and the permissions; an earlier file there is unchanged")


def prepare_folder(folder: Path) -> None:
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise ExportError(f"{folder} is a file, not a folder", hint="give a folder for -o (it is created if missing)")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _fail(folder, exc, "create the folder") from exc


@contextmanager
def atomic_output(path: Path) -> Iterator[Path]:
    """Yield a path to write; it becomes `path` only if the body completes."""
    path = Path(path)
    if path.is_dir():
        raise ExportError(f"{path} is a folder", hint=f"give a file name, e.g. -o {path / 'samkart.out'}")
    if path.exists() and not path.is_file():
        try:
            yield path  # a device or pipe: written in place
        except OSError as exc:
            raise _fail(path, exc, "write") from exc
        return
    prepare_folder(path.parent)
    try:
        fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
        os.close(fd)
    except OSError as exc:
        raise _fail(path, exc, "write") from exc
    tmp = Path(name)
    try:
        yield tmp
        with tmp.open("rb+") as handle:
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644 & ~_umask())
        os.replace(tmp, path)
    except OSError as exc:
        raise _fail(path, exc, "write") from exc
    finally:
        tmp.unlink(missing_ok=True)


def write_bytes(path: Path, data: bytes) -> None:
    with atomic_output(path) as tmp, open(tmp, "wb") as handle:
        handle.write(data)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
