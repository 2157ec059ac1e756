"""Facts stated in running text, in bokmål, nynorsk and Danish: presenters, appointments,
successions, representatives, substitutes. Every pattern names a person only when the words
look like a name (or are an initials code / first name bound to this document's participants).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from samkart.graph.model import Provenance
from samkart.loaders.extraction import MembershipMention
from samkart.loaders.names import looks_like_person, read_affiliation, split_names, body_mention
from samkart.ontology import fold
from samkart.loaders.prefilter import prefiltered

NAME = r"[A-ZÆØÅ][\w'’\-]+(?:\s+[A-ZÆØÅ][\w'’\-]+){1,4}"
_NAME_OR_SHORT = r"[A-ZÆØÅ][\w'’\-]*(?:\s+[A-ZÆØÅ][\w'’\-]+){0,4}"
_LIST = rf"{_NAME_OR_SHORT}(?:\s*,\s*{_NAME_OR_SHORT})*(?:\s+(?:og|and|samt|&)\s+{_NAME_OR_SHORT})?"

_PRESENTER_PATTERNS = [
    prefiltered(rf"(?<!,\s)(?<!,)\bv/\s*(?P<names>{_LIST})"),  # not 'Helsedirektoratet, v/Name' (a contact)
    prefiltered(rf"\b(?:Orientering|Presentasjon|Innlegg|Oplæg|Orientering og drøfting)\s+(?:fra|frå|ved|af)\s+(?P<names>{_LIST})"),
    prefiltered(rf"(?:^|[.:;]\s+|\b(?:Eventuelt|Oppdateringer)\s*:\s*)(?P<names>{NAME})\s+(?:orienterte|orienterer|informerte|innledet|innleidde|presenterte|orienterede|fremlagde)\b"),
]


@dataclass
class NameBinder:
    """Binds short forms used inside one document (initials codes, first names) to full names."""

    full_names: list[str] = field(default_factory=list)
    initials: dict[str, str] = field(default_factory=dict)

    def bind(self, text: str) -> str | None:
        text = text.strip()
        if text in self.initials:
            return self.initials[text]
        if looks_like_person(text):
            return text
        if " " not in text:
            matches = [n for n in self.full_names if fold(n.split()[0]) == fold(text)]
            if len(matches) == 1:
                return matches[0]
        return None


@cache
def _initials_lead() -> str:
    """The words before a person written by initials ('fra', 'v/': ontology/passes.toml, prose.initials_after)."""
    from samkart.loaders.lexicon import lexicon

    return "|".join(re.escape(entry["text"]) for entry in lexicon().prose["initials_after"])


def presenters(text: str, binder: NameBinder) -> list[str]:
    found: list[str] = []
    for pattern in _PRESENTER_PATTERNS:
        for m in pattern.finditer(text):
            for part in split_names(m.group("names")):
                name = binder.bind(part)
                if name is None:
                    # 'Stefan Hjørleifsson, Førsteamanuensis' stops at the first non-name
                    break
                if name not in found:
                    found.append(name)
    # initials codes used as a person in text: 'Oppdateringer fra klyngeleder BA'
    for code, name in binder.initials.items():
        if code in text and re.search(rf"\b(?:{_initials_lead()})\s+(?:\w+\s+)?{re.escape(code)}\b", text) and name not in found:
            found.append(name)
    return found


_NEW_LEADER = prefiltered(rf"\bny\s+(?:leder|leiar|formand)\s+(?:er|blir|bliver)\s+(?P<name>{NAME})(?:\s+(?:fra|frå)\s+(?P<org>[\w\- ]+?))?(?=[.,;]|$)")
_TAKES_OVER = prefiltered(rf"\btar over(?:\s+\w+)?\s+etter\s+(?P<name>{NAME})(?:\s*,\s*(?P<org>[\w\- ]+?))?(?=[.;]|$)")
_REPRESENTATIVE = prefiltered(rf"(?P<name>{NAME})\s+(?:som\s+(?:da\s+)?)?(?:går|gå|gjeng)\s+inn\s+som\s+(?P<org>[\w\- ]+?)\s+(?:sin|sitt|sine)\s+(?P<role>representant|vara|varamedlem)\s+i\s+(?P<body>[\w\- ]+?)(?=[.,;]|$)")
_REPRESENTATIVE_DA = prefiltered(rf"(?P<name>{NAME})\s+(?:indtræder|træder ind)\s+som\s+(?P<role>repræsentant|suppleant)\s+for\s+(?P<org>[\w\- ]+?)\s+i\s+(?P<body>[\w\- ]+?)(?=[.,;]|$)")
_ASKED_LEAD = prefiltered(rf"(?P<name>{NAME})\s+(?:er|blir)\s+(?:forespurt|valgt|valt|utnevnt|oppnevnt)\s+(?:og\s+)?(?:tar\s+)?(?:som\s+)?(?:lederansvaret|leiaransvaret|leder|leiar|ledervervet)")
_ELECTED = prefiltered(rf"(?P<name>{NAME})\s+(?:er|blev|ble|vart)\s+(?:valgt|valt|udpeget|oppnevnt)\s+(?:som|til)\s+(?P<role>\w+)\s+(?:i|av|for)\s+(?P<body>[\w\- ]+?)(?=[.,;]|$)")
# '<Name> orienterte om at hun går over i ny jobb …' / '<Name> går over i ny stilling …'
_NEW_JOB = prefiltered(rf"(?P<name>{NAME})\s+(?:orienterte om at\s+(?:hun|han|hen)\s+)?(?:går|gjeng|skifter)\s+over\s+(?:i|til)\s+(?:en\s+)?ny(?:tt)?\s+(?:jobb|stilling|arbeid)")
_SUBSTITUTE = prefiltered(rf"(?P<name>{NAME})\s+(?:deltok|deltog|møtte|mødte|møtte som vara)\s+for\s+(?P<for>{NAME})")


def _body_in(text: str) -> str | None:
    """The body a line speaks of: the longest alias found, returned as written with its qualifier."""
    words = text.split()
    for i in range(len(words)):
        chunk = " ".join(words[i:])
        if body_mention(chunk):
            return chunk.strip(" .,:;*")
    return None


def memberships(text: str, prov: Provenance, binder: NameBinder, meeting_date: str | None, heading: str | None = None) -> list[MembershipMention]:
    """Appointments and successions stated in `text`. `heading` is the bullet's bold lead-in,
    which often names the body ('Ny leder faggruppe migrasjon og innvandrerhelse – ny leder er ...')."""
    out: list[MembershipMention] = []
    body_hint = _body_in(heading) if heading else None
    for m in _NEW_LEADER.finditer(text):
        name = binder.bind(m.group("name"))
        if name:
            out.append(MembershipMention(name=name, prov=prov, body=body_hint or _body_in(text[: m.start()]),
                                         organisation=_org(m.group("org")), role="leder", start=meeting_date))
    new_leaders = [o for o in out if o.role == "leder" and o.start]
    for m in _TAKES_OVER.finditer(text):
        name = binder.bind(m.group("name"))
        if name:
            out.append(MembershipMention(name=name, prov=prov, body=body_hint or _body_in(text[: m.start()]),
                                         organisation=_org(m.group("org")), role="leder", end=meeting_date))
            for leader in new_leaders:  # 'ny leder er X … Hun tar over ledervervet etter Y': X succeeds Y
                leader.succeeds = leader.succeeds or name
    leaving = [n for n in (binder.bind(m.group("name")) for m in _NEW_JOB.finditer(text)) if n]
    for pattern in (_REPRESENTATIVE, _REPRESENTATIVE_DA):
        for m in pattern.finditer(text):
            name = binder.bind(m.group("name"))
            if name:
                body, org = m.group("body").strip(), _org(m.group("org"))
                successor = MembershipMention(name=name, prov=prov, body=body, organisation=org, role=m.group("role"), start=meeting_date)
                out.append(successor)
                # 'X goes to a new job. Y then takes over as Helse Bergen's representative': X's seat ends, Y succeeds X
                for predecessor in leaving:
                    if predecessor != name:
                        out.append(MembershipMention(name=predecessor, prov=prov, body=body, organisation=org, end=meeting_date))
                        successor.succeeds = successor.succeeds or predecessor
    for m in _ASKED_LEAD.finditer(text):
        name = binder.bind(m.group("name"))
        if name and body_hint:
            out.append(MembershipMention(name=name, prov=prov, body=body_hint, role="leder", start=meeting_date))
    for m in _ELECTED.finditer(text):
        name = binder.bind(m.group("name"))
        if name and body_mention(m.group("body")):
            out.append(MembershipMention(name=name, prov=prov, body=m.group("body").strip(), role=m.group("role"), start=meeting_date))
    return out


def substitutes(text: str, binder: NameBinder) -> list[tuple[str, str]]:
    """(substitute, substituted) pairs: 'X deltog for Y', 'X møtte for Y'."""
    pairs = []
    for m in _SUBSTITUTE.finditer(text):
        a, b = binder.bind(m.group("name")), binder.bind(m.group("for"))
        if a and b:
            pairs.append((a, b))
    return pairs


def _org(text: str | None) -> str | None:
    if not text:
        return None
    aff = read_affiliation(text.strip())
    return aff.organisation or text.strip()
