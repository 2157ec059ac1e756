"""Rows read straight from Oxigraph carry the values the rdflib path gives (dates, years,
booleans, numbers, language strings, ids) for every named query."""
import pyoxigraph as ox

from samkart import answers, ox_rows
from samkart.params import substitute
from samkart.queries import named
from samkart.sinks.rdf import ID
from samkart.store import StoreFolder
from rdflib import URIRef

PARAMS = {"person": "person/gunnhild-myklebust", "a": "collaboration/alrek", "b": "collaboration/helsefellesskapet-bergen"}


def test_every_named_query_gives_the_rdflib_values(examples_store):
    store = StoreFolder.open_read_only(examples_store)
    rdf = store.rdf()
    from samkart.queries import catalog

    checked = 0
    for q in (q for q in catalog() if q.language == "sparql"):
        path = q.path
        text = substitute(q.text, {k: URIRef(ID + v) for k, v in PARAMS.items() if k in q.params})
        result = rdf.query(text)
        via_rdflib = [{str(v): answers.py(row[v]) for v in result.vars} for row in result]
        direct = ox_rows.select(rdf.ox, text, ID)
        assert sorted(map(repr, direct)) == sorted(map(repr, via_rdflib)), path.name
        checked += len(direct)
    assert checked > 100


def test_literal_forms():
    lit = lambda v, t: ox_rows.value(ox.Literal(v, datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#" + t)), ID)
    assert lit("2023", "gYear") == "2023" and lit("2024-01-01", "date") == "2024-01-01" and lit("true", "boolean") is True
    assert lit("12", "integer") == 12 and lit("0.85", "decimal") == "0.85" and lit("2024-13-45", "date") == "2024-13-45"
    assert ox_rows.value(ox.Literal("styregruppe", language="da"), ID) == "styregruppe"
    assert ox_rows.value(ox.NamedNode(ID + "person/x"), ID) == "person/x"
