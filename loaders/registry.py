"""The one list of loaders, and picking the best one for a document."""
from __future__ import annotations

from pathlib import Path

from samkart.errors import SamkartError, UnrecognisedDocument
from samkart.loaders.agenda import CaseAgenda
from samkart.loaders.attendance_table import AttendanceTableMinutes
from samkart.loaders.danish_minutes import DanishMinutes
from samkart.loaders.generic import GenericMinutes
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
# families that may read their own layout instead of the passes, when they recognise it this surely
FAMILY_HINT = 0.99

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
        ranked = detect(src)
        confidence, loader = ranked[0]
        if confidence < FAMILY_HINT or not isinstance(loader, Loader):
            loader, confidence = LOADERS[-1], LOADERS[-1].detect(src)
    document = document_for(src, loader.family, confidence)
    extraction = loader.parse(src, document)
    if not extraction.collaboration and (extraction.participants or extraction.memberships or extraction.cases):
        extraction.warnings.append("no collaboration recognised: its bodies are kept apart from every other document's; "
                                   "add the collaboration's name to ontology/collaborations.toml")
    return extraction


def parse_file(path: Path, family: str | None = None) -> Extraction:
    return parse_source(read_source(path), family)
