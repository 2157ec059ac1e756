"""Facts stated in running text, in nb, nn, da and sv: who was there or sent apologies ('Til stede
var …', 'X hadde meldt forfall', 'Y møtte som vara for ham'), who sits where ('AU har bestått av
…', 'Utvalget har vært ledet av X'), since and until when ('var medlem fram til 30. juni 2023'),
and who took over after whom ('ble etterfulgt av', 'afløses af', 'efterträder').

Sentences are read clause by clause; every name found is a person only if its first word is a
known given name. The phrases are data (ontology/passes.toml [prose]).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from samkart.loaders.beside import Beside, _period, after_phrase, read_beside
from samkart.loaders.dates import date_or_year
from samkart.loaders.cases import match_case_line
from samkart.loaders.layout import Item, label_of
from samkart.loaders.lexicon import lexicon
from samkart.loaders.names import body_mention
from samkart.loaders.opening import names_body
from samkart.loaders.person_names import FoundName, find_names
from samkart.ontology import fold

_PRONOUNS = {"han", "hun", "ham", "henne", "hon", "honom", "hende", "hen", "denne", "vedkommende"}
_ABBREVIATIONS = {"jf", "jfr", "kl", "ca", "dvs", "bl.a", "f.eks", "t.o.m", "f.o.m", "sign", "nr", "pkt", "adm", "dir", "mv", "osv"}


@dataclass
class Fact:
    name: str
    line: int
    end: int
    raw: str
    beside: Beside
    attendance: str | None = None  # present | absent
    membership: bool = False
    body: str | None = None


def sentences(text: str) -> list[str]:
    """Split at '.', '!', '?' and ';' — not after initials, numbers or abbreviations."""
    out, start = [], 0
    for m in re.finditer(r"[.;!?](?=\s+[A-ZÆØÅÄÖ(]|\s*$)", text):
        before = text[start: m.start()].split()
        last = before[-1] if before else ""
        if m.group(0) == "." and (re.fullmatch(r"[A-ZÆØÅ]|\d{1,2}", last) or fold(last) in _ABBREVIATIONS):
            continue
        out.append(text[start: m.end()].strip())
        start = m.end()
    if text[start:].strip():
        out.append(text[start:].strip())
    return out


def _has(text: str, group: str) -> str | None:
    """The first phrase of a [prose] group found in `text` (folded), or None."""
    found = lexicon().phrase_pattern(group).findall(fold(text))
    return max(found, key=len) if found else None


CASES = "\x00cases"  # paragraphs of case text: people named there are mentions, not attendance


def paragraphs(items: list[Item], skip: set[int], stop_at_first_case: bool) -> list[tuple[list[Item], str | None]]:
    """Runs of text lines (with the body heading above them, in reports); with `stop_at_first_case`,
    the heading of runs inside the cases is the marker CASES."""
    out: list[tuple[list[Item], str | None]] = []
    current: list[Item] = []
    heading: str | None = None
    in_cases = False
    for item in items:
        boundary = item.kind in ("blank", "heading", "row") or item.line in skip or label_of(item.text.split(":")[0]) is not None \
            or match_case_line(item.text) is not None or re.match(r"^\d+(?:\.\d+)+\s+\S", item.text)
        if boundary:
            if current:
                out.append((current, heading))
                current = []
            if match_case_line(item.text) and stop_at_first_case:
                in_cases, heading = True, CASES
            if in_cases:
                continue
            text = re.sub(r"^#+\s*|^\d+(?:\.\d+)*\.?\s+", "", item.text).strip()
            if item.kind == "heading" or re.match(r"^\d+(?:\.\d+)+\s+\S", item.text):
                heading = text if names_body(text) and len(text.split()) <= 8 else None
            continue
        current.append(item)
    if current:
        out.append((current, heading))
    return out


def prose_facts(items: list[Item], kind: str, skip: set[int]) -> list[Fact]:
    facts: list[Fact] = []
    lex = lexicon()
    minutes = kind in ("minutes", "notice")
    for run, heading in paragraphs(items, skip, stop_at_first_case=minutes):
        text = " ".join(it.text for it in run)
        raw = "\n".join(it.raw for it in run)
        line, end = run[0].line, run[-1].end
        previous_sentence_people: list[Fact] = []
        in_case = heading == CASES
        if in_case:
            named = _named_in_case_text(text, line, end, raw)
            facts.extend(named)
        for sentence in sentences(text):
            opening_present = _has(sentence, "present_opening")
            sentence_people: list[Fact] = []
            names = find_names(sentence, strict=True)
            stood_down: str | None = None
            for i, found in enumerate(names):
                nxt = names[i + 1].start if i + 1 < len(names) else len(sentence)
                prev_end = names[i - 1].end if i else 0
                before, after = sentence[prev_end: found.start], sentence[found.end: nxt]
                beside = _beside(before, after, found)
                fact = Fact(found.name, line, end, raw, beside)
                # clause of this name: up to the next ';' or sentence end
                if _has(after, "absent_after"):
                    fact.attendance = "absent"
                elif _has(after, "present_after") or (opening_present and fold(sentence).find(opening_present) < len(fold(sentence[: found.start]))):
                    fact.attendance = "present"
                for cap in lex.prose.get("capacity_words", ()):
                    if re.search(rf"(?<![\w]){re.escape(fold(cap['text']))}(?![\w])", fold(sentence)):
                        beside.capacity = beside.capacity or cap.get("capacity")
                        if cap.get("role") and not beside.role:
                            beside.role = cap["role"]
                sub = _has(after, "substitute")
                if sub:
                    target = [w.strip(".,;:()") for w in fold(after_phrase(after, sub)).split()]
                    if target and target[0] in _PRONOUNS:
                        earlier = [f for f in previous_sentence_people + sentence_people if f.name != found.name]
                        if earlier:
                            beside.substitute_for = earlier[-1].name
                    elif i + 1 < len(names):
                        beside.substitute_for = names[i + 1].name
                    if beside.substitute_for and re.search(r"\bvara\b", fold(after)):
                        beside.role = beside.role or "vara"
                led = _has(before, "led_by")
                if led:
                    beside.role = beside.role or "leder"
                if _has(after, "left"):
                    beside.end = beside.end or date_or_year(after_phrase(after, _has(after, "left")))
                    fact.membership = True
                succ_by = _has(after, "succeeded_by")
                if succ_by and i + 1 < len(names):
                    fact.membership = True
                elif _has(after, "succeeds") and i + 1 < len(names) and kind not in ("minutes",):
                    beside.succeeds = beside.succeeds or names[i + 1].name  # 'X tok over etter Y', 'X efterträder Y'
                    fact.membership = True
                if _has(before, "succeeded_by") and (sentence_people or previous_sentence_people):
                    pred = (sentence_people or previous_sentence_people)[-1]
                    beside.succeeds = beside.succeeds or pred.name
                    pred.membership = True
                if _has(sentence[: found.start], "succeeded_by") and not beside.succeeds:
                    subject = re.match(r"^\s*(\w+)", sentence)
                    if subject and fold(subject.group(1)) in _PRONOUNS and previous_sentence_people:
                        beside.succeeds = previous_sentence_people[-1].name
                        previous_sentence_people[-1].membership = True
                if beside.succeeds or beside.start or beside.end or _has(sentence, "consists_of") or led or \
                        (kind == "report" and heading) or re.search(r"\bvar\s+(medlem|leder|leiar|formand|ordförande)\b", fold(after)):
                    fact.membership = True
                fact.body = _body_in(after) or heading
                # 'I staden for X møtte vara Y': X stood down, Y came in X's place
                if re.search(r"(?:i\s+staden\s+for|i\s+stedet\s+for|i\s+stället\s+för)\s*$", fold(before)) and i + 1 < len(names):
                    fact.attendance = None
                    stood_down = fact.name
                elif i and sentence_people and getattr(sentence_people[-1], "attendance", "x") is None and \
                        re.search(r"(?:i\s+staden\s+for|i\s+stedet\s+for|i\s+stället\s+för)\s*$",
                                  fold(sentence[names[i - 2].end if i > 1 else 0: names[i - 1].start])):
                    beside.substitute_for = beside.substitute_for or stood_down
                    beside.role = beside.role or ("vara" if re.search(r"\bvara\b", fold(before)) else None)
                    if fact.attendance is None and re.search(r"\b(mott|motte|deltok|deltog|modte)\b", fold(before)):
                        fact.attendance = "present"
                sentence_people.append(fact)
            if in_case:
                # case text says who joined, left or took over a seat; attendance is the participant list's
                for f in sentence_people:
                    f.attendance = None
                    if f.membership and (f.beside.succeeds or f.beside.start or f.beside.end):
                        f.body = f.body if f.body != CASES else None
                        facts.append(f)
                previous_sentence_people = sentence_people or previous_sentence_people
                continue
            facts.extend(sentence_people)
            previous_sentence_people = sentence_people or previous_sentence_people
    return facts


def _named_in_case_text(text: str, line: int, end: int, raw: str) -> list[Fact]:
    """People named in a case's text with a role or organisation beside them ('v/Kari Nordmann',
    'Prosjektleder fra Haraldsplass Kari Nordmann', 'Kari Nordmann (Helsedirektoratet)')."""
    out = []
    for found in find_names(text, strict=True):
        before, after = text[max(0, found.start - 60): found.start], text[found.end: found.end + 80]
        beside = Beside()
        paren = re.match(r"^\s*\(([^)]*)\)", after)
        if paren:
            read_beside(paren.group(1), beside)
        lead = re.search(r"([\wæøåÆØÅ]+)\s+(?:fra|frå|från|af)\s+((?:[A-ZÆØÅ][\w\-]*\s+)+)$", before)
        if lead:
            beside.title, beside.organisation = lead.group(1), beside.organisation or lead.group(2).strip()
        via = re.search(r"([A-ZÆØÅ][\w\-]*(?:\s+[A-ZÆØÅ][\w\-]*)*)\s*,?\s*v/\s*$", before)
        if via:
            beside.organisation = beside.organisation or via.group(1)
        if beside.organisation or beside.title or re.search(r"v/\s*$", before):
            out.append(Fact(found.name, line, end, raw, beside))
    return out


def _beside(before: str, after: str, found: FoundName) -> Beside:
    lex = lexicon()
    beside = Beside()
    paren = re.match(r"^\s*\(([^)]*)\)", after)
    if paren:
        read_beside(", ".join(p for p in paren.group(1).split(",")), beside)
    else:
        org = re.match(r"^\s+(?:fra|frå|från|af|fra)\s+((?:[A-ZÆØÅÄÖ][\w\-]*(?:\s+|$))+)", after + " ")
        if org:
            beside.organisation = org.group(1).strip()
    # role words written before the name in its clause ('partnerskapsmøtets leder, ordfører …', 'og brukerrepresentant …')
    words = re.findall(r"[\wæøåäöÆØÅÄÖ\-]+", before[max(before.rfind(")"), before.rfind(";")) + 1:])
    for word in reversed(words[-6:]):
        if lex.committee_role(word):
            beside.role = beside.role or word
            break
    if paren and not beside.role:  # 'Kari Nordmann (Skien kommune), leder; …': the role after the parenthesis is hers
        tail_role = re.match(r"^\s*,\s*([\wæøåäö\- ]+?)\s*(?:;|$)", after[paren.end():])
        if tail_role and lex.committee_role(tail_role.group(1)):
            beside.role = tail_role.group(1)
    som = re.search(r"\bsom\s+([\wæøåäö\-]+)", after)
    if som and lex.committee_role(som.group(1)):
        beside.role = som.group(1)
    var = re.search(r"\bvar\s+(leder|leiar|formand|ordförande|nestleder|medlem)\b", after)
    if var and not beside.role and var.group(1) != "medlem":
        beside.role = var.group(1)
    tail = after[paren.end():] if paren else after
    _period(tail, beside)
    return beside


def _body_in(text: str) -> str | None:
    """A body named after a name in its clause ('var leder av SSU', 'udtrådte af klyngestyregruppen')."""
    for m in re.finditer(r"\b(?:av|af|i|för|for)\s+([\wæøåÆØÅ\-]+)", text):
        if body_mention(m.group(1)):
            return m.group(1)
    return None
