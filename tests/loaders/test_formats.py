"""Every family read from the same content as .txt, .docx, .pdf and .html, built here the way
those originals hold it (tab-separated rows become Word and HTML tables; a PDF has no tabs)."""
from __future__ import annotations

import html as htmllib
from pathlib import Path

import pytest

from samkart.loaders import parse_file
from tests.loaders.test_agenda import VARIANT as AGENDA
from tests.loaders.test_danish_minutes import VARIANT as DANISH
from tests.loaders.test_grouped_minutes import VARIANT as GROUPED
from tests.loaders.test_roster import VARIANT as ROSTER


def as_txt(text: str, path: Path) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def as_docx(text: str, path: Path) -> Path:
    import docx

    document = docx.Document()
    rows: list[list[str]] = []

    def flush() -> None:
        if rows:
            width = max(len(r) for r in rows)
            table = document.add_table(rows=len(rows), cols=width)
            for i, row in enumerate(rows):
                for j, value in enumerate(row):
                    table.cell(i, j).text = value
            rows.clear()

    for line in text.splitlines():
        if "\t" in line:
            rows.append(line.split("\t"))
        else:
            flush()
            document.add_paragraph(line)
    flush()
    document.save(path)
    return path


def as_html(text: str, path: Path) -> Path:
    parts = ["<!doctype html><html><body><nav><a href='/'>Hjem</a></nav><main>"]
    in_table = False
    for line in text.splitlines():
        if "\t" in line:
            if not in_table:
                parts.append("<table>")
                in_table = True
            parts.append("<tr>" + "".join(f"<td>{htmllib.escape(c)}</td>" for c in line.split("\t")) + "</tr>")
            continue
        if in_table:
            parts.append("</table>")
            in_table = False
        if line.startswith("- "):
            parts.append(f"<ul><li>{htmllib.escape(line[2:])}</li></ul>")
        elif line.strip():
            parts.append(f"<p>{htmllib.escape(line)}</p>")
    parts.append("</main><footer>Personvern</footer></body></html>")
    path.write_text("\n".join(parts), encoding="utf-8")
    return path


def as_pdf(text: str, path: Path) -> Path:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("Helvetica", 9)
    y = 810
    for line in text.splitlines():
        c.drawString(36, y, line.replace("\t", ": ", 1).replace("\t", " "))
        y -= 12
        if y < 40:
            c.showPage()
            c.setFont("Helvetica", 9)
            y = 810
    c.save()
    return path


FORMATS = {"txt": as_txt, "docx": as_docx, "html": as_html, "pdf": as_pdf}


def check_grouped(e):
    people = {p.name: p for p in e.participants}
    assert people["Per Olav Dahl"].organisation == "Helse Bergen" and people["Arne Nes"].status == "absent"
    assert {c.identifier for c in e.cases} == {"05/25", "06/25"}


def check_danish(e):
    people = {p.name: p for p in e.participants}
    assert people["Lise Kjær"].status == "absent" and people["Søren Holm"].organisation == "Vejle Kommune"
    assert e.meeting.date == "2024-03-04" and [c.identifier for c in e.cases] == ["1", "2"]


def check_agenda(e):
    cases = {c.identifier: c for c in e.cases}
    assert cases["12/22"].decision_text == "Styringsgruppa godkjenner budsjettet." and e.participants == []


def check_roster(e):
    members = {m.name: m for m in e.memberships}
    assert set(members) == {"Kari Nordmann", "Ola Hansen", "Per Dahl", "Lise Berg", "Nils Aas"}
    assert members["Per Dahl"].end == "2024" and members["Lise Berg"].role == "leder"


CASES = {"grouped": (GROUPED, check_grouped), "danish": (DANISH, check_danish), "agenda": (AGENDA, check_agenda), "roster": (ROSTER, check_roster)}


@pytest.mark.parametrize("fmt", list(FORMATS))
@pytest.mark.parametrize("family", list(CASES))
def test_family_in_every_format(tmp_path, family, fmt):
    text, check = CASES[family]
    path = FORMATS[fmt](text, tmp_path / f"{family}.{fmt}")
    check(parse_file(path))
