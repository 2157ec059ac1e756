"""Turn a file of any supported format into lines of text, with page numbers where known.

Formats: .txt/.md (any encoding we can detect), .html/.htm, .docx, .pdf. Everything that goes
wrong here is an `UnreadableDocument` naming the file, never a crash.
"""
from __future__ import annotations

import codecs
import hashlib
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from samkart.errors import UnreadableDocument
from samkart.limits import LIMITS, MIB, over

MAX_BYTES = 50 * 1024 * 1024  # minutes are kilobytes; anything this large is not a document of ours
TEXT_SUFFIXES = {".txt", ".md", ".text", ".markdown", ""}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
SUPPORTED = TEXT_SUFFIXES | HTML_SUFFIXES | {".docx", ".pdf"}


@dataclass
class SourceText:
    path: Path
    sha256: str
    format: str
    text: str
    pages: list[int] = field(default_factory=list)  # page number of each line (PDF), else empty
    _lines: list[str] | None = field(default=None, repr=False, compare=False)
    _lines_of: str | None = field(default=None, repr=False, compare=False)

    @property
    def lines(self) -> list[str]:
        # split once: loaders ask for lines once per mention (provenance), and re-splitting a
        # large text on every call made loading quadratic in its size
        if self._lines is None or self._lines_of is not self.text:
            self._lines, self._lines_of = self.text.split("\n"), self.text
        return self._lines

    def page_of(self, line_no: int) -> int | None:
        """Page of a 1-based line number, for PDF provenance."""
        if not self.pages or line_no < 1 or line_no > len(self.pages):
            return None
        return self.pages[line_no - 1]


def read_source(path: Path) -> SourceText:
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise UnreadableDocument(path, f"cannot open: {exc.strerror or exc}") from exc
    if size == 0:
        raise UnreadableDocument(path, "the file is empty")
    if size > MAX_BYTES:
        raise UnreadableDocument(path, f"the file is {size // (1024 * 1024)} MiB, over the {MAX_BYTES // (1024 * 1024)} MiB limit for one document",
                                 hint="split it, or load the minutes it contains one by one")
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    suffix = path.suffix.lower()
    pages: list[int] = []
    if suffix == ".docx":
        text, fmt = _docx_text(path, data), "docx"
    elif suffix == ".pdf":
        text, pages = _pdf_text(path, data)
        fmt = "pdf"
    elif suffix in HTML_SUFFIXES or (suffix not in {".docx", ".pdf"} and _looks_like_html(data)):
        text, fmt = _html_text(_decode(path, data)), "html"
    elif suffix in TEXT_SUFFIXES or suffix not in SUPPORTED:
        if data[:4] == b"PK\x03\x04":
            raise UnreadableDocument(path, "this is a ZIP/Office file without a .docx name", hint="rename it to .docx if it is a Word document")
        if data[:5] == b"%PDF-":
            text, pages = _pdf_text(path, data)
            fmt = "pdf"
        else:
            text, fmt = _decode(path, data), "txt"
    else:  # pragma: no cover - all suffixes handled above
        raise UnreadableDocument(path, f"unsupported format {suffix}")
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x0c", "\n")
    if len(text) > LIMITS.text_chars():
        raise _over(path, "the document has", "max_text_mb", f"{len(text) / MIB:.1f} MiB of text")
    if not text.strip():
        raise UnreadableDocument(path, "the document has no text" + (" (a scanned PDF without a text layer?)" if fmt == "pdf" else ""))
    return SourceText(path=path, sha256=digest, format=fmt, text=text, pages=pages)


def _looks_like_html(data: bytes) -> bool:
    head = data[:2048].lstrip().lower()
    return head.startswith(b"<!doctype html") or head.startswith(b"<html")


def _decode(path: Path, data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 by BOM, else a detected legacy encoding (cp1252, latin-1)."""
    if data.startswith(codecs.BOM_UTF8):
        return _strict(path, data[3:], "utf-8")
    if data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        return _strict(path, data, "utf-16")
    if _nul_ratio(data) > 0.2 and _looks_utf16(data):
        return _strict(path, data, "utf-16-le" if data[1:2] == b"\x00" else "utf-16-be")
    if b"\x00" in data[:8192]:
        raise UnreadableDocument(path, "this looks like a binary file, not text", hint="samkart reads .txt, .md, .html, .docx and .pdf")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = _legacy(path, data)
    if _control_ratio(text) > 0.05:
        raise UnreadableDocument(path, "this looks like a binary file, not text", hint="samkart reads .txt, .md, .html, .docx and .pdf")
    return text


def _strict(path: Path, data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise UnreadableDocument(path, f"declared {encoding} but byte {exc.start} is invalid (truncated?)") from exc


def _legacy(path: Path, data: bytes) -> str:
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=["cp1252", "latin_1", "iso8859_15", "cp865", "mac_roman"]).best()
    if best is None:
        raise UnreadableDocument(path, "the text encoding could not be detected", hint="save the file as UTF-8")
    return str(best)


def _nul_ratio(data: bytes) -> float:
    sample = data[:4096]
    return sample.count(0) / max(1, len(sample))


def _looks_utf16(data: bytes) -> bool:
    sample = data[:4096]
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    return max(even, odd) > 0.3 * (len(sample) / 2) and min(even, odd) < 0.05 * (len(sample) / 2)


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def _control_ratio(text: str) -> float:
    sample = text[:8192]
    return len(_CONTROL.findall(sample)) / max(1, len(sample))


def _over(path: Path, what: str, field: str, actual: str) -> UnreadableDocument:
    reason, hint = over(what, field, actual)
    return UnreadableDocument(path, reason, hint=hint)


def _check_unpacked(path: Path, data: bytes) -> None:
    """A zip's declared sizes bound what unpacking it costs (zipfile never inflates a member
    past its declared size), so a zip bomb is refused before anything is inflated."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            total = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError):
        return  # damaged: the reader below says so
    if total > LIMITS.max_unpacked_mb * MIB:
        raise _over(path, "the document unpacks to", "max_unpacked_mb", f"{total / MIB:.0f} MiB")


def _docx_text(path: Path, data: bytes) -> str:
    """Paragraphs and tables in body order; table rows become tab-separated lines."""
    _check_unpacked(path, data)
    try:
        import docx
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise UnreadableDocument(path, f"not a readable Word document ({exc.__class__.__name__}: truncated or damaged?)") from exc
    except Exception as exc:  # python-docx raises assorted errors on damaged packages
        raise UnreadableDocument(path, f"not a readable Word document: {exc}") from exc
    lines: list[str] = []
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(Paragraph(child, document).text)
        elif tag == "tbl":
            for row in Table(child, document).rows:
                cells: list[str] = []
                for cell in row.cells:
                    value = cell.text.replace("\n", " ").strip()
                    if cells and cell._tc is getattr(row.cells[len(cells) - 1], "_tc", None):
                        continue  # merged cell repeated by python-docx
                    cells.append(value)
                lines.append("\t".join(cells))
            lines.append("")
    return "\n".join(lines)


def _pdf_text(path: Path, data: bytes) -> tuple[str, list[int]]:
    try:
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise UnreadableDocument(path, "the PDF is encrypted and needs a password",
                                     hint="save an unprotected copy (or one that opens without a password) and load that")
        if len(reader.pages) > LIMITS.max_pdf_pages:
            raise _over(path, "the PDF has", "max_pdf_pages", f"{len(reader.pages)} pages")
        page_texts, size = [], 0
        for page in reader.pages:
            page_texts.append(page.extract_text() or "")
            size += len(page_texts[-1])
            if size > LIMITS.text_chars():
                raise _over(path, "the PDF has more than", "max_text_mb", f"{size / MIB:.1f} MiB of text")
    except UnreadableDocument:
        raise
    except Exception as exc:  # pypdf raises PdfReadError and assorted errors on truncated files
        if "cryptography" in str(exc) or "AES" in str(exc):
            raise UnreadableDocument(path, f"the PDF is encrypted with AES, which needs the `cryptography` package ({exc})",
                                     hint="pip install cryptography") from exc
        raise UnreadableDocument(path, f"not a readable PDF ({exc.__class__.__name__}: truncated or damaged?)") from exc
    lines: list[str] = []
    pages: list[int] = []
    for number, page_text in enumerate(page_texts, start=1):
        for line in page_text.replace("\r\n", "\n").split("\n"):
            lines.append(line)
            pages.append(number)
    return "\n".join(lines), pages


_BLOCK_TAGS = {"p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "br", "section", "article", "dt", "dd", "ul", "ol", "table"}


def _row_cells(row, pending: dict[int, tuple[int, str]]) -> list[str]:
    """A table row's cells as a grid: a cell spanning rows (rowspan) is repeated in the rows below it,
    one spanning columns (colspan) fills them, so every row has its columns where the header has them."""
    out: list[str] = []
    cells = row.find_all(["td", "th"], recursive=False) or row.find_all(["td", "th"])
    queue = list(cells)
    col = 0
    while queue or col in pending:
        if col in pending:
            left, text = pending[col]
            out.append(text)
            if left <= 1:
                del pending[col]
            else:
                pending[col] = (left - 1, text)
            col += 1
            continue
        cell = queue.pop(0)
        text = " ".join(cell.get_text(" ", strip=True).replace("\ue000", ", ").split())
        for _ in range(max(1, _span(cell, "colspan"))):
            out.append(text)
            if _span(cell, "rowspan") > 1:
                pending[col] = (_span(cell, "rowspan") - 1, text)
            col += 1
    return out


def _span(cell, attribute: str) -> int:
    try:
        return min(50, int(str(cell.get(attribute, "1")).strip() or 1))  # bounded: a hostile page cannot blow a row up
    except ValueError:
        return 1


def _html_text(html: str) -> str:
    """Keep headings, paragraphs, lists and tables (cells tab-separated); drop navigation and footers."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["script", "style", "nav", "footer", "header", "noscript", "form", "aside", "template"]):
        tag.decompose()
    for tag in soup.find_all(attrs={"role": ["navigation", "banner", "contentinfo"]}):
        tag.decompose()
    main = soup.find("main") or soup.find("article") or soup.body or soup
    for br in main.find_all("br"):  # a line break inside a paragraph or cell separates entries
        br.replace_with("\ue000")
    lines: list[str] = []
    spans: dict[int, dict[int, tuple[int, str]]] = {}  # per table: column → (rows still to fill, text)
    for element in main.find_all(["h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "tr", "dt", "dd"]):
        if element.name == "tr":
            lines.append("\t".join(_row_cells(element, spans.setdefault(id(element.find_parent("table")), {}))))
        elif element.find(["p", "li", "tr"]) is None:  # innermost block only, so text is not repeated
            parts = [" ".join(p.split()) for p in element.get_text(" ", strip=True).split("\ue000") if p.strip()]
            for text in parts or [""]:
                if element.name == "li":
                    text = "- " + text
                elif element.name.startswith("h"):
                    text = "#" * int(element.name[1]) + " " + text
                lines.append(text)
    if not lines:
        lines = [line.strip() for line in main.get_text("\n").split("\n")]
    return "\n".join(lines)
