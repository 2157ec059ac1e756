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
