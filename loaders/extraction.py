"""Per-document extractions: unresolved mentions, each with provenance.

A loader reads one document and fills one `Extraction`. Names here are as written (after OCR
repair, with the original kept in provenance); nothing is resolved across documents yet.
Extractions are stored as JSON in the store so the resolver can re-run over all of them.
"""
from __future__ import annotations

import dataclasses
import json
from functools import lru_cache
from dataclasses import dataclass, field
from typing import Any, Callable

from samkart.graph.model import Document, Provenance

EXTRACTION_VERSION = 1


@dataclass
class ParticipantMention:
    """A person listed at a meeting (present or absent)."""

    name: str
    prov: Provenance
    organisation: str | None = None
    role: str | None = None
    status: str = "present"
    capacity: str = "member"
    remote: bool = False
    substitute_for: str | None = None
    initials: str | None = None
    body: str | None = None  # a body other than the meeting's (e.g. the secretariat)
    listed_in: str | None = None  # the block this name was listed in; names in one block are different people
    written: str | None = None  # the name as the source spells it, before any OCR repair


@dataclass
class MembershipMention:
    """A statement that a person sits (sat, will sit) in a body, from a roster or free text."""

    name: str
    prov: Provenance
    body: str | None = None  # None: the document's own body
    organisation: str | None = None
    role: str | None = None
    start: str | None = None
    end: str | None = None
    listed_in: str | None = None
    succeeds: str | None = None  # the person whose seat this one took over
    written: str | None = None


@dataclass
class NamedMention:
    """A person named in running text in a role ('v/ Kari Nordmann fra Helsedirektoratet'): a
    person of the graph, with the organisation and role the text gives, but not a member."""

    name: str
    prov: Provenance
    organisation: str | None = None
    role: str | None = None
    written: str | None = None


@dataclass
class ReferenceMention:
    raw: str
    identifier: str
    prov: Provenance
    body: str | None = None
    meeting_date: str | None = None


@dataclass
class AmountMention:
    value: float
    currency: str
    text: str
    prov: Provenance
    organisation: str | None = None
    year: str | None = None


@dataclass
class CaseMention:
    identifier: str
    identifier_as_written: str
    title: str
    prov: Provenance
    case_type: str | None = None
    decision_kind: str | None = None
    decision_text: str | None = None
    decision_prov: Provenance | None = None
    presenters: list[str] = field(default_factory=list)
    references: list[ReferenceMention] = field(default_factory=list)
    amounts: list[AmountMention] = field(default_factory=list)


@dataclass
class MeetingMention:
    date: str | None
    prov: Provenance
    time: str | None = None
    place: str | None = None
    date_inferred: bool = False
    planned: bool = False


@dataclass
class Extraction:
    document: Document
    collaboration: str | None = None
    body: str | None = None
    meeting: MeetingMention | None = None
    participants: list[ParticipantMention] = field(default_factory=list)
    memberships: list[MembershipMention] = field(default_factory=list)
    cases: list[CaseMention] = field(default_factory=list)
    planned_meetings: list[MeetingMention] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    named: list[NamedMention] = field(default_factory=list)
    kind: str | None = None  # minutes | notice | roster | report | other, as the header pass read it

    def to_json(self) -> str:
        return json.dumps({"version": EXTRACTION_VERSION, **_plain(self)}, ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str) -> "Extraction":
        data = json.loads(text)
        data.pop("version", None)
        return _build(cls, data)


_ATOMS = (str, int, float, bool, type(None))


@lru_cache(maxsize=None)
def _field_names(cls: type) -> tuple[str, ...] | None:
    return tuple(f.name for f in dataclasses.fields(cls)) if dataclasses.is_dataclass(cls) else None


def _plain(value: Any) -> Any:
    """What `dataclasses.asdict` gives, without its deep copies of every string (a fifth of the
    time a worker spent on a document went to them)."""
    cls = type(value)
    if cls in _ATOMS:
        return value
    if cls is list or cls is tuple:
        return [_plain(v) for v in value]
    if cls is dict:
        return {_plain(k): _plain(v) for k, v in value.items()}
    names = _field_names(cls)
    if names is None:
        return value
    return {name: _plain(getattr(value, name)) for name in names}


@lru_cache(maxsize=None)
def _hints(cls: Any) -> dict[str, Any]:
    import typing

    return typing.get_type_hints(cls)


def _build(cls: Any, data: Any) -> Any:
    """Rebuild nested dataclasses from `dataclasses.asdict` output using the type hints."""
    return _converter(cls)(data)


def _identity(value: Any) -> Any:
    return value


@lru_cache(maxsize=None)
def _converter(tp: Any) -> Callable[[Any], Any]:
    """A function turning JSON data into `tp`, worked out once per type (reading a store's
    extractions calls it for every field of every mention)."""
    import typing

    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin is list:
        item = _converter(args[0])
        if item is _identity:
            return lambda value: None if value is None else list(value)
        return lambda value: None if value is None else [item(v) for v in value]
    if origin in (typing.Union, getattr(__import__("types"), "UnionType", None)):
        inner = next((_converter(a) for a in args if a is not type(None)), _identity)
        if inner is _identity:
            return _identity
        return lambda value: None if value is None else inner(value)
    if dataclasses.is_dataclass(tp):
        hints = _hints(tp)
        fields = [(f.name, _converter(hints[f.name])) for f in dataclasses.fields(tp)]

        def build(data: Any) -> Any:
            if data is None:
                return None
            return tp(**{name: convert(data[name]) for name, convert in fields if name in data})
        return build
    return _identity
