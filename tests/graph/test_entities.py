from __future__ import annotations

import pytest

from samkart.graph.entities import resolve_body, resolve_collaboration, resolve_organisation, split_body
from samkart.graph.model import CanonicalGraph


@pytest.mark.parametrize("text,expected", [
    ("UiB", "organisation/uib"),
    ("Universitetet i Bergen", "organisation/uib"),
    ("HVL", "organisation/hvl"),
    ("Høgskulen på Vestlandet", "organisation/hvl"),
    ("FHI", "organisation/fhi"),
    ("Helse Bergen", "organisation/helse-bergen"),
    ("Helse Bergen HF", "organisation/helse-bergen"),
    ("Haukeland universitetssjukehus", "organisation/helse-bergen"),
    ("Haraldsplass Diakonale sykehus", "organisation/haraldsplass"),
    ("Haraldsplass Diakonale Sykehus", "organisation/haraldsplass"),
])
def test_organisation_aliases(text, expected):
    assert resolve_organisation(CanonicalGraph(), text, None, "d") == expected


def test_units_under_their_parent():
    g = CanonicalGraph()
    med = resolve_organisation(g, "Universitetet i Bergen – MED", None, "d")
    assert g.organisations[med].name == "Det medisinske fakultet" and g.organisations[med].parent == "organisation/uib"
    bho = resolve_organisation(g, "Bergen kommune, BHO", None, "d")
    assert g.organisations[bho].parent == "organisation/bergen-kommune"


def test_unknown_organisation_kept_as_written():
    g = CanonicalGraph()
    oid = resolve_organisation(g, "Sundhedshuset Brovst", None, "d")
    assert g.organisations[oid].name == "Sundhedshuset Brovst"


@pytest.mark.parametrize("a,b", [
    ("SSU", "Strategisk samarbeidsutvalg"),
    ("Strategisk samarbeidsutval", "Strategisk samarbeidsutvalg (SSU)"),
    ("OU Bergen", "områdeutvalget for Bergen"),
    ("omradeutvalget for Bergen", "OU Bergen"),
])
def test_body_aliases(a, b):
    g = CanonicalGraph()
    collab = resolve_collaboration(g, "Helsefellesskapet", "d")
    assert resolve_body(g, a, collab, "d") == resolve_body(g, b, collab, "d")


def test_qualified_bodies_differ_and_bodies_belong_to_their_collaboration():
    g = CanonicalGraph()
    hf = resolve_collaboration(g, "Helsefelleskapet", "d")
    assert hf == resolve_collaboration(g, "Helsefellesskapet i bergensområdet", "d")
    assert resolve_body(g, "OU Voss", hf, "d") != resolve_body(g, "OU Bergen", hf, "d")
    alrek = resolve_collaboration(g, "Alrek", "d")
    rnh = resolve_collaboration(g, "Region Nordhordland Helsehus", "d")
    assert resolve_body(g, "Styringsgruppen", alrek, "d") != resolve_body(g, "Styringsgruppa", rnh, "d")
    assert resolve_collaboration(g, "Klynge Midt", "d") == resolve_collaboration(g, "Sundhedsklynge Midt", "d")


def test_split_body():
    assert split_body("områdeutvalget for Bergen") == ("omradeutvalg", "Bergen")
    assert split_body("Styringsgruppens") == ("styringsgruppe", "")
