"""`samkart serve`: the read-only SPARQL endpoint (sinks/sparql_endpoint.py) on waitress.

waitress is a pure-Python, multi-threaded WSGI server that has been kept for many years (Pylons
project): several readers are answered at once, on every platform pyoxigraph runs on, with no
compiled parts of its own. Oxigraph's own server (`oxigraph serve-read-only`) would answer
SPARQL too, but it runs SERVICE calls to any URL, takes no query check of ours, and its page
loads its editor from a CDN.
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable

import pyoxigraph as ox

from samkart.errors import SamkartError, StoreError


def open_read_only(oxigraph_dir: Path) -> ox.Store:
    """The Oxigraph store, read-only: no lock taken, so `samkart load` can write meanwhile.

    (Kept in this one place: the store module is getting a read-only open of its own.)"""
    if not Path(oxigraph_dir).is_dir():
        raise StoreError(f"no RDF store at {oxigraph_dir}", hint="run `samkart load PATH...` first, or point --store at a loaded store")
    try:
        return ox.Store.read_only(str(oxigraph_dir))
    except OSError as exc:
        raise StoreError(f"cannot open the RDF store at {oxigraph_dir} read-only: {exc}") from exc


def named_queries() -> list[dict]:
    from samkart.queries import catalog

    return [{"name": q.name, "description": q.description, "params": q.params, "text": q.text}
            for q in catalog() if q.language == "sparql"]


def make_server(store_root: Path, host: str, port: int, threads: int = 4, log: Callable[[str], None] | None = None):
    """A waitress server, bound but not yet serving (`.run()`); `port` 0 picks a free port."""
    from waitress.server import create_server

    from samkart.sinks.sparql_endpoint import ReadOnlyView, SparqlEndpoint

    view = ReadOnlyView(store_root, open_read_only)
    view.store()  # fail now, with a clear message, rather than on the first request
    app = SparqlEndpoint(view, named_queries(), log=log)
    try:
        return create_server(app, host=host, port=port, threads=threads, ident="samkart", clear_untrusted_proxy_headers=True)
    except OSError as exc:
        raise SamkartError(f"cannot listen on {host}:{port}: {exc.strerror or exc}", hint="pick another --port, or stop what uses it") from exc


def base_url(server) -> str:
    host = server.effective_host
    return f"http://{'[' + host + ']' if ':' in host else host}:{server.effective_port}/"
