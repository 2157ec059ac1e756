"""Query parameters for SPARQL and Cypher, from the CLI (`--param k=v`) and the Python API.

Values are typed: a parameter named `person`, `body` or `collaboration` (or declared as an IRI
or id) is an entity — a samkart id, a full IRI, or a name looked up like `samkart person` does;
a parameter declared as a date is validated; other values are literals (integers, booleans,
ISO dates typed as such). SPARQL parameters are substituted into the query text as terms,
outside strings, IRIs and comments, so they bind any variable of any query form — not only
variables in the SELECT list, which is all Oxigraph's own binding accepts. Cypher parameters go
to the engine as parameters, never into the text.
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Any

from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from samkart.errors import QueryError
from samkart.queries import NamedQuery
from samkart.timeline import parse_when

ENTITY_PARAMS = ("person", "body", "collaboration")
_ID = re.compile(r"^(person|collaboration|body|organisation|meeting|case|membership|document|attendance|role|body-type)/")

# strings (long forms first), IRIs, comments, variables: one pass, so a '?x' inside a string or
# an IRI is never taken for a variable
_SPARQL_TOKENS = re.compile(r'''(?P<skip>"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^'\\]|\\.|'(?!''))*\'\'\'|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|<[^<>"{}|^`\\\s]*>|\#[^\n]*)'''
                            r'''|(?P<var>[?$][A-Za-z_][\w]*)|(?P<word>\b(?:SELECT|WHERE|AS|CONSTRUCT|ASK|DESCRIBE|ORDER|GROUP)\b)|(?P<brace>\{)''',
                            re.IGNORECASE)
_CYPHER_PARAM = re.compile(r'''"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|//[^\n]*|\$(?P<name>[A-Za-z_]\w*)''')


def query_parameters(query: NamedQuery) -> list[str]:
    """The names a query can take: its declared parameters, then every variable it uses."""
    if query.language == "cypher":
        used = [m["name"] for m in _CYPHER_PARAM.finditer(query.text) if m["name"]]
    else:
        used = [m["var"][1:] for m in _SPARQL_TOKENS.finditer(query.text) if m["var"]]
    return list(dict.fromkeys([*query.params, *used]))


def typed_values(store, query: NamedQuery, given: dict[str, str]) -> dict[str, tuple[str, Any]]:
    """name → (kind, value), kind 'iri', 'id' or 'literal'. Unknown names and missing required
    parameters are errors that list what the query takes."""
    from samkart import answers

    known = query_parameters(query)
    unknown = [k for k in given if k not in known]
    if unknown:
        raise QueryError(f"the query has no parameter {', '.join(unknown)}",
                         hint=f"its parameters: {', '.join(known) or '(none)'}")
    out: dict[str, tuple[str, Any]] = {}
    for key, value in given.items():
        description = query.params.get(key, "").lower()
        entity = key in ENTITY_PARAMS or "iri" in description or "id of" in description
        if "date" in description and not entity:
            try:
                out[key] = ("literal", parse_when(value))
            except ValueError as exc:
                raise QueryError(f"parameter {key}: {exc}") from exc
        elif re.match(r"^https?://", value):
            out[key] = ("iri", value)
        elif _ID.match(value):
            out[key] = ("id", value)
        elif entity and ("person" in description or key == "person"):
            out[key] = ("id", answers.find_person(store, value)["id"])
        elif entity:
            out[key] = ("id", answers.find_group(store, value)["id"])
        elif re.fullmatch(r"-?\d+", value):
            out[key] = ("literal", int(value))
        elif value.lower() in ("true", "false"):
            out[key] = ("literal", value.lower() == "true")
        else:
            out[key] = ("literal", value)
    missing = [p for p in query.params if p not in out and p not in query.optional()]
    if missing:
        raise QueryError(f"missing parameter(s): {', '.join(missing)}", hint="pass them with --param NAME=VALUE")
    return out


def cypher_values(store, query: NamedQuery, given: dict[str, str]) -> dict[str, Any]:
    return query.with_defaults({k: v for k, (_kind, v) in typed_values(store, query, given).items()})


def sparql_terms(store, query: NamedQuery, given: dict[str, str]) -> dict[str, Any]:
    from samkart.sinks.rdf import ID

    terms: dict[str, Any] = {}
    for key, (kind, value) in typed_values(store, query, given).items():
        if kind == "iri":
            terms[key] = URIRef(value)
        elif kind == "id":
            terms[key] = URIRef(ID + value)
        elif isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            terms[key] = Literal(dt.date.fromisoformat(value), datatype=XSD.date)
        else:
            terms[key] = Literal(value)
    return terms


def substitute(text: str, terms: dict[str, Any]) -> str:
    """The query with each bound variable replaced by its term. In a SELECT list the variable
    stays a result column: `?person` becomes `(<iri> AS ?person)`; after AS, and in ORDER BY and
    GROUP BY, it is left alone."""
    out: list[str] = []
    pos = 0
    in_projection = after_as = in_modifier = outermost = False
    form = None
    for m in _SPARQL_TOKENS.finditer(text):
        word = (m["word"] or "").upper()
        if word in ("SELECT", "CONSTRUCT", "ASK", "DESCRIBE") and form is None:
            form = word
            outermost = word == "SELECT"
        elif word == "SELECT":
            outermost = False
        if word == "SELECT":
            in_projection, in_modifier = True, False
        elif word in ("WHERE", "CONSTRUCT", "ASK", "DESCRIBE") or m["brace"]:
            in_projection = in_modifier = False
        elif word in ("ORDER", "GROUP"):
            in_modifier = True  # 'ORDER BY <iri>' is not SPARQL: a bound variable there just stays unbound
        if m["var"] and m["var"][1:] in terms and not after_as and not in_modifier:
            term = terms[m["var"][1:]].n3()
            out.append(text[pos:m.start()])
            # the result keeps its column; a subquery just stops projecting it (its value is the
            # same constant inside and out, and projecting it twice would bind it twice)
            out.append(("" if not outermost else f"({term} AS {m['var']})") if in_projection else term)
            pos = m.end()
        after_as = word == "AS"
    out.append(text[pos:])
    return "".join(out)
