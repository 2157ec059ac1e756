"""Binding parameters for a remote endpoint: a VALUES block placed first in the WHERE group."""
from __future__ import annotations

import pytest
from rdflib import Literal, URIRef

from samkart.errors import QueryError
from samkart.queries import catalog
from samkart.sinks.sparql_endpoint import check_query
from samkart.sinks.sparql_remote import bind, where_group_start


@pytest.mark.parametrize("text, opens_after", [
    ("SELECT * { ?s ?p ?o }", "SELECT * {"),
    ('PREFIX a: <http://x/> SELECT * WHERE { ?s ?p "{" }', 'PREFIX a: <http://x/> SELECT * WHERE {'),
    ("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", "CONSTRUCT { ?s ?p ?o } WHERE {"),
    ("CONSTRUCT WHERE { ?s ?p ?o }", "CONSTRUCT WHERE {"),
    ("# a comment with {\nASK { ?s ?p ?o }", "# a comment with {\nASK {"),
    ("SELECT (IF(?x < 3, 1, 2) AS ?y) WHERE { ?x ?p ?z }", "SELECT (IF(?x < 3, 1, 2) AS ?y) WHERE {"),
    ('SELECT * WHERE { ?s ?p """{ \\" }""" }', "SELECT * WHERE {"),
])
def test_where_group_is_found(text, opens_after):
    assert text[:where_group_start(text)] == opens_after


def test_every_named_query_stays_valid_when_bound():
    term = URIRef("https://w3id.org/samkart/id/collaboration/alrek")
    for query in (q for q in catalog() if q.language == "sparql"):
        bound = bind(query.text, {name: term for name in query.params} or {"unused": Literal("x")})
        assert check_query(bound) == "SelectQuery", query.name
        assert "VALUES" in bound[where_group_start(query.text) - 1:where_group_start(query.text) + 40], query.name


def test_values_are_terms_never_text():
    bound = bind("SELECT * WHERE { ?s ?p ?o }", {"o": Literal('x" } ; DROP ALL ; #')})
    assert check_query(bound) == "SelectQuery"
    with pytest.raises(QueryError):
        bind("SELECT * WHERE { ?s ?p ?o }", {"s": URIRef("http://x/> } DROP ALL #")})
    with pytest.raises(QueryError):
        bind("SELECT * WHERE { ?s ?p ?o }", {"s) } #": Literal("x")})
