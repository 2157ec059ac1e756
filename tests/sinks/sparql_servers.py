"""Real SPARQL servers on loopback for the tests: `samkart serve` and Oxigraph's own server (the
PyPI package `oxigraph`), each a child process on a free port, stopped when the test is done."""
from __future__ import annotations

import contextlib
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Iterator

import pytest

OXIGRAPH = shutil.which("oxigraph", path=os.path.dirname(sys.executable)) or shutil.which("oxigraph")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def _wait_until_up(url: str, proc: subprocess.Popen, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}")
        try:
            urllib.request.urlopen(url, timeout=2).close()
            return
        except urllib.error.HTTPError:
            return  # it answers
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"server at {url} did not come up")


@contextlib.contextmanager
def oxigraph_server(location: Path) -> Iterator[str]:
    """Oxigraph server (read-write) with the union default graph, as samkart's queries expect;
    yields its base URL (…/query, …/store)."""
    if OXIGRAPH is None:
        pytest.skip("the `oxigraph` server (PyPI package `oxigraph`, in the test extras) is not installed")
    for _attempt in range(3):  # another process may take the free port first: try another
        port = free_port()
        proc = subprocess.Popen([OXIGRAPH, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}",
                                 "--union-default-graph"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            _wait_until_up(f"http://127.0.0.1:{port}/query?query=ASK%7B%7D", proc)
        except RuntimeError:
            _stop(proc)
            continue
        try:
            yield f"http://127.0.0.1:{port}"
        finally:
            _stop(proc)
        return
    raise RuntimeError("could not start the oxigraph server")


@contextlib.contextmanager
def samkart_serve(store: Path, *extra: str) -> Iterator[str]:
    """`samkart serve --port 0` on the store; yields the base URL it prints (…/sparql, …/)."""
    proc = subprocess.Popen([sys.executable, "-m", "samkart.cli", "--store", str(store), "serve", "--port", "0", "--quiet", *extra],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline()
        match = re.search(r"query page (http://\S+/)", line)
        if not match:
            raise RuntimeError(f"samkart serve did not start: {line}{proc.stderr.read()}")
        yield match.group(1)
    finally:
        _stop(proc)


VIRTUOSO = shutil.which("virtuoso-t")
ISQL = shutil.which("isql-vt")
_VIRTUOSO_INI = """[Database]
DatabaseFile = virtuoso.db
ErrorLogFile = virtuoso.log
LockFile = virtuoso.lck
TransactionFile = virtuoso.trx
xa_persistent_file = virtuoso.pxa
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = virtuoso-temp.db
TransactionFile = virtuoso-temp.trx
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql}
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
DirsAllowed = .

[HTTPServer]
ServerPort = 127.0.0.1:{http}
ServerRoot = .
ServerThreads = 5

[SPARQL]
ResultSetMaxRows = 100000
MaxQueryExecutionTime = 60
"""


@contextlib.contextmanager
def virtuoso_server(folder: Path) -> Iterator[str]:
    """Virtuoso Open Source 7 (Debian's virtuoso-opensource-7-bin) in its own folder, with the
    anonymous SPARQL user allowed to write (as a deployment does with an account of its own);
    yields its base URL (…/sparql, …/sparql-graph-crud)."""
    if VIRTUOSO is None or ISQL is None:
        pytest.skip("Virtuoso is not installed (Debian package 'virtuoso-opensource-7-bin'; .ci/run installs it)")
    folder.mkdir(parents=True, exist_ok=True)
    sql, http = free_port(), free_port()
    (folder / "virtuoso.ini").write_text(_VIRTUOSO_INI.format(sql=sql, http=http), encoding="utf-8")
    proc = subprocess.Popen([VIRTUOSO, "+foreground", "+configfile", "virtuoso.ini"], cwd=folder,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait_until_up(f"http://127.0.0.1:{http}/sparql?query=ASK%7B%7D", proc, seconds=90)
        grants = 'GRANT SPARQL_UPDATE TO "SPARQL"; GRANT EXECUTE ON DB.DBA.SPARQL_INSERT_DICT_CONTENT TO "SPARQL"; ' \
                 'GRANT EXECUTE ON DB.DBA.SPARQL_DELETE_DICT_CONTENT TO "SPARQL";'
        subprocess.run([ISQL, str(sql), "dba", "dba", f"exec={grants}"], check=True, capture_output=True, timeout=60)
        yield f"http://127.0.0.1:{http}"
    finally:
        _stop(proc)
