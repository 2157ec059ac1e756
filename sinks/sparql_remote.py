"""A remote SPARQL 1.1 endpoint behind the same small interface as the embedded store
(`query(text, bindings)` → an rdflib Result), so every named query and every CLI answer runs
unchanged against a server a team shares.

Queries go as an HTML-form POST (the SPARQL 1.1 Protocol's most widely supported form: no URL
length limit). Parameters are bound with a `VALUES` block — the Protocol has no other way — made of terms
serialised by rdflib (IRIs checked, literals escaped), never of raw text.

The named queries read the default graph as the union of the named graphs: a server must be set
up so (Oxigraph: `--union-default-graph`; Fuseki: `unionDefaultGraph`; Virtuoso and GraphDB do it
by default). See the README, "Sharing the graph".
"""
from __future__ import annotations

import io
import re
import urllib.parse
from typing import Mapping

from rdflib import Graph, URIRef
from rdflib.query import Result
from rdflib.term import Identifier

from samkart.errors import QueryError, RemoteError
from samkart.sinks.sparql_http import Credentials, SparqlHttp

ACCEPT = ("application/sparql-results+json, application/n-triples;q=0.9, text/turtle;q=0.8, "
          "application/sparql-results+xml;q=0.5")
_BAD_IRI = re.compile(r'[\s<>"{}|^`\\]')
_RDF_TYPES = {"application/n-triples": "nt", "text/plain": "nt", "text/turtle": "turtle",
              "application/ld+json": "json-ld", "application/rdf+xml": "xml"}


def values_block(bindings: Mapping[str, Identifier]) -> str:
    """`VALUES (?a ?b) { (<…> "…") }` for the given bindings, or '' for none."""
    if not bindings:
        return ""
    names, terms = [], []
    for name, term in bindings.items():
        if not re.fullmatch(r"[A-Za-z_][\w]*", name):
            raise QueryError(f"'{name}' is not a SPARQL variable name")
        if isinstance(term, URIRef) and _BAD_IRI.search(str(term)):
            raise QueryError(f"'{term}' is not an IRI a query can hold")
        names.append(f"?{name}")
        terms.append(term.n3())
    return f"\nVALUES ({' '.join(names)}) {{ ({' '.join(terms)}) }}\n"


_IRI = re.compile(r'<[^<>"{}|^`\\\x00-\x20]*>')
_WORD = re.compile(r"[A-Za-z_]+")


def where_group_start(text: str) -> int | None:
    """Index just after the `{` that opens the query's WHERE group, or None if not found.

    A small scanner, not a parser: it skips comments, strings and IRIs, counts braces, and
    passes over a CONSTRUCT template (the first top-level group after the word CONSTRUCT)."""
    i, depth, last_word, form = 0, 0, "", ""
    while i < len(text):
        ch = text[i]
        if ch == "#":
            end = text.find("\n", i)
            i = len(text) if end < 0 else end + 1
            continue
        if ch in "'\"":
            quote = ch * 3 if text.startswith(ch * 3, i) else ch
            j = i + len(quote)
            while j < len(text) and not text.startswith(quote, j):
                j += 2 if text[j] == "\\" else 1
            i = j + len(quote)
            continue
        if ch == "<":
            match = _IRI.match(text, i)
            if match:
                i = match.end()
                continue
        if ch.isalpha() or ch == "_":
            match = _WORD.match(text, i)
            word = match.group(0).upper()
            if depth == 0:
                last_word = word
                if not form and word in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"):
                    form = word
            i = match.end()
            continue
        if ch == "{":
            if depth == 0 and not (form == "CONSTRUCT" and last_word == "CONSTRUCT"):
                return i + 1
            depth += 1
            last_word = ""
        elif ch == "}":
            depth -= 1
        i += 1
    return None


def bind(text: str, bindings: Mapping[str, Identifier]) -> str:
    """The query with its parameters bound by a VALUES block: first thing in the WHERE group,
    where every server joins it first (Virtuoso 7 ignores a trailing VALUES on sub-selects), or
    after the query when the group cannot be found."""
    block = values_block(bindings)
    if not block:
        return text
    at = where_group_start(text)
    return text + block if at is None else text[:at] + block + text[at:]


class RemoteRdf:
    """Queries one SPARQL 1.1 Protocol endpoint."""

    def __init__(self, endpoint: str, http: SparqlHttp | None = None) -> None:
        self.endpoint = endpoint
        self.http = http or SparqlHttp()

    def query(self, text: str, bindings: Mapping[str, Identifier] | None = None) -> Result:
        body = urllib.parse.urlencode({"query": bind(text, dict(bindings or {}))}).encode("utf-8")
        try:
            answer = self.http.request("POST", self.endpoint, body=body, headers={
                "Content-Type": "application/x-www-form-urlencoded; charset=utf-8", "Accept": ACCEPT})
        except RemoteError as exc:
            if exc.status == 400:  # the server's parser said no: a query problem, not a server one
                raise QueryError(f"the SPARQL endpoint rejected the query: {exc}") from exc
            raise
        media = answer.content_type.split(";")[0].strip().lower()
        if media in _RDF_TYPES:
            graph = Graph()
            graph.parse(data=answer.body, format=_RDF_TYPES[media])
            result = Result("CONSTRUCT")
            result.graph = graph
            return result
        fmt = {"application/sparql-results+json": "json", "application/json": "json",
               "application/sparql-results+xml": "xml"}.get(media)
        if fmt is None:
            raise RemoteError(f"{self.endpoint} answered with '{media or 'no content type'}', not SPARQL results",
                              hint="check that --endpoint is the server's SPARQL query URL")
        return Result.parse(io.BytesIO(answer.body), format=fmt)

    def close(self) -> None:
        """Nothing to release: every request is its own connection."""


class RemoteStore:
    """Stands where a StoreFolder does for the answers in `samkart.answers` (they only query)."""

    def __init__(self, endpoint: str, credentials: Credentials | None = None, retries: int = 4) -> None:
        self.root = endpoint
        self._rdf = RemoteRdf(endpoint, SparqlHttp(credentials, retries=retries))

    def rdf(self) -> RemoteRdf:
        return self._rdf

    def require(self) -> None:
        """A remote endpoint is there or not when asked: its errors say so."""

    def close(self) -> None:
        self._rdf.close()


__all__ = ["RemoteRdf", "RemoteStore", "bind", "values_block", "where_group_start"]
