"""The ontology declares every term the exports use, and every export validates against SHACL."""
from __future__ import annotations

import pytest
from pyshacl import validate
from rdflib import OWL, RDF, Dataset, Graph, URIRef

from samkart.ontology import ontology_path, shapes_path, vocabularies
from samkart.store import StoreFolder


@pytest.fixture(scope="module")
def export(seed_store):
    store = StoreFolder(seed_store)
    data = store.rdf().serialize("nquads")
    store.close()
    ds = Dataset()
    ds.parse(data=data.decode("utf-8"), format="nquads")
    merged = Graph()
    for s, p, o, _g in ds.quads((None, None, None, None)):
        merged.add((s, p, o))
    return merged


def test_ontology_loads_and_reuses_w3c_vocabularies():
    g = Graph().parse(ontology_path())
    assert (None, RDF.type, OWL.Ontology) in g
    text = ontology_path().read_text(encoding="utf-8")
    for ns in ("http://www.w3.org/ns/org#", "http://xmlns.com/foaf/0.1/", "http://www.w3.org/ns/prov#", "http://purl.org/dc/terms/",
               "http://www.w3.org/2006/time#", "http://www.w3.org/2004/02/skos/core#"):
        assert ns in text


def test_every_emitted_class_and_property_is_declared(export):
    declared = {s for s in Graph().parse(ontology_path()).subjects()}
    skip = {str(RDF.type)}
    predicates = {p for p in export.predicates() if str(p) not in skip}
    classes = {o for o in export.objects(None, RDF.type)}
    missing = sorted(str(t) for t in predicates | classes if t not in declared)
    assert missing == []


def test_export_validates_against_shapes(export):
    conforms, _graph, report = validate(export, shacl_graph=Graph().parse(shapes_path()), ont_graph=Graph().parse(ontology_path()),
                                        inference="rdfs", allow_warnings=True)
    assert conforms, report


def test_shapes_catch_a_broken_membership(export):
    broken = Graph()
    for t in export:
        broken.add(t)
    m = next(export.subjects(RDF.type, URIRef("http://www.w3.org/ns/org#Membership")))
    broken.remove((m, URIRef("http://www.w3.org/ns/org#member"), None))
    conforms, _g, _r = validate(broken, shacl_graph=Graph().parse(shapes_path()), ont_graph=Graph().parse(ontology_path()), inference="rdfs")
    assert not conforms


def test_skos_vocabularies_have_all_languages(export):
    from rdflib.namespace import SKOS

    for role in vocabularies().roles:
        concept = URIRef(f"https://w3id.org/samkart/id/role/{role}")
        langs = {o.language for o in export.objects(concept, SKOS.prefLabel)}
        assert {"nb", "nn", "da", "en"} <= langs, role


def test_aliases_starting_finds_what_a_scan_of_every_alias_finds():
    from samkart.ontology import fold, vocabularies

    vocab = vocabularies()
    phrases = ["områdeutvalget for Bergen", "Styringsgruppens", "OU Voss", "Klyngefasilitator Alrek helseklynge",
               "styringsgruppe", "Kommunedirektør i Bergen", "nothing here", ""]
    for index, scan in (("_body_index", vocab.body_aliases()), ("_role_index", vocab.role_aliases())):
        for phrase in phrases:
            folded = fold(phrase)
            expected = [(a, k) for a, k in scan if folded == a or folded.startswith(a + " ") or folded == a + "s"]
            found = [(a, k) for a, k in vocab.aliases_starting(index, folded)
                     if folded == a or folded.startswith(a + " ") or folded == a + "s"]
            assert found == expected, (index, phrase)
    assert vocab.aliases_starting("_body_index", fold("Styringsgruppens"))  # the word without its 's' is looked up too
