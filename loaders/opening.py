"""The header pass: what a document is (minutes, notice, roster, report, other), which
collaboration and body it is about, and the meeting's date, time and place — read from labelled
fields ('Møtedato:', 'Sammanträdesdatum:', 'Møde | Klyngestyregruppen') and from the title lines.

Collaborations nobody curated are taken from the document: a collaboration word with a proper
name beside it ('Helsefellesskapet i Møre og Romsdal', 'Mjøsklyngen helseklynge', 'Sundhedsklynge
Vejle'). The most specific name wins: a bare 'helsefellesskapet' counts only when nothing more
specific is named.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cache

from samkart.loaders.cases import match_case_line
from samkart.loaders.dates import find_dates, parse_time
from samkart.loaders.layout import Item, label_of
from samkart.loaders.lexicon import lexicon
from samkart.loaders.names import body_mention
from samkart.ontology import fold, vocabularies

OPENING = 14  # non-blank items that make a document's opening


@dataclass
class Opening:
    kind: str = "other"
    collaboration: str | None = None
    body: str | None = None
    date: str | None = None
    time: str | None = None
    place: str | None = None
    fields: dict[str, tuple[int, str]] = field(default_factory=dict)  # field → (line, value)
    last_line: int = 1
    from_title: bool = False  # the collaboration is the title line: no collaboration word named one


_SMALL_WORDS = {"i", "til", "for", "og", "av", "af", "på", "med", "fra", "frå", "och", "för", "på", "om", "in"}


def _title_case(text: str) -> str:
    """'HELSEFELLESSKAP FINNMARK' → 'Helsefellesskap Finnmark', 'MØTE I FAGLIG …' → 'Møte i Faglig …';
    short words that are not linking words stay as written (SSU, HF); mixed case is left as written."""
    if not (text.isupper() and len(text) > 3):
        return text

    def word(w: str) -> str:
        if w.lower() in _SMALL_WORDS:
            return w.lower()
        if len(w) <= 3 and w.isalpha():
            return w
        return "-".join(part.capitalize() for part in w.split("-"))

    return " ".join(word(w) for w in text.split())


@cache
def _field_labels() -> tuple[frozenset[str], tuple[int, ...]]:
    """Every field and section label (the vocabularies are fixed), and their lengths, longest first."""
    lex, vocab = lexicon(), vocabularies()
    labels = frozenset({*lex.header_fields, *vocab.fields, *(k for k, v in lex.sections.items() if not v.get("stop"))})
    return labels, tuple(sorted({len(label) for label in labels}, reverse=True))


def _label_starts(folded: str) -> list[int]:
    """Where a label followed by a colon starts in a folded line: the longest label ending where
    the spaces before a colon begin, after a space, a digit, '.', a lower-case letter or the line's
    start. Found from each colon backwards (one alternation of every label, tried at every position,
    was a tenth of the passes' time); a label holds no colon and neither starts nor ends with a space,
    so each colon has at most one."""
    labels, lengths = _field_labels()
    starts: list[int] = []
    at = folded.find(":")
    while at != -1:
        end = at
        while end and folded[end - 1].isspace():
            end -= 1
        for length in lengths:
            start = end - length
            if start < 0 or folded[start:end] not in labels:
                continue
            before = folded[start - 1] if start else ""
            if not before or before.isspace() or before.isdecimal() or before == "." or "a" <= before <= "z":
                starts.append(start)
                break
        at = folded.find(":", at + 1)
    return starts


class _OneLetterFolds(dict):
    """Each character → the first letter of its fold (' ' if it folds to nothing), learnt as met:
    a table for `str.translate`, which keeps the text's length and so its label positions."""

    def __missing__(self, code: int) -> str:
        self[code] = value = fold(chr(code))[:1] or " "
        return value


_ONE_FOLDED = _OneLetterFolds()


def split_fields(text: str) -> list[tuple[str, str]]:
    """'Dato: 29.08.2024 kl. 12.00     Sted: Hamar' and glued 'kl. 09.00-12.00Sted: Drammen' → label/value pairs."""
    if ":" not in text:
        return []
    folded = fold(text)
    if len(folded) != len(text):  # folding changed lengths (æ → ae): cut by the labels as written instead
        folded = text.translate(_ONE_FOLDED)
    found = _label_starts(folded)
    if not found:
        return []  # '10:00–12:00' holds a colon but no label
    cuts = sorted({0, *found})
    cuts = [c for i, c in enumerate(cuts) if i == 0 or c - cuts[i - 1] >= 3]
    pairs = []
    for a, b in zip(cuts, cuts[1:] + [len(text)]):
        chunk = text[a:b].strip(" |")
        label, sep, value = chunk.partition(":")
        if sep:
            pairs.append((label.strip(), value.strip(" |")))
    return pairs


def read_opening(items: list[Item]) -> Opening:
    lex, vocab = lexicon(), vocabularies()
    opening = Opening()
    head = [it for it in items if it.kind != "blank"][:OPENING]
    head_lines: list[tuple[int, str]] = []
    for it in head:
        if match_case_line(it.text):
            break
        pairs = []
        if it.kind == "row":
            for i, cell in enumerate(it.cells[:-1]):
                key = fold(cell).strip(" :")
                if key in lex.header_fields or key in vocab.fields:
                    pairs.append((cell, it.cells[i + 1]))
        pairs += split_fields(it.text) if not pairs else []
        for label, value in pairs:
            key = fold(label).strip(" :")
            name = lex.header_fields.get(key) or vocab.fields.get(key)
            if name == "body" and not names_body(value):
                continue  # 'Organ | Antall møter | Saker' is a table's header, not the body's field
            if name and value:
                opening.fields.setdefault(name, (it.line, value))
                opening.last_line = max(opening.last_line, it.end)
        if not pairs:
            head_lines.append((it.line, _title_case(it.text)))
        elif it.kind == "row":  # 'Strategisk samarbeidsutval      Møtedato: 03.06.2024': the title beside a field
            rest = [c for c in it.cells if c and ":" not in c and fold(c).strip(" :") not in lex.header_fields
                    and fold(c).strip(" :") not in vocab.fields and not find_dates(c)]
            if rest:
                head_lines.append((it.line, _title_case(rest[0])))
    text_head = " ".join(t for _, t in head_lines)
    opening.kind = _kind(head_lines, items, "date" in opening.fields)
    date_source = opening.fields.get("date", (0, ""))[1]
    opening.date = _first(find_dates(date_source)) or _first(find_dates(opening.fields.get("time", (0, ""))[1]))
    if opening.date is None and opening.kind in ("minutes", "notice"):
        for _, text in head_lines:
            if re.search(r"\b(oppdatert|opdateret|uppdaterad|senest|updated)\b", fold(text)):
                continue
            hit = _first(find_dates(text))
            if hit:
                opening.date = hit
                break
    opening.time = parse_time(opening.fields.get("time", (0, ""))[1]) or parse_time(date_source) or parse_time(text_head)
    opening.place = opening.fields.get("place", (0, None))[1]
    body_field = opening.fields.get("body", (0, None))[1]
    collab_field = opening.fields.get("collaboration", (0, None))[1]
    all_text = "\n".join(_title_case(it.text) for it in items if it.kind != "blank")
    opening.collaboration = collab_field or find_collaboration_name([t for _, t in head_lines] + ([body_field] if body_field else []), all_text)
    if body_field:
        opening.body = _strip_collaboration(body_field, opening.collaboration)
    else:
        opening.body = body_in_title([t for _, t in head_lines], opening.collaboration)
    if opening.collaboration is None:
        opening.collaboration = _title_collaboration([t for _, t in head_lines], opening.body)
        opening.from_title = opening.collaboration is not None
    return opening


def _title_collaboration(lines: list[str], body: str | None) -> str | None:
    """No collaboration word anywhere: the document's own title line names it ('Region Jämtland Härjedalen /
    Jämtlands kommuner' above 'Regional samverkansgrupp …'), if there is one that is not its kind, date or body."""
    kinds = lexicon().kinds
    for line in lines[:4]:
        text = line.strip(" *#|")
        folded = fold(text)
        from samkart.loaders.person_names import leading_name

        if not text or folded in kinds or label_of(text) or folded in lexicon().columns or "|" in text or find_dates(text) \
                or leading_name(text, strict=True) or (body and fold(body) in folded) or names_body(text) \
                or len(text.split()) > 8 or not re.search(r"[A-ZÆØÅÄÖ]", text) or ":" in text:
            continue
        return text
    return None


def _first(dates: list[tuple[int, str]]) -> str | None:
    return dates[0][1] if dates else None


def _kind(head_lines: list[tuple[int, str]], items: list[Item], has_date_field: bool = False) -> str:
    kinds = lexicon().kinds
    seen: set[str] = set()
    for _, text in head_lines[:8]:
        words = fold(text).replace("–", " ").split()
        for n in (3, 2, 1):
            for i in range(len(words) - n + 1):
                phrase = " ".join(words[i: i + n]).strip(" :.,")
                if phrase in kinds:
                    seen.add(kinds[phrase])
    for kind in ("minutes", "notice", "report", "roster", "other"):  # 'Referat … medlemmer' is minutes
        if kind in seen:
            return kind
    # minutes without a title word: people listed as present or absent (members, not only a secretariat)
    # in a document that gives a date near its top; a page listing members under headings is a roster
    labels = [label_of(it.text.split(":")[0]) for it in items if it.kind != "blank"]
    attendance = any(l and l.get("status") in ("present", "absent") and l.get("capacity", "member") == "member" for l in labels)
    cases = sum(1 for it in items if it.kind != "blank" and match_case_line(it.cells[0] if it.kind == "row" else it.text))
    dated = any(find_dates(t) for _, t in head_lines[:8]) or has_date_field
    if dated and (attendance or cases >= 2):
        return "minutes"
    return "other"


# --- collaborations -------------------------------------------------------------------------

_CAP = r"[A-ZÆØÅÄÖ][\wæøåäöÆØÅÄÖ'\-]*"
_PLACE_TAIL = r"(?:[ \t]+(?:län|lan|fylke|amt|kommune|region|nord|sør|syd|øst|ost|vest|väst|nordost|nordväst|sydost|sydväst|nordøst|sørøst|sørvest|nordvest|midt))?"
_NAME_AFTER = rf"(?:[ \t]+(?:i|for|för|på))?[ \t]+(?P<name>{_CAP}(?:(?:[ \t]+|,[ \t]+|[ \t]+(?:og|och|i)[ \t]+){_CAP})*{_PLACE_TAIL})"


def collaboration_mentions(text: str) -> list[str]:
    """Collaborations named in `text` by a collaboration word and a proper name, as written."""
    types = lexicon().collaboration_types
    found: list[str] = []
    for m in re.finditer(r"[\wæøåäöÆØÅÄÖ]+", text):
        word = fold(m.group(0))
        if word not in types:
            continue
        after = re.match(_NAME_AFTER, text[m.end():])
        if after and not re.match(r"^(og|och|i|for)\b", fold(after.group("name"))):
            name = after.group("name").rstrip(", ")
            # 'Helsefellesskap Lofoten, Vesterålen og Salten' keeps its list; 'Innlandet, Hamar' does not
            if "," in name and not re.search(r"\s(og|och)\s", name):
                name = name.split(",")[0]
            found.append((text[m.start(): m.end()] + text[m.end(): m.end() + after.end()]).replace(after.group("name"), name).strip())
            continue
        before = re.search(rf"({_CAP}(?:[ \t]+läns?)?)[ \t]+$", text[max(0, m.start() - 40): m.start()])  # 'Västmanlands läns vårdsamverkan'
        if before and m.group(0)[:1].islower() and fold(before.group(1)) not in lexicon().titles \
                and not vocabularies().body_type_key(before.group(1)) and not re.match(r"^(Det|Den|De|Vi|Og|I)$", before.group(1)):
            found.append(f"{before.group(1)} {m.group(0)}")
    return found


def _generic(alias: str) -> bool:
    return fold(alias) in lexicon().collaboration_types


def find_collaboration_name(head: list[str], text: str) -> str | None:
    """The most specific collaboration the document names: its opening first, then its text;
    curated names and names read from the text before a bare collaboration word."""
    vocab = vocabularies()
    for scope in ("\n".join(head), text):
        folded = fold(scope)
        counts: Counter[str] = Counter()
        for alias, key in vocab.collaboration_aliases():
            if _generic(alias) or len(alias) < 3 or alias not in folded:
                continue
            hits = len(re.findall(r"(?<![\w])" + re.escape(alias) + r"(?![\w])", folded))
            if hits:
                counts[vocab.collaborations[key].name] += hits * (len(alias) + 10)
        for name in collaboration_mentions(scope):
            key = vocab.collaboration_key(name)
            counts[vocab.collaborations[key].name if key else name] += len(name) + 10
        if counts:
            return counts.most_common(1)[0][0]
    place = _county(text)
    folded = fold(text)
    for word, base in lexicon().collaboration_types.items():
        if re.search(rf"\b{re.escape(word)}\b", folded):
            for alias, key in vocab.collaboration_aliases():
                if _generic(alias) and fold(alias) == word and not place:
                    return vocab.collaborations[key].name
            if place:
                return f"{_as_written(text, word)} {place}"
    return None


def _as_written(text: str, folded_word: str) -> str:
    for m in re.finditer(r"[\wæøåäöÆØÅÄÖ]+", text):
        if fold(m.group(0)) == folded_word:
            return m.group(0)[:1].upper() + m.group(0)[1:]
    return folded_word.capitalize()


def _county(text: str) -> str | None:
    """The county a document speaks of most ('Region Kalmar län' → 'Kalmar län')."""
    counts = Counter(m.group(1) for m in re.finditer(rf"({_CAP}\s+(?:län|fylke|amt))\b", text))
    return counts.most_common(1)[0][0] if counts else None


def _strip_collaboration(text: str, collaboration: str | None) -> str:
    """'Klyngestyregruppen, Sundhedsklynge Vejle' → 'Klyngestyregruppen'."""
    if collaboration:
        folded, key = fold(text), fold(collaboration)
        at = folded.find(key)
        if at > 0:
            text = text[:at]
    for name in collaboration_mentions(text):
        at = text.find(name)
        if at > 0:
            text = text[:at]
    return text.strip(" ,;:–-").removesuffix(" i").removesuffix(" for").strip(" ,;:–-")


@cache  # the lexicon is fixed: escaping its words on every title line was a tenth of the passes' time
def _kind_words() -> str:
    """The kinds of document (passes.toml [kinds]) as one alternation, longest first."""
    return "(?:" + "|".join(re.escape(k) for k in sorted(lexicon().kinds, key=len, reverse=True)) + ")"


def body_in_title(lines: list[str], collaboration: str | None) -> str | None:
    """The body named by the title lines: the phrase left when the collaboration, the kind of
    document and the date are taken away, if it names a body type or ends in a body word."""
    for line in lines[:8]:
        candidates = [line]
        if collaboration and fold(collaboration) in fold(line):
            at = fold(line).find(fold(collaboration))
            # 'Referat fra møde i Sundhedsklynge Aalborg – Klyngestyregruppen': the body may stand on either side
            candidates = [line[:at], line[at + len(collaboration):]] if len(fold(line)) == len(line) else [_strip_collaboration(line, collaboration)]
        for text in candidates:
            found = _body_phrase(text)
            if found:
                return found
    return None


def fold_title(text: str) -> str:
    """Kind words are matched folded ('Møtebok' → 'motebok'); the rest of the line keeps its letters."""
    folded = fold(text)
    m = re.match(rf"^{_kind_words()}\b", folded)
    if m and len(folded) == len(text):
        return folded[: m.end()] + text[m.end():]
    return text


def _body_phrase(text: str) -> str | None:
    """What is left of a title line once the kind of document, 'møte i' and the date are taken away, if it names a body."""
    if text.count(" | ") > 1:
        return None  # a table's header or row is no title
    for _once in (1,):
        text = text.strip(" –—-:,|")
        text = re.sub(rf"^{_kind_words()}\b\s*[–—:\-]?\s*(?:til\s+|fra\s+|frå\s+|från\s+)?", "", fold_title(text), flags=re.IGNORECASE)
        for _ in range(2):  # 'Referat af møde i …', 'Protokoll från sammanträde …'
            text = re.sub(r"^(?:fra|frå|från|fra|af|av|i|til)\s+|^(?:møte|møde|möte|mødet|møtet|sammanträde)\s*(?:i|med|for)?\s*$|"
                          r"^(?:møte|møde|möte|mødet|møtet|sammanträde)\s+(?:i|med|for|för)\s+", "", text, flags=re.IGNORECASE).strip()
        text = re.sub(r"^(?:medlemmer|medlemmar|ledamöter|members|medlemsliste|sammensætning|sammensetning)\s+(?:i|av|af|of|för|for)\s+", "",
                      text, flags=re.IGNORECASE)
        text = re.sub(r"\s+\d{1,2}\.?\s+\w+\s+\d{4}.*$|\s+\d{1,2}\.\d{1,2}\.\d{2,4}.*$|\s+\d{4}-\d{2}-\d{2}.*$", "", text)
        text = re.sub(r"^\d+(?:\.\d+)*\.?\s+", "", text.strip(" –—-:,|"))
        # 'Klyngeledelsen tirsdag den', 'Strategisk samarbeidsutvalg fra': weekday and period words left by the date
        text = re.sub(r"(?:\s+(?:mandag|tirsdag|onsdag|torsdag|fredag|lørdag|søndag|måndag|tisdag|tysdag|fredag|den|fra|frå|från|"
                      r"per|pr\.|fom|f\.o\.m\.|kl\.?|i|for|för|af|av|of|in|på))+\s*$", "", text, flags=re.IGNORECASE).strip(" –—-:,")
        text = re.sub(rf"\s*[–—-]\s*{_kind_words()}$", "", text, flags=re.IGNORECASE) if re.search(rf"[–—-]\s*{_kind_words()}$", fold(text)) else text
        if not text or len(text.split()) > 9 or re.match(rf"^{_kind_words()}$", fold(text)):
            return None
        # 'styringsgruppemøte': a meeting of the body the compound names
        stem = re.sub(r"(?<=\w{5})(?:møte|møtet|møde|mødet|möte|mötet)$", "", text)
        if stem != text and names_body(stem):
            text = stem
        if names_body(text):
            return text[:1].upper() + text[1:]
    return None


def names_body(text: str) -> bool:
    """Does a short phrase name a body? A body type of bodies.toml, or a word ending in a body noun."""
    if body_mention(text):
        return True
    nouns = lexicon().body_nouns
    words = [w.lower() for w in re.findall(r"[\wæøåäöÆØÅÄÖ\-]+", re.sub(r"\([^)]*\)", "", text))]
    skip = lexicon().not_body_words
    return any(w.endswith(noun) for w in words if w not in skip for noun in nouns if len(w) >= len(noun))
