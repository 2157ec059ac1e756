"""Danish minutes (referat) with header fields and numbered items:

    Møde      Klyngestyregruppe Midt
    Dato      23. juni 2022 kl. 13.00 – 14.30
    Deltagere Name, Organisation (role) Name, Organisation ... Gæster: Name, Organisation
    Afbud     Name, Name          (absent, even when also listed as participant or guest)
    Referent  Name

    1. Title v/ Mikkel, Daniel og Henrik      (first names bound to this document's participants)
    Indstilling: / Bilag: / Referat:
"""
from __future__ import annotations

import re

from samkart.graph.model import Document
from samkart.loaders.base import Loader, find_body_in_lines, find_collaboration
from samkart.loaders.cases import match_numbered_item
from samkart.loaders.dates import first_date, parse_time
from samkart.loaders.extraction import Extraction, MeetingMention, ParticipantMention
from samkart.loaders.freetext import NameBinder
from samkart.loaders.minutes import cut_numbered_items, read_case_blocks
from samkart.loaders.names import looks_like_person, read_affiliation, split_names
from samkart.loaders.participants import heading_of, split_top_level
from samkart.loaders.reading import SourceText
from samkart.loaders.text import clean, provenance
from samkart.ontology import fold, vocabularies

FIELD_LABELS = {"mode": "body", "mote": "body", "dato": "date", "tid": "time", "sted": "place", "deltagere": "participants",
                "deltakere": "participants", "afbud": "absent", "forfald": "absent", "fravaer": "absent", "referent": "referent",
                "gaester": "guests", "gaest": "guests", "tilstede": "participants", "til stede": "participants"}
_FIELD = re.compile(r"^\s*(?:<[^>]+>)*\s*([A-Za-zÆØÅæøå ]{3,14}?)\s*(?:</[^>]+>)*\s*(?:\t+|:\s*)(.+)$")
_ORG_PATTERN = re.compile(r"^((?:[A-ZÆØÅ][\wæøå\-]+\s+){1,2}(?:Kommune|kommune|Universitet|Universitetshospital|Hospital|Sygehus|Psykiatri)|Region\s+[A-ZÆØÅ][\wæøå]+|Psykiatrien(?:\s+i\s+Region\s+\w+)?)\b")


def header(lines: list[str]) -> dict[str, tuple[int, str]]:
    fields: dict[str, tuple[int, str]] = {}
    for number, raw in enumerate(lines[:40], start=1):
        m = _FIELD.match(raw)
        if not m:
            continue
        label = fold(m.group(1)).strip()
        if label in FIELD_LABELS and FIELD_LABELS[label] not in fields:
            fields[FIELD_LABELS[label]] = (number, m.group(2).strip())
    return fields


def split_org_name(segment: str) -> tuple[str, str | None, str] | None:
    """'Aalborg Kommune (mødeleder) Eva Sejersdal Knudsen' → ('Aalborg Kommune', 'mødeleder', 'Eva Sejersdal Knudsen')."""
    segment = segment.strip()
    m = re.match(r"^(?P<org>[^()]+?)\s*\((?P<role>[^)]*)\)\s*(?P<name>.*)$", segment)
    if m:
        return m.group("org").strip(), m.group("role").strip(), m.group("name").strip()
    vocab = vocabularies()
    folded = fold(segment)
    for alias, _key in vocab.organisation_aliases():
        if folded.startswith(alias + " ") or folded == alias:
            return segment[: len(alias)].strip(), None, segment[len(alias):].strip()
    pattern = _ORG_PATTERN.match(segment)
    if pattern:
        return pattern.group(1), None, segment[pattern.end():].strip()
    words = segment.split()
    for size in (3, 2):  # no known organisation: the name is the last words that look like one
        if len(words) > size and looks_like_person(" ".join(words[-size:])):
            return " ".join(words[:-size]), None, " ".join(words[-size:])
    return None


def read_run(text: str) -> list[tuple[str, str | None, str | None]]:
    """'A, Org (role) B, Org C, Org' → [(A, Org, role), (B, Org, None), (C, Org, None)]."""
    segments = split_top_level(text, ",")
    if not segments:
        return []
    out: list[tuple[str, str | None, str | None]] = []
    name = segments[0]
    for segment in segments[1:]:
        split = split_org_name(segment)
        if split is None:
            if looks_like_person(name):
                out.append((name, None, None))
            name = segment
            continue
        org, role, next_name = split
        if looks_like_person(name):
            out.append((name, org or None, role))
        name = next_name
    if name and looks_like_person(name):
        out.append((name, None, None))
    return out


class DanishMinutes(Loader):
    family = "danish-minutes"
    description = "Danish minutes: header fields Møde/Dato/Sted/Deltagere/Afbud/Referent, numbered items with Indstilling/Bilag/Referat"

    def detect(self, src: SourceText) -> float:
        fields = header(src.lines)
        score = 0.0
        for key, weight in (("participants", 0.3), ("absent", 0.15), ("referent", 0.1), ("date", 0.1), ("body", 0.1), ("place", 0.05)):
            if key in fields:
                score += weight
        if "participants" in fields and read_run(clean(fields["participants"][1])):
            score += 0.1
        items = sum(1 for line in src.lines if match_numbered_item(clean(line)) and not line.lstrip().startswith(("-", "•")))
        if items >= 2:
            score += 0.1
        return min(score, 0.95) if "participants" in fields else min(score, 0.25)

    def parse(self, src: SourceText, document: Document) -> Extraction:
        lines = src.lines
        fields = header(lines)
        extraction = Extraction(document=document)
        body_text = clean(fields["body"][1]) if "body" in fields else None
        extraction.collaboration = find_collaboration(src.text)
        extraction.body = find_body_in_lines([body_text]) if body_text else find_body_in_lines([clean(l) for l in lines[:30]])
        if extraction.body and body_text and fold(body_text) != fold(extraction.body):
            extraction.body = body_text  # keep the qualifier the body writes ('Klyngestyregruppe Midt')
        date_text = clean(fields["date"][1]) if "date" in fields else ""
        header_end = max((n for n, _ in fields.values()), default=1)
        extraction.meeting = MeetingMention(date=first_date(date_text), time=parse_time(date_text),
                                            place=clean(fields["place"][1]) if "place" in fields else None,
                                            prov=provenance(document.id, src, 1, header_end))
        if extraction.meeting.date is None:
            extraction.warnings.append("no meeting date in the 'Dato' field")
        binder = NameBinder()
        seen: dict[str, ParticipantMention] = {}
        if "participants" in fields:
            number, value = fields["participants"]
            value = clean(value)
            blocks = re.split(r"\s*(Gæster|Gæst|Gjester|Observatører|Sekretariat)\s*:\s*", value)
            label = "deltagere"
            for index, chunk in enumerate(blocks):
                if index % 2 == 1:
                    label = chunk
                    continue
                heading = heading_of(label) or {"status": "present", "capacity": "member"}
                for name, org, role in read_run(chunk):
                    aff = read_affiliation(role) if role else None
                    capacity = heading.get("capacity", "member")
                    if aff and aff.capacity:
                        capacity = aff.capacity
                    if role and vocabularies().role_key(role) == "sekretariat":
                        capacity = "secretariat"
                    p = ParticipantMention(name=name, prov=provenance(document.id, src, number), organisation=org,
                                           role=role or heading.get("role"), status="present", capacity=capacity,
                                           remote=bool(aff and aff.remote), listed_in=fold(label))
                    extraction.participants.append(p)
                    seen[fold(name)] = p
                    binder.full_names.append(name)
        if "absent" in fields:
            number, value = fields["absent"]
            for name in split_names(clean(value)):
                name = binder.bind(name) or name
                if not looks_like_person(name):
                    continue
                if fold(name) in seen:
                    seen[fold(name)].status = "absent"
                else:
                    p = ParticipantMention(name=name, prov=provenance(document.id, src, number), status="absent", listed_in="afbud")
                    extraction.participants.append(p)
                    seen[fold(name)] = p
                    binder.full_names.append(name)
        if "referent" in fields:
            number, value = fields["referent"]
            name = clean(value)
            if looks_like_person(name) and fold(name) not in seen:
                extraction.participants.append(ParticipantMention(name=name, prov=provenance(document.id, src, number), role="referent",
                                                                  capacity="secretariat", listed_in="referent"))
        read_case_blocks(cut_numbered_items(lines, header_end), src, extraction, binder)
        return extraction
