"""A read-only SPARQL 1.1 Protocol endpoint over the store, as a WSGI application.

    GET  /sparql?query=…                      (also /query)
    POST /sparql  application/x-www-form-urlencoded  query=…
    POST /sparql  application/sparql-query    (the query as the body)
    GET  /                                    the query page (offline: nothing from a CDN)

Results by content negotiation (`Accept`, or `?format=` for links and plain tools):
SELECT/ASK as SPARQL JSON (default), XML, CSV or TSV; CONSTRUCT/DESCRIBE as Turtle (default),
N-Triples, JSON-LD or RDF/XML. The default graph is the union of the named graphs, as for the CLI;
`default-graph-uri` / `named-graph-uri` choose other datasets as the Protocol says.

Read-only for any request, however crafted: every query is parsed first (rdflib's SPARQL
grammar) and refused when it is an update or holds a `SERVICE` (Oxigraph would otherwise call
out to any URL a query names); updates have no route; and the store is opened read-only, so even
a query that slipped past the parser could not write.
"""
from __future__ import annotations

import json
import threading
import time
import urllib.parse
from importlib import resources
from pathlib import Path
from typing import Callable, Iterable

import pyoxigraph as ox

from samkart.sinks.rdf import ID, PREFIXES

RESULT_TYPES = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "application/xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
GRAPH_TYPES = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
}
FORMAT_NAMES = {  # ?format= (and Fuseki's ?output=) → media type
    "json": "application/sparql-results+json", "xml": "application/sparql-results+xml", "csv": "text/csv",
    "tsv": "text/tab-separated-values", "turtle": "text/turtle", "ttl": "text/turtle", "ntriples": "application/n-triples",
    "nt": "application/n-triples", "jsonld": "application/ld+json", "json-ld": "application/ld+json", "rdfxml": "application/rdf+xml",
}
MAX_BODY = 1_000_000  # a query, not a data upload


class Refused(Exception):
    """An HTTP error answer: status line and a one-line reason (sent as text/plain)."""

    def __init__(self, status: str, reason: str) -> None:
        super().__init__(reason)
        self.status = status


# ----------------------------------------------------------------------------- query checks
def _nodes(tree) -> Iterable:
    """Every node of an rdflib SPARQL parse tree (CompValues nest in dicts, lists and ParseResults)."""
    from rdflib.plugins.sparql.parserutils import CompValue

    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, CompValue):
            yield node
            stack.extend(node.values())
        elif isinstance(node, dict):
            stack.extend(node.values())
        elif isinstance(node, (list, tuple)) or hasattr(node, "asList"):
            stack.extend(node)


# rdflib's grammar (pyparsing) keeps parse state in shared objects: two threads parsing at once
# fail each other's valid queries. Parsing takes milliseconds; queries still run in parallel.
_PARSER_LOCK = threading.Lock()


def check_query(text: str) -> str:
    """The query form ('SelectQuery', 'AskQuery', 'ConstructQuery', 'DescribeQuery'); raises
    Refused for updates, SERVICE and anything the grammar does not accept."""
    from pyparsing import ParseException
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    with _PARSER_LOCK:
        try:
            tree = parseQuery(text)
        except ParseException as exc:
            try:
                parseUpdate(text)
            except ParseException:
                raise Refused("400 Bad Request", f"not a SPARQL 1.1 query: {exc}") from None
            raise Refused("403 Forbidden", "this endpoint is read-only: SPARQL updates are refused") from None
    names = [node.name for node in _nodes(tree)]
    if "ServiceGraphPattern" in names:
        raise Refused("403 Forbidden", "SERVICE (federated queries) is refused: this endpoint answers from its own store only")
    for form in ("SelectQuery", "AskQuery", "ConstructQuery", "DescribeQuery"):
        if form in names:
            return form
    raise Refused("400 Bad Request", "not a SELECT, ASK, CONSTRUCT or DESCRIBE query")


# ----------------------------------------------------------------------------- negotiation
def _accepted(header: str) -> list[tuple[str, float]]:
    out = []
    for index, part in enumerate(header.split(",")):
        fields = [f.strip() for f in part.split(";")]
        if not fields[0]:
            continue
        q = 1.0
        for field in fields[1:]:
            if field.startswith("q="):
                try:
                    q = float(field[2:])
                except ValueError:
                    q = 0.0
        out.append((fields[0].lower(), q - index * 1e-6))  # equal q: the earlier one wins
    return sorted(out, key=lambda item: -item[1])


def negotiate(accept: str, offers: dict, default: str) -> str | None:
    """The media type to answer with: the best one the client accepts, or None (406)."""
    if not accept.strip():
        return default
    for media, q in _accepted(accept):
        if q <= 0:
            continue
        if media in offers:
            return media
        if media in ("*/*", "application/*", "text/*"):
            prefix = media.split("/")[0]
            return default if prefix in ("*", default.split("/")[0]) else next((o for o in offers if o.startswith(prefix + "/")), None)
    return None


# ----------------------------------------------------------------------------- the store
class ReadOnlyView:
    """The store opened read-only, opened again when a load has finished writing.

    A read-only RocksDB handle sees the data as it was when opened. `samkart load` writes
    `graph-digests.json` last, after every graph, so a new file there means a finished write:
    the next request opens a fresh handle (requests still running keep the old one)."""

    def __init__(self, root: Path, opener: Callable[[Path], ox.Store]) -> None:
        self.root = Path(root)
        self.opener = opener
        self._lock = threading.Lock()
        self._store: ox.Store | None = None
        self._stamp: tuple | None = None

    def _stamp_now(self) -> tuple | None:
        try:
            st = (self.root / "graph-digests.json").stat()
        except FileNotFoundError:
            return None
        return (st.st_mtime_ns, st.st_size, st.st_ino)

    def store(self) -> ox.Store:
        stamp = self._stamp_now()
        with self._lock:
            writing = (self.root / "pending-graphs.json").exists()
            if self._store is None or (stamp != self._stamp and not writing):
                self._store = self.opener(self.root / "oxigraph")
                self._stamp = stamp
            return self._store


# ----------------------------------------------------------------------------- the app
def page_html(queries: list[dict]) -> bytes:
    """The query page, with the named queries inlined as JSON (`</` escaped: no early end of script)."""
    template = resources.files("samkart.sinks").joinpath("sparql_page.html").read_text(encoding="utf-8")
    data = json.dumps({"queries": queries, "idBase": ID, "prefixes": PREFIXES}, ensure_ascii=False).replace("</", "<\\/")
    return template.replace("/*SAMKART-DATA*/null", data).encode("utf-8")


def _evaluate(store: ox.Store, text: str, dataset: dict, fmt) -> bytes:
    """Run and serialise in one frame. pyoxigraph's result iterators belong to the thread that
    made them: the `del` makes sure one is dropped here, never later by the garbage collector
    on another thread (which pyoxigraph reports as an error) through a kept traceback."""
    result = store.query(text, **dataset)
    try:
        return result.serialize(format=fmt)
    finally:
        del result


class SparqlEndpoint:
    """The WSGI application."""

    def __init__(self, view: ReadOnlyView, queries: list[dict], log: Callable[[str], None] | None = None) -> None:
        self.view = view
        self.page = page_html(queries)
        self.log = log

    def __call__(self, environ: dict, start_response: Callable) -> list[bytes]:
        began = time.monotonic()
        try:
            status, headers, body = self.handle(environ)
        except Refused as exc:
            status, headers, body = exc.status, [("Content-Type", "text/plain; charset=utf-8")], (str(exc) + "\n").encode("utf-8")
        headers = headers + [("Content-Length", str(len(body))), ("X-Content-Type-Options", "nosniff"),
                             ("Cache-Control", "no-store")]
        start_response(status, headers)
        if self.log:
            self.log(f"{environ.get('REQUEST_METHOD')} {environ.get('PATH_INFO')} → {status.split()[0]} "
                     f"({len(body)} bytes, {1000 * (time.monotonic() - began):.0f} ms)")
        return [body] if environ.get("REQUEST_METHOD") != "HEAD" else [b""]

    def handle(self, environ: dict) -> tuple[str, list[tuple[str, str]], bytes]:
        method = environ.get("REQUEST_METHOD", "GET").upper()
        path = environ.get("PATH_INFO", "/")
        params = urllib.parse.parse_qs(environ.get("QUERY_STRING", ""), keep_blank_values=True)
        if path in ("/", "/index.html") and method in ("GET", "HEAD"):
            return "200 OK", [("Content-Type", "text/html; charset=utf-8"),
                              ("Content-Security-Policy", "default-src 'self'; script-src 'unsafe-inline'; style-src 'unsafe-inline'")], self.page
        if path not in ("/sparql", "/query"):
            raise Refused("404 Not Found", "no such page: the SPARQL endpoint is /sparql, the query page /")
        if method == "POST":
            params = self._post_params(environ, params)
        elif method not in ("GET", "HEAD"):
            raise Refused("405 Method Not Allowed", "use GET or POST (the endpoint is read-only)")
        if "update" in params:
            raise Refused("403 Forbidden", "this endpoint is read-only: SPARQL updates are refused")
        queries = params.get("query") or []
        if len(queries) != 1 or not queries[0].strip():
            if method == "GET" and "text/html" in environ.get("HTTP_ACCEPT", ""):
                return "303 See Other", [("Location", "/"), ("Content-Type", "text/plain")], b""
            raise Refused("400 Bad Request", "give exactly one query: ?query=… or a POST body")
        return self.answer(queries[0], params, environ.get("HTTP_ACCEPT", ""))

    def _post_params(self, environ: dict, params: dict[str, list[str]]) -> dict[str, list[str]]:
        media = environ.get("CONTENT_TYPE", "").split(";")[0].strip().lower()
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > MAX_BODY:
            raise Refused("413 Payload Too Large", f"a query may be at most {MAX_BODY} bytes")
        body = environ["wsgi.input"].read(length).decode("utf-8", "replace") if length else ""
        if media == "application/x-www-form-urlencoded":
            return {**params, **urllib.parse.parse_qs(body, keep_blank_values=True)}
        if media == "application/sparql-query":
            return {**params, "query": [body]}
        if media == "application/sparql-update":
            raise Refused("403 Forbidden", "this endpoint is read-only: SPARQL updates are refused")
        raise Refused("415 Unsupported Media Type", "POST the query as application/x-www-form-urlencoded or application/sparql-query")

    def answer(self, text: str, params: dict[str, list[str]], accept: str) -> tuple[str, list[tuple[str, str]], bytes]:
        form = check_query(text)
        graph_form = form in ("ConstructQuery", "DescribeQuery")
        offers, default = (GRAPH_TYPES, "text/turtle") if graph_form else (RESULT_TYPES, "application/sparql-results+json")
        wanted = (params.get("format") or params.get("output") or [None])[0]
        if wanted:
            media = FORMAT_NAMES.get(wanted.lower(), wanted.lower())
            if media not in offers:
                raise Refused("406 Not Acceptable", f"format '{wanted}' is not offered for this query; one of: {', '.join(offers)}")
        else:
            media = negotiate(accept, offers, default)
            if media is None:
                raise Refused("406 Not Acceptable", f"none of the accepted types is offered for this query; one of: {', '.join(offers)}")
        try:
            dataset: dict = {"use_default_graph_as_union": True}
            if params.get("default-graph-uri") or params.get("named-graph-uri"):
                dataset = {"default_graph": [ox.NamedNode(g) for g in params.get("default-graph-uri", [])] or None,
                           "named_graphs": [ox.NamedNode(g) for g in params.get("named-graph-uri", [])] or None}
            body = _evaluate(self.view.store(), text, dataset, offers[media])
        except SyntaxError as exc:
            raise Refused("400 Bad Request", f"the query failed: {exc}") from None
        except ValueError as exc:
            raise Refused("400 Bad Request", f"the query failed: {exc}") from None
        except OSError as exc:
            raise Refused("500 Internal Server Error", f"the store could not be read: {exc}") from None
        content_type = media + ("; charset=utf-8" if media.startswith("text/") or media.endswith("json") else "")
        return "200 OK", [("Content-Type", content_type)], body if isinstance(body, bytes) else body.encode("utf-8")


__all__ = ["SparqlEndpoint", "ReadOnlyView", "Refused", "check_query", "negotiate", "page_html"]
