from __future__ import annotations

import io

import pytest

from samkart.errors import UnreadableDocument
from samkart.loaders import parse_file
from samkart.loaders.reading import read_source
from tests.conftest import write

NAMES = "Kommunehelsetjenesten: Åse Ødegård (OU Voss), Bjørn Ærø (OU Bergen)\nForfall: Kåre Øye, Lene Lie\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1252", "latin-1"])
def test_encodings(tmp_path, encoding):
    path = write(tmp_path / f"{encoding}.txt", "Referat Strategisk samarbeidsutvalg 1. mars 2024\n" + NAMES, encoding)
    e = parse_file(path)
    names = {p.name for p in e.participants}
    assert {"Åse Ødegård", "Bjørn Ærø", "Kåre Øye"} <= names


def test_empty_file(tmp_path):
    with pytest.raises(UnreadableDocument, match="empty"):
        read_source(write(tmp_path / "empty.txt", ""))


def test_whitespace_only(tmp_path):
    with pytest.raises(UnreadableDocument, match="no text"):
        read_source(write(tmp_path / "blank.txt", "  \n\n\t\n"))


def test_binary_file(tmp_path):
    path = tmp_path / "image.txt"
    path.write_bytes(bytes(range(256)) * 40)
    with pytest.raises(UnreadableDocument, match="binary") as info:
        read_source(path)
    assert str(path) in str(info.value)


def test_truncated_docx_and_pdf(tmp_path, seeds):
    docx = tmp_path / "cut.docx"
    docx.write_bytes(_docx_bytes(["Hei"])[:200])
    with pytest.raises(UnreadableDocument, match="Word"):
        read_source(docx)
    pdf = tmp_path / "cut.pdf"
    pdf.write_bytes(b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog")
    with pytest.raises(UnreadableDocument):
        read_source(pdf)


def test_no_document_is_refused_for_its_layout(tmp_path):
    path = write(tmp_path / "poem.txt", "Det var en gang en katt.\nDen likte fisk.\n")
    e = parse_file(path)
    assert e.document.family == "layout-agnostic"
    assert not e.participants and not e.memberships and not e.cases
    assert any("nothing found" in w for w in e.warnings)


def _docx_bytes(paragraphs: list[str], table: list[list[str]] | None = None) -> bytes:
    import docx

    document = docx.Document()
    for p in paragraphs:
        document.add_paragraph(p)
    if table:
        t = document.add_table(rows=len(table), cols=len(table[0]))
        for i, row in enumerate(table):
            for j, value in enumerate(row):
                t.cell(i, j).text = value
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_docx_with_real_table_reads_as_attendance_minutes(tmp_path, seeds):
    head = ["Referat", "Prosjekt\tAlrek helseklynge"]
    table = [["Organisasjon", "Navn", "Kode", "Møtt"], ["NORCE", "Tonje Fyhn", "TF", "x"], ["Helse Bergen", "Ola Dal", "OD", ""]]
    body = ["Organ: Styringsgruppen", "Dato: 02.09.2024", "", "Sak 20-24 Budsjett", "Vedtak: Godkjent budsjett."]
    import docx

    document = docx.Document()
    for p in head + body[:2]:
        document.add_paragraph(p)
    t = document.add_table(rows=3, cols=4)
    for i, row in enumerate(table):
        for j, value in enumerate(row):
            t.cell(i, j).text = value
    for p in body[2:]:
        document.add_paragraph(p)
    path = tmp_path / "referat.docx"
    document.save(path)
    e = parse_file(path)
    assert e.document.format == "docx" and e.document.family in ("attendance-table-minutes", "layout-agnostic")
    people = {p.name: p.status for p in e.participants}
    assert people == {"Tonje Fyhn": "present", "Ola Dal": "absent"}
    assert e.cases[0].identifier == "20-24" and e.cases[0].decision_text == "Godkjent budsjett."


def test_html_members_page(tmp_path):
    html = """<!doctype html><html><head><title>x</title><script>var x = "Ola Nordmann";</script></head><body>
    <nav><ul><li>Hjem</li><li>Om oss</li><li>Kontakt</li></ul></nav>
    <main><h1>Styringsgruppe – Alrek helseklynge</h1>
    <ul><li>Kari Nordmann — Helse Bergen</li><li>Per Hansen — Universitetet i Bergen</li><li>Nina Dahl, leder, NORCE</li></ul></main>
    <footer><p>Ola Nordmann — redaktør</p></footer></body></html>"""
    path = write(tmp_path / "members.html", html)
    e = parse_file(path)
    assert e.document.format == "html" and e.document.family in ("roster", "layout-agnostic")
    members = {m.name: m for m in e.memberships}
    assert set(members) == {"Kari Nordmann", "Per Hansen", "Nina Dahl"}  # nothing from nav, footer, script
    assert members["Per Hansen"].organisation == "Universitetet i Bergen"
    assert all(m.body.lower().startswith("styringsgruppe") for m in e.memberships)


def test_pdf_text_layer_keeps_pages(tmp_path, seeds):
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    path = tmp_path / "ssu.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("Helvetica", 10)
    y = 800
    for line in ["Referat Strategisk samarbeidsutvalg (SSU) 1. mars 2024", "Kommunehelsetjenesten: Kari Fjell (OU Voss), Per Dahl (OU Bergen)",
                 "Forfall: Nina Berg"]:
        c.drawString(40, y, line)
        y -= 14
    c.showPage()
    c.setFont("Helvetica", 10)
    c.drawString(40, 800, "Sak 07/24 Budsjett")
    c.drawString(40, 786, "Vedtak: SSU godkjenner budsjettet.")
    c.save()
    e = parse_file(path)
    assert e.document.format == "pdf"
    people = {p.name: p for p in e.participants}
    assert people["Kari Fjell"].prov.page == 1
    assert e.cases[0].prov.page == 2 and e.cases[0].decision_text == "SSU godkjenner budsjettet."
