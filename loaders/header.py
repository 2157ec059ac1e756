"""The header of minutes: body, collaboration, date, time and place, from labelled fields
('Organ', 'Dato:', 'Sted' …, see ontology/headings.toml) or, failing those, from the text above
the participant list."""
from __future__ import annotations

from samkart.loaders.base import find_body_in_lines, find_collaboration
from samkart.loaders.dates import first_date, parse_time
from samkart.loaders.extraction import Extraction, MeetingMention
from samkart.loaders.reading import SourceText
from samkart.loaders.text import clean, clean_cells, provenance
from samkart.ontology import fold, vocabularies


def header_fields(lines: list[str], until: int) -> dict[str, tuple[int, str]]:
    """Label/value pairs in header lines: tab-separated ('<b>Organ</b>\\tStyringsgruppen') or
    'Dato: 14.03.2025'. Only labels from ontology/headings.toml [fields] count."""
    vocab = vocabularies()
    fields: dict[str, tuple[int, str]] = {}
    for index in range(min(until, len(lines))):
        cells = clean_cells(lines[index])
        if len(cells) == 1 and ":" in cells[0]:
            label, _, value = cells[0].partition(":")
            cells = [label, value.strip()]
        for i, cell in enumerate(cells[:-1]):
            label = fold(cell).rstrip(":").strip()
            if label in vocab.fields and cells[i + 1]:
                fields.setdefault(vocab.fields[label], (index + 1, cells[i + 1]))
    return fields


def read_header(src: SourceText, extraction: Extraction, header_end: int) -> None:
    """Fill the extraction's collaboration, body and meeting from the lines before `header_end`
    (0-based index of the first line that is no longer header)."""
    lines = src.lines
    fields = header_fields(lines, header_end + 1)
    head = [clean(l) for l in lines[:header_end]]
    head_text = " ".join(head)
    extraction.collaboration = fields["collaboration"][1] if "collaboration" in fields else find_collaboration(src.text)
    extraction.body = fields["body"][1] if "body" in fields else (find_body_in_lines(head) or find_body_in_lines([clean(l) for l in lines]))
    date = first_date(fields["date"][1]) if "date" in fields else None
    date = date or first_date(head_text)
    time_text = fields["time"][1] if "time" in fields else (fields["date"][1] if "date" in fields else head_text)
    last = max([n for n, _ in fields.values()] + [1])
    extraction.meeting = MeetingMention(date=date, time=parse_time(time_text) or parse_time(head_text),
                                        place=fields["place"][1] if "place" in fields else None,
                                        prov=provenance(extraction.document.id, src, 1, max(1, min(header_end, last))))
    if date is None:
        extraction.warnings.append("no meeting date found in the header")
