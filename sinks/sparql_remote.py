"""A remote SPARQL 1.1 endpoint behind the same small interface as the embedded store
(`query(text, bindings)` → an rdflib Result), so every named query and every CLI answer runs
unchanged against a server a team shares.

Queries go as an HTML-form POST (the SPARQL 1.1 Protocol's most widely supported form: no URL
length limit). Parameters are bound with a trailing `VALUES` block — the Protocol has no other
way — made of terms serialised by rdflib (IRIs checked, literals escaped), never of raw text.

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


class RemoteRdf:
    """Queries one SPARQL 1.1 Protocol endpoint."""

    def __init__(self, endpoint: str, http: SparqlHttp | None = None) -> None:
        self.endpoint = endpoint
        self.http = http or SparqlHttp()

    def query(self, text: str, bindings: Mapping[str, Identifier] | None = None) -> Result:
        body = urllib.parse.urlencode({"query": text + values_block(dict(bindings or {}))}).encode("utf-8")
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


__all__ = ["RemoteRdf", "RemoteStore", "values_block"]
