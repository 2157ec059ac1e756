"""Builds the example documents that are not plain text (.docx), so their content stays
reviewable here. Run from anywhere: `python examples/make_examples.py`. The outputs are
committed too, so a fresh clone needs nothing but `samkart load examples`.

Every name in the examples is invented for the project."""
from __future__ import annotations

from pathlib import Path

from docx import Document

HERE = Path(__file__).resolve().parent

# Danish minutes (danish-minutes family): header fields as a two-column table, numbered items
# with 'Indstilling' and 'Referat'.
DANISH_HEADER = [
    ("Møde", "Klyngestyregruppe Midt"),
    ("Dato", "10. september 2024 kl. 13.00 – 15.00"),
    ("Sted", "Mødelokale 2, Rådhuset, Boulevarden 13, 9000 Aalborg"),
    ("Deltagere", "Birgitte Holmsted, Aalborg Kommune (mødeleder) Jesper Lindkvist Bach, Region Nordjylland "
                  "Signe Brøndum Vestergaard, Jammerbugt Kommune Anders Nørgaard Friis, Aalborg Kommune (sekretariat)"),
    ("Afbud", "Kasper Hjort Mølgaard"),
    ("Referent", "Anders Nørgaard Friis"),
]
DANISH_BODY = [
    "1. Handleplan for Sundhedsklynge Midt v/ Birgitte og Jesper",
    "Sekretariatet har udarbejdet et udkast til handleplan for 2025.",
    "Indstilling:",
    "Det indstilles, at Klyngestyregruppen godkender udkastet til handleplan.",
    "Referat:",
    "Klyngestyregruppen godkendte handleplanen med enkelte rettelser.",
    "2. Eventuelt",
    "Referat:",
    "Intet.",
]


def danish_minutes(path: Path) -> None:
    doc = Document()
    table = doc.add_table(rows=0, cols=2)
    for field, value in DANISH_HEADER:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = field, value
    for line in DANISH_BODY:
        doc.add_paragraph(line)
    # python-docx stamps the creation time; a fixed one keeps the committed file reproducible
    import datetime as dt

    doc.core_properties.created = doc.core_properties.modified = dt.datetime(2024, 9, 10)
    doc.save(str(path))


def main() -> None:
    danish_minutes(HERE / "klyngestyregruppe-midt-2024-09-10.docx")


if __name__ == "__main__":
    main()
