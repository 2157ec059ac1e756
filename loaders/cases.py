"""Case identifiers ('Sak 12-24', '34/23', 'Punkt 2.') and cross-references between cases."""
from __future__ import annotations

import re
from functools import lru_cache
from dataclasses import dataclass

from samkart.graph.model import Provenance
from samkart.loaders.dates import find_dates
from samkart.loaders.extraction import ReferenceMention
from samkart.ontology import fold, vocabularies
from samkart.loaders.prefilter import prefiltered

# NN-YY or NN/YY; years of two or four digits. The number may be zero-padded.
CASE_NUMBER = r"(\d{1,3})\s?([-/])\s?(\d{4}|\d{2})"
_CASE_HEADING = re.compile(r"^(?:[a-zæøå]-)?(?:sak(?:snr\.?|snummer|\s+nr\.?)?|sag(?:snr\.?|\s+nr\.?)?|ps|os|rs|ds|punkt|pkt\.?)\s*" + CASE_NUMBER + r"\b[\s:.\-–]*(.*)$", re.IGNORECASE)
_BARE_CASE = re.compile(r"^" + CASE_NUMBER + r"(?:\s+(.*))?$")
_NUMBERED_ITEM = re.compile(r"^(?:punkt\s+)?(\d{1,2})\.\s+(\S.*)$", re.IGNORECASE)


@dataclass(frozen=True)
class CaseId:
    number: int
    separator: str
    year: str  # two digits
    written: str
    digits: str = ""  # the number as written ('9' in 'Sak 9/24', '09' in 'Sak 09/24')
    as_written: str = ""  # a year-first identifier as written ('2024/15')

    @property
    def normalised(self) -> str:
        """The identifier as the document writes it ('9/24', '09/24', '13-24', '2024/15'); two-digit year after the number."""
        return self.as_written or f"{self.digits or f'{self.number:02d}'}{self.separator}{self.year}"


def case_id(number: str, separator: str, year: str, written: str) -> CaseId | None:
    if len(year) == 4:
        if not year.startswith(("19", "20")):
            return None
        # 'Sak 08/2025' keeps its four-digit year as written; the key compares two digits
        return CaseId(int(number), separator, year[2:], written.strip(), number, f"{number}{separator}{year}")
    return CaseId(int(number), separator, year, written.strip(), number)


# 'Sak 2024/15 Title': the year first (a four-digit 19xx/20xx part is the year)
_YEAR_FIRST = re.compile(r"^(?:[a-zæøå]-)?(?:sak(?:snr\.?|\s+nr\.?)?|sag|ps)\s*((?:19|20)\d{2})\s?([-/])\s?(\d{1,3})\b[\s:.\-–]*(.*)$", re.IGNORECASE)


@lru_cache(maxsize=1 << 15)  # asked of every line by the passes, several families and their detectors
def match_case_heading(text: str) -> tuple[CaseId, str] | None:
    """'Sak 12-24 Budsjett for 2025' → (12-24, 'Budsjett for 2025'); 'Sak 2024/15 …' → (15/24, …)."""
    y = _YEAR_FIRST.match(text.strip())
    if y:
        cid = CaseId(int(y.group(3)), y.group(2), y.group(1)[2:], text[: y.end(3)].strip(), y.group(3),
                     f"{y.group(1)}{y.group(2)}{y.group(3)}")
        return cid, y.group(4).strip()
    m = _CASE_HEADING.match(text.strip())
    if not m:
        return None
    cid = case_id(m.group(1), m.group(2), m.group(3), text[: m.end(3)])
    return (cid, m.group(4).strip()) if cid else None


@lru_cache(maxsize=1 << 15)
def match_bare_case(text: str) -> tuple[CaseId, str] | None:
    """'34/23' or '01/21 Godkjenning av møteinnkalling' at the start of a line."""
    m = _BARE_CASE.match(text.strip())
    if not m:
        return None
    cid = case_id(m.group(1), m.group(2), m.group(3), m.group(0).split()[0])
    return (cid, (m.group(4) or "").strip()) if cid else None


def match_numbered_item(text: str) -> tuple[str, str] | None:
    """'1. Organisering af Sundhedsklynge Midt' → ('1', 'Organisering ...')."""
    m = _NUMBERED_ITEM.match(text.strip())
    if not m:
        return None
    return m.group(1), m.group(2).strip()


# 'Sak 14/24 Title', 'Sag 3-24', 'Punkt 2. Title', '§ 12 Title', 'Ärende 5', 'Paragraf 12': a case opens here.
_NUMBERED_CASE = re.compile(r"^(?:ad\s+)?(?P<word>punkt|pkt\.?|§|ärende|arende|paragraf|item|dagsordenspunkt|ad|sak|sag)\s*(?P<n>\d{1,3}(?:\.\d{1,2})?)(?![\d/-])\.?\s*[:.\-–]?\s*(?P<title>.*)$", re.IGNORECASE)


@lru_cache(maxsize=1 << 15)
def match_case_line(text: str) -> tuple[str, str, str] | None:
    """(identifier, identifier as written, title) of a line that opens a case, in any Nordic form."""
    text = text.strip().lstrip("#*").strip()
    if text[:1].islower():
        return None  # 'sak 41/23' at a line's start is a reference broken over lines; headings are capitalised
    hit = match_case_heading(text)
    if hit:
        cid, title = hit
        return cid.normalised, cid.written, title.strip(" *")
    m = _NUMBERED_CASE.match(text)
    if m:
        return m.group("n"), text[: m.end("n")], m.group("title").strip(" *")
    bare = match_bare_case(text)
    if bare and bare[1][:1].isupper():  # '10/22 Godkjenning av innkalling' in a case list
        return bare[0].normalised, bare[0].written, bare[1]
    return None


def case_key(identifier: str) -> tuple[int, str] | str:
    """Separator-independent key so 'sak 14/23' finds case '14-23'."""
    m = re.fullmatch(CASE_NUMBER, identifier.strip())
    if m:
        year = m.group(3)[-2:]
        return int(m.group(1)), year
    return identifier.strip().lstrip("0") or "0"


_REFERENCE = prefiltered(r"\b(?:sak|saka|saken|sag|sagen|ps|sak nr\.?)\s+" + CASE_NUMBER + r"\b", re.IGNORECASE)
_REFERENCE_YEAR_FIRST = prefiltered(r"\b(?:sak|saka|saken|sag|sagen|ps)\s+((?:19|20)\d{2})\s?([-/])\s?(\d{1,3})\b", re.IGNORECASE)
_MEETING_REF = prefiltered(r"\b(?:referat|protokoll)\s+(?:fra|frå|fra)\s+(?:forrige\s+)?møte[t]?\s+(\d{1,2}\.\d{1,2}\.\d{2,4})", re.IGNORECASE)
_DANISH_ITEM_REF = prefiltered(r"\b(?:beslutning|beslutningen|referat)\s+på\s+mødet\s+(?:den\s+)?(\d{1,2}\.\s*[a-zæøå]+\s+\d{4})\s*,?\s*punkt\s+(\d{1,2})", re.IGNORECASE)
_CLAUSE_END = re.compile(r"[.;!?](?=\s+[A-ZÆØÅ]|\s*$)|\)|$")


def find_references(text: str, prov: Provenance, own: CaseId | None = None) -> list[ReferenceMention]:
    """Cross-references in a case's text. `own` is skipped (a case does not refer to itself)."""
    refs: list[ReferenceMention] = []
    matches = list(_REFERENCE.finditer(text))
    for index, m in enumerate(matches):
        cid = case_id(m.group(1), m.group(2), m.group(3), m.group(0))
        if cid is None or (own and (cid.number, cid.year) == (own.number, own.year)):
            continue
        # a reference's own clause ends where the next reference begins
        stop = matches[index + 1].start() if index + 1 < len(matches) else len(text)
        tail = text[m.end(): min(stop, m.end() + 80)]
        tail = tail[: _CLAUSE_END.search(tail).start() + 1] if _CLAUSE_END.search(tail) else tail
        dates = find_dates(tail)
        body = _body_near(text[max(0, m.start() - 160): m.start()], tail)
        refs.append(ReferenceMention(raw=_sentence_around(text, m.start(), m.end()), identifier=cid.normalised, prov=prov,
                                     body=body, meeting_date=dates[0][1] if dates else None))
    for m in _REFERENCE_YEAR_FIRST.finditer(text):  # 'jf. sak 2024/09'
        ident = f"{m.group(1)}{m.group(2)}{m.group(3)}"
        if own and own.normalised == ident:
            continue
        refs.append(ReferenceMention(raw=m.group(0), identifier=ident, prov=prov, body=None, meeting_date=None))
    for m in _DANISH_ITEM_REF.finditer(text):
        dates = find_dates(m.group(1))
        refs.append(ReferenceMention(raw=m.group(0), identifier=m.group(2), prov=prov, body=None,
                                     meeting_date=dates[0][1] if dates else None))
    for m in _MEETING_REF.finditer(text):
        dates = find_dates(m.group(1))
        if dates:
            refs.append(ReferenceMention(raw=m.group(0), identifier="", prov=prov, body=None, meeting_date=dates[0][1]))
    return refs


_CUE = r"(?:jf\.?|jfr\.?|jmf\.?|se|cf\.?|oppfølging av|oppfølgning av|opfølgning på|opfølgning af|videreføring av|fortsettelse av|viser til|henvisning til|ärende)"
_CUED_REF = re.compile(_CUE + r"\s+(?:[^()§]{0,40}?\s)?(?:sak|saka|sag|punkt|pkt\.?|§|ärende|paragraf)\s*(\d{1,3}(?:\.\d{1,2})?)(?![\d/-])", re.IGNORECASE)


def cued_references(text: str, prov: Provenance, own: str | None = None) -> list[ReferenceMention]:
    """References to numbered items ('punkt 4', '§ 6') that a cue word introduces; the earlier
    meeting's date is read from the same clause or parenthesis, before or after the number."""
    refs: list[ReferenceMention] = []
    for m in _CUED_REF.finditer(text):
        if own and m.group(1) == own:
            continue
        opened = text.rfind("(", 0, m.start())
        left = opened + 1 if opened != -1 and text.find(")", opened, m.start()) == -1 else max(0, m.start() - 10)
        closed = text.find(")", m.end())
        right = closed if closed != -1 and closed - m.end() < 80 else min(len(text), m.end() + 60)
        window = text[left:right]
        dates = find_dates(window)
        body = _body_near(text[max(0, m.start() - 160): m.start()], text[m.end(): right])
        refs.append(ReferenceMention(raw=text[left:right].strip(), identifier=m.group(1), prov=prov, body=body,
                                     meeting_date=dates[0][1] if dates else None))
    return refs


def _sentence_around(text: str, start: int, end: int) -> str:
    left = max(text.rfind(". ", 0, start) + 2, text.rfind("(", 0, start) + 1, 0)
    right_candidates = [i for i in (text.find(". ", end), text.find(")", end)) if i != -1]
    right = min(right_candidates) if right_candidates else len(text)
    return text[left:right].strip()


def _body_near(before: str, after: str) -> str | None:
    """A body named right after the reference ('i Styringsgruppens møte') or earlier in the sentence."""
    vocab = vocabularies()
    after_f = fold(after)
    for alias, _key in vocab.body_aliases():
        if len(alias) >= 3 and alias in after_f and re.search(r"\b" + re.escape(alias) + r"s?\b", after_f):
            return as_written(after, alias)
    sentence = re.split(r"[.!?]\s", before)[-1]
    sentence_f = fold(sentence)
    best: tuple[int, str] | None = None
    for alias, _key in vocab.body_aliases():
        if len(alias) < 3 or alias not in sentence_f:
            continue
        for m in re.finditer(r"\b" + re.escape(alias) + r"s?\b", sentence_f):
            if best is None or m.start() > best[0]:
                best = (m.start(), as_written(sentence, alias))
    return best[1] if best else None


_LOOSE = {"a": "[aåáäà]", "o": "[oøöó]", "e": "[eéèæ]", "u": "[uüú]", " ": r"\s+"}


def as_written(text: str, alias: str) -> str:
    """The words of `text` that the folded `alias` stands for, as they are written there."""
    pattern, i = [], 0
    while i < len(alias):
        if alias.startswith("ae", i):
            pattern.append("(?:ae|æ)")
            i += 2
            continue
        pattern.append(_LOOSE.get(alias[i], re.escape(alias[i])))
        i += 1
    m = re.search("".join(pattern), text, re.IGNORECASE)
    return m.group(0) if m else alias



def decision_label(text: str) -> tuple[str, str] | None:
    """'Vedtak: SSU tar ...' → ('vedtak', 'SSU tar ...'); a bare 'Vedtak' → ('vedtak', '')."""
    decisions = vocabularies().decisions
    stripped = text.strip()
    m = re.match(r"^([A-Za-zÆØÅæøå ]{4,30}?)\s*:\s*(.*)$", stripped)
    if m and fold(m.group(1)) in decisions:
        return decisions[fold(m.group(1))], m.group(2).strip()
    if fold(stripped.rstrip(":")) in decisions:
        return decisions[fold(stripped.rstrip(":"))], ""
    return None
