"""Rows of a SELECT straight from pyoxigraph, each term turned into the JSON value
`samkart.answers.py` gives for it through rdflib — without building rdflib terms first (for
the large answers, such as overlap, that conversion cost as much as the query)."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

import pyoxigraph as ox

XSD = "http://www.w3.org/2001/XMLSchema#"
INTEGERS = {XSD + t for t in ("integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger",
                              "negativeInteger", "nonPositiveInteger", "unsignedInt", "unsignedLong", "unsignedShort", "unsignedByte")}


def _literal(term: ox.Literal) -> Any:
    value, datatype = term.value, term.datatype.value
    try:
        if datatype == XSD + "string" or term.language:
            return value
        if datatype == XSD + "date":
            return dt.date.fromisoformat(value).isoformat()
        if datatype == XSD + "dateTime":
            return dt.datetime.fromisoformat(value).isoformat()
        if datatype == XSD + "boolean":
            return {"true": True, "1": True, "false": False, "0": False}[value]
        if datatype in INTEGERS:
            return int(value)
        if datatype in (XSD + "double", XSD + "float"):
            return float(value)
        if datatype == XSD + "decimal":
            return str(Decimal(value))
    except (ValueError, KeyError, InvalidOperation):
        pass  # ill-formed: its lexical form, as rdflib gives it
    return value


def value(term: Any, id_prefix: str) -> Any:
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        text = term.value
        return text[len(id_prefix):] if text.startswith(id_prefix) else text
    if isinstance(term, ox.Literal):
        return _literal(term)
    return str(term.value) if isinstance(term, ox.BlankNode) else str(term)


def select(store: ox.Store, text: str, id_prefix: str) -> list[dict[str, Any]]:
    result = store.query(text, use_default_graph_as_union=True)
    names = [v.value for v in result.variables]
    return [{name: value(solution[name], id_prefix) for name in names} for solution in result]
