"""Resolve organisation, collaboration and body mentions against the curated vocabularies.

Organisations: aliases and units from ontology/organisations.toml ('Universitetet i Bergen – MED'
→ Det medisinske fakultet, a unit of UiB). Bodies always belong to their collaboration, and
qualified types keep their qualifier ('OU Voss' ≠ 'OU Bergen'). Unknown names are kept as written.
"""
from __future__ import annotations

import re

from samkart.graph.ids import slug
from samkart.graph.model import Body, CanonicalGraph, Collaboration, Organisation
from samkart.ontology import fold, vocabularies

UNKNOWN_COLLABORATION = "collaboration/unknown"


def is_unknown_collaboration(collaboration_id: str) -> bool:
    return collaboration_id.startswith(UNKNOWN_COLLABORATION)


def resolve_collaboration(graph: CanonicalGraph, text: str | None, document: str) -> str:
    vocab = vocabularies()
    if not text:
        # one per document: two unknown collaborations' 'Styringsgruppen' must not become one body
        cid = f"{UNKNOWN_COLLABORATION}-{document}"
        collab = graph.collaborations.setdefault(cid, Collaboration(cid, f"(unknown collaboration, document {document})"))
        collab.documents.add(document)
        return collab.id
    key = vocab.collaboration_key(text)
    if key:
        entry = vocab.collaborations[key]
        cid, name, kind = f"collaboration/{key}", entry.name, entry.kind
    else:
        cid, name, kind = f"collaboration/{collaboration_slug(text)}", text.strip(), None
    collab = graph.collaborations.setdefault(cid, Collaboration(cid, name, kind))
    collab.aliases.add(text.strip())
    collab.documents.add(document)
    return cid


def collaboration_slug(name: str) -> str:
    """A stable id for a collaboration nobody curated, the same however the document inflects it:
    'Helsefellesskapet i Møre og Romsdal' and 'Helsefellesskap Møre og Romsdal' → helsefellesskap-more-og-romsdal."""
    from samkart.loaders.lexicon import lexicon

    types = lexicon().collaboration_types
    words = [w for w in re.findall(r"[\wæøåäöÆØÅÄÖ\-]+", name)]
    base = [types[fold(w)] for w in words if fold(w) in types]
    rest = [w for w in words if fold(w) not in types]
    if rest and fold(rest[0]) in ("i", "for", "för", "pa"):
        rest = rest[1:]
    return slug(" ".join(base[:1] + rest)) if base else slug(name)


def split_body(text: str) -> tuple[str | None, str]:
    """'områdeutvalget for Bergen' → ('omradeutvalg', 'Bergen'); 'Styringsgruppens' → ('styringsgruppe', '')."""
    vocab = vocabularies()
    folded = fold(text)
    for alias, key in vocab.aliases_starting("_body_index", folded):
        if folded == alias or folded.startswith(alias + " ") or folded == alias + "s":
            rest = text[len(alias):] if len(fold(text)) == len(text) else folded[len(alias):]
            rest = re.sub(r"^(?:s\b)?\s*(?:for|i|om)?\s+", "", rest).strip(" .,:;()")
            if not vocab.body_types[key].qualified:
                rest = ""
            return key, rest
    return None, text.strip()


def resolve_body(graph: CanonicalGraph, text: str | None, collaboration: str, document: str, headline: bool = False) -> str | None:
    if not text:
        return None
    vocab = vocabularies()
    key, qualifier = split_body(text)
    collab_slug = collaboration.split("/", 1)[1]
    if key:
        body_type = vocab.body_types[key]
        local = key + (f"-{slug(qualifier)}" if qualifier else "")
        default_name = body_type.labels["nb"][:1].upper() + body_type.labels["nb"][1:] + (f" {qualifier}" if qualifier else "")
    else:
        local, default_name = slug(text), text.strip()
    bid = f"body/{collab_slug}/{local}"
    body = graph.bodies.get(bid)
    if body is None:
        body = graph.bodies[bid] = Body(bid, default_name, collaboration, key)
    if headline and key and not qualifier and not fold(text).endswith("s"):
        body.name = text.strip()[:1].upper() + text.strip()[1:]  # as the body writes its own name
        graph.headline_named.add(bid)  # merging documents: the last document naming it so wins
    body.aliases.add(text.strip())
    body.documents.add(document)
    return bid


def resolve_organisation(graph: CanonicalGraph, text: str | None, collaboration: str | None, document: str) -> str | None:
    """An organisation id (or a body/collaboration id when the affiliation names one)."""
    if not text or not text.strip():
        return None
    vocab = vocabularies()
    text = text.strip()
    if collaboration and vocab.collaboration_key(text):
        return resolve_collaboration(graph, text, document)
    key = vocab.organisation_key(text)
    if key:
        return _known(graph, key, text, document)
    # 'Universitetet i Bergen – MED', 'Bergen kommune, BHO': a unit of a known organisation
    for separator in (" – ", " — ", " - ", ", "):
        if separator in text:
            head, _, unit = text.partition(separator)
            head_key = vocab.organisation_key(head)
            if head_key:
                return _unit(graph, head_key, unit.strip(), text, document)
    # 'Vestland tannhelsetjeneste/ Vestland fylkeskommune': a unit and its parent, or alternatives
    if "/" in text:
        parts = [p.strip() for p in text.split("/") if p.strip()]
        for i, part in enumerate(parts):
            part_key = vocab.organisation_key(part)
            if part_key:
                others = [p for j, p in enumerate(parts) if j != i]
                for other in others:
                    if fold(other) in {fold(u) for u in vocab.organisations[part_key].units}:
                        return _unit(graph, part_key, other, text, document)
                return _known(graph, part_key, text, document)
    # a unit of a known organisation written alone ('Vestland tannhelsetjeneste')
    for org_key, entry in vocab.organisations.items():
        for unit in entry.units:
            if fold(unit) == fold(text) and len(unit) > 5:
                return _unit(graph, org_key, unit, text, document)
    if collaboration and split_body(text)[0]:
        # 'OU Voss', 'Brukerpanelet': a member sits on behalf of another body of the collaboration
        return resolve_body(graph, text, collaboration, document)
    oid = f"organisation/{slug(text)}"
    org = graph.organisations.setdefault(oid, Organisation(oid, text))
    org.aliases.add(text)
    org.documents.add(document)
    return oid


def _known(graph: CanonicalGraph, key: str, written: str, document: str) -> str:
    entry = vocabularies().organisations[key]
    oid = f"organisation/{key}"
    org = graph.organisations.setdefault(oid, Organisation(oid, entry.name, kind=entry.kind))
    org.aliases.add(written)
    org.documents.add(document)
    return oid


def _unit(graph: CanonicalGraph, parent_key: str, unit: str, written: str, document: str) -> str:
    parent = _known(graph, parent_key, vocabularies().organisations[parent_key].name, document)
    units = {fold(k): v for k, v in vocabularies().organisations[parent_key].units.items()}
    name = units.get(fold(unit), f"{vocabularies().organisations[parent_key].name}, {unit}")
    oid = f"organisation/{parent_key}/{slug(unit)}"
    org = graph.organisations.setdefault(oid, Organisation(oid, name, parent=parent, kind="unit"))
    org.aliases.add(written)
    org.documents.add(document)
    return oid
