"""The one list of loaders, and picking the best one for a document."""
from __future__ import annotations

from pathlib import Path

from samkart.errors import SamkartError
from samkart.loaders.agenda import CaseAgenda
from samkart.loaders.attendance_table import AttendanceTableMinutes
from samkart.loaders.danish_minutes import DanishMinutes
from samkart.loaders.grouped_minutes import GroupedParticipantsMinutes
from samkart.loaders.roster import Roster
from samkart.loaders.universal import LayoutAgnostic
from samkart.loaders.base import Loader, document_for
from samkart.loaders.extraction import Extraction
from samkart.loaders.reading import SourceText, read_source

# Explicit registration: order breaks ties (the more specific family first).
LOADERS: list[Loader] = [
    AttendanceTableMinutes(),
    GroupedParticipantsMinutes(),
    DanishMinutes(),
    CaseAgenda(),
    Roster(),
    LayoutAgnostic(),  # every document can be read by the shared passes
]
# a family that recognises its own layout this surely also reads the document; the richer reading is kept
FAMILY_HINT = 0.6
# …and this surely, its reading is taken without asking the passes (its own layout, read as it was written for)
FAMILY_CERTAIN = 0.95


def richness(ex: Extraction) -> float:
    """How much a reading found: people with their organisation, cases, a dated meeting; warnings count against it."""
    people = [*ex.participants, *ex.memberships]
    return (len(people) + sum(1 for p in people if p.organisation) + len(ex.cases)
            + 3 * bool(ex.meeting and ex.meeting.date) + sum(len(c.references) for c in ex.cases) - 2 * len(ex.warnings)
            + len(ex.planned_meetings) + sum(1 for c in ex.cases if c.decision_text) + sum(1 for c in ex.cases if c.case_type))

MIN_CONFIDENCE = 0.3


def loader_named(family: str) -> Loader:
    for loader in LOADERS:
        if loader.family == family:
            return loader
    known = ", ".join(l.family for l in LOADERS)
    raise SamkartError(f"no loader for family '{family}'", hint=f"choose one of: {known}")


def detect(src: SourceText) -> list[tuple[float, Loader]]:
    """Every loader's confidence, best first."""
    scored = [(round(loader.detect(src), 3), loader) for loader in LOADERS]
    return sorted(scored, key=lambda pair: -pair[0])


def parse_source(src: SourceText, family: str | None = None) -> Extraction:
    if family:
        loader, confidence = loader_named(family), 1.0
    else:
        ranked = [(c, l) for c, l in detect(src) if l is not LOADERS[-1]]
        passes = LOADERS[-1]
        if ranked and ranked[0][0] >= FAMILY_CERTAIN:
            confidence, loader = ranked[0]
            return _finish(src, loader.parse(src, document_for(src, loader.family, confidence)))
        extraction = passes.parse(src, document_for(src, passes.family, passes.detect(src)))
        if ranked and ranked[0][0] >= FAMILY_HINT:
            confidence, loader = ranked[0]
            try:
                hinted = loader.parse(src, document_for(src, loader.family, confidence))
            except Exception:  # a family that cannot read what it thought was its layout leaves it to the passes
                hinted = None
            if hinted is not None and richness(hinted) > richness(extraction):
                # the family's reading, plus the people the passes found named in running text
                known = {p.name for p in [*hinted.participants, *hinted.memberships]}
                hinted.named.extend(n for n in extraction.named if n.name not in known)
                extraction = hinted
        loader = None
    if loader is not None:
        extraction = loader.parse(src, document_for(src, loader.family, confidence))
    return _finish(src, extraction)


def _finish(src: SourceText, extraction: Extraction) -> Extraction:
    if extraction.document.ocr:
        _keep_written_spellings(src, extraction)
    if not extraction.collaboration and (extraction.participants or extraction.memberships or extraction.cases):
        extraction.warnings.append("no collaboration recognised: its bodies are kept apart from every other document's; "
                                   "add the collaboration's name to ontology/collaborations.toml")
    return extraction


def _keep_written_spellings(src: SourceText, extraction: Extraction) -> None:
    """OCR repair is certain only of letters; the spelling as written stays findable as an alias."""
    from samkart.loaders.universal import _written

    for m in [*extraction.participants, *extraction.memberships, *extraction.named]:
        if not m.written and m.prov and m.prov.line_start:
            raw = "\n".join(src.lines[m.prov.line_start - 1: (m.prov.line_end or m.prov.line_start)])
            m.written = _written(m.name, raw)


def parse_file(path: Path, family: str | None = None) -> Extraction:
    return parse_source(read_source(path), family)
