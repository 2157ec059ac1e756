"""What stands beside a name: organisation, role, title, status, substitute-for, period, successor.

'Per Ivar Dahl, vara (Elverum kommune) – møtte for Trine Sølvberg' → role vara, organisation
Elverum kommune, stood in for Trine Sølvberg. Parts are split at commas, semicolons, dashes and
parentheses; each part is read by what it says, never by where it stands:
- party letters '(S)', marks ('Forfall', 'x', 'på Teams', 'närvarande'), e-mail addresses;
- 'møtte for X', 'vara for X', 'stedfortræder for X', 'ersätter X' (X stood in for);
- 'etterfølger X', 'efterträder X', 'afløser X' (took over X's seat);
- 'fra 1. mars 2023', 'ut 2024', 't.o.m. 2024-12-31', 'från 2023-03-01' (period);
- a committee role word (roles.toml: leder, nestleder, vara, ordförande, ledamot …);
- a lower-case phrase is a title ('kommunalsjef helse'); a capitalised one an organisation, and
  where two are given the institution (kommune, HF, region …) is the organisation, the other its unit.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from samkart.loaders.dates import find_dates
from samkart.loaders.lexicon import lexicon
from samkart.loaders.participants import split_top_level
from samkart.loaders.person_names import leading_name, party_after
from samkart.ontology import fold, vocabularies

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"(?:tlf\.?|tel\.?|mob\.?)?\s*\+?\d[\d ]{7,}\d", re.IGNORECASE)
_INSTITUTION = re.compile(r"\b(kommune|kommun|kommunes|fylkeskommune|hf|rhf|region|regionen|sykehus|sykehuset|sjukehus|sygehus|hospital|"
                          r"universitet|universitetet|hogskole|hogskulen|hogskolen|hogskola|stad|lan|ks|plo|helseforetak|"
                          r"landsting|forbund|direktoratet)\b|^(ks|plo|hf)\b|^region\b")


@dataclass
class Beside:
    organisation: str | None = None
    unit: str | None = None
    role: str | None = None  # a committee role as written ('nestleder', 'ordförande')
    title: str | None = None  # a job title ('kommunalsjef helse og omsorg')
    status: str | None = None  # present | absent
    capacity: str | None = None
    remote: bool = False
    substitute_for: str | None = None
    succeeds: str | None = None
    start: str | None = None
    end: str | None = None
    party: str | None = None
    stood_in_by: str | None = None  # 'Jakob Sand (stedfortræder: Hanne Brix deltog)': Hanne came in Jakob's place

    @property
    def on_behalf_of(self) -> str | None:
        if self.organisation and self.unit:
            return f"{self.organisation}, {self.unit}"
        return self.organisation or self.unit


def _phrase_after(folded: str, phrases: list[str]) -> tuple[str, int] | None:
    """The longest phrase of `phrases` found as whole words followed by more text."""
    for p in phrases:
        at = folded.find(p)
        if at == -1:
            continue  # cheap test first: most parts hold none of the phrases
        m = re.match(rf"^(?:.*?\s)?{re.escape(p)}\s+", folded)
        if m:
            return p, m.end()
    return None


def after_phrase(text: str, phrase: str) -> str:
    """The text after the words of a folded `phrase` inside `text` (folding may change lengths: æ → ae)."""
    words = phrase.split()
    tokens = list(re.finditer(r"\S+", text))
    for i in range(len(tokens) - len(words) + 1):
        if all(fold(tokens[i + j].group(0)).strip(",.;:()") == w for j, w in enumerate(words)):
            return text[tokens[i + len(words) - 1].end():]
    return ""


def _other_person(text: str) -> str | None:
    """The person a phrase points to: a full name, or an initials code ('KB')."""
    text = text.strip(" .,;:()")
    found = leading_name(text)
    if found:
        return found.name
    m = re.match(r"^([A-ZÆØÅ]{2,4})\b", text)
    return m.group(1) if m else None


def read_beside(text: str, into: Beside | None = None) -> Beside:
    """Read the words beside a name (everything after it) into `into`."""
    lex = lexicon()
    out = into or Beside()
    party, text = party_after(text)
    out.party = out.party or party
    text = _PHONE.sub(" ", _EMAIL.sub(" ", text))
    parts: list[str] = []
    for part in split_top_level(text, ",;"):
        # parentheses hold parts of their own: 'leder (medlem fra 1. mars 2023)'
        inner = re.findall(r"\(([^()]*)\)", part)
        outer = re.sub(r"\([^()]*\)", " ", part)
        for chunk in re.split(r"\s+[–—-]\s+|\s+[–—]|^[–—-]\s+", outer):
            parts.append(chunk)
        for group in inner:
            parts.extend(split_top_level(group, ",;"))
    subst = lex.phrases("substitute")
    succ = lex.phrases("succeeds")
    for raw in parts:
        part = raw.strip(" .:–—-\t")
        if not part:
            continue
        folded = fold(part)
        if part in lex.parties and len(part) <= 3:
            out.party = out.party or part
            continue
        mark = lex.marks.get(folded)
        if mark:
            if mark.get("ignore"):
                continue
            out.status = mark.get("status", out.status)
            out.capacity = mark.get("capacity", out.capacity)
            out.remote = out.remote or bool(mark.get("remote"))
            continue
        if folded.startswith(("§", "sak ", "punkt ", "under sak", "under punkt", "telefon", "tlf", "e-post", "epost", "mobil", "mail")):
            continue  # a case mark or a contact detail is no organisation
        period = re.match(r"^((?:19|20)\d{2})\s*[–—-]\s*((?:19|20)\d{2})?$", part)
        if period:  # 'Periode 2022–2025'
            out.start, out.end = out.start or period.group(1), out.end or period.group(2)
            continue
        deputy = re.match(r"^(stedfortr\w*|vara\w*|ersattare|suppleant)\s*:\s*(.+)$", folded)
        if deputy and _other_person(part[part.find(":") + 1:]):
            out.stood_in_by = _other_person(part[part.find(":") + 1:])
            continue
        hit = _phrase_after(folded, subst)
        if hit and _other_person(after_phrase(part, hit[0])):
            out.substitute_for = _other_person(after_phrase(part, hit[0]))
            if re.match(r"^(mott|modte|deltok|deltog|tjanstgor)", fold(hit[0])):
                out.status = "present"  # 'møtte for X': whoever stood in was there, whatever the heading
            if lex.committee_role(hit[0].split()[0]):  # 'vara for X', 'stedfortræder for X': a deputy's seat
                out.role = out.role or part.split()[0]
            continue
        hit = _phrase_after(folded, succ)
        if hit and _other_person(after_phrase(part, hit[0])):
            out.succeeds = _other_person(after_phrase(part, hit[0]))
            _period(part[: len(part) - len(after_phrase(part, hit[0]))], out)
            continue
        if find_dates(part) or re.search(r"\b(?:19|20)\d{2}\b", part):
            if _period(part, out):
                continue
        status_words = [w for w in re.split(r"\s+", folded) if lex.marks.get(w, {}).get("status")]
        if lex.committee_role(part):
            out.role = out.role or part
            continue
        first = part.split()[0] if part.split() else ""
        if lex.committee_role(first) and (len(folded.split()) <= 4 and not part[:1].isupper() or len(folded.split()) == 1):
            out.role = out.role or first
            continue
        if status_words and len(folded.split()) <= 3:
            out.status = lex.marks[status_words[0]]["status"]
            continue
        if part[:1].islower() or folded in lex.titles:
            out.title = out.title or part
            continue
        _organisation(part, out)
    return out


def _period(part: str, out: Beside) -> bool:
    """'fra 1. mars 2023', 'ut 2024', 't.o.m. 2024-12-31', 'medlem fra …' → start or end."""
    lex = lexicon()
    folded = fold(part)
    dates = find_dates(part)
    value = dates[0][1] if dates else None
    if value is None:
        m = re.search(r"\b((?:19|20)\d{2})\b", part)
        value = m.group(1) if m else None
    if value is None:
        return False
    if any(p in folded and re.search(rf"(?<!\w){re.escape(p)}(?!\w)", folded) for p in lex.phrases("left")):
        out.end = out.end or value  # 'udtrådte af klyngestyregruppen den 29. februar 2024'
        return True
    words = folded.split()
    for n in range(len(words), 0, -1):
        for i in range(0, len(words) - n + 1):
            phrase = " ".join(words[i: i + n])
            if phrase in lex.period_end and (i + n == len(words) or re.match(r"^[\d(]|^(den|the)$", words[i + n])):
                out.end = out.end or value
                return True
            if phrase in lex.period_start and (i + n == len(words) or re.match(r"^[\d(]|^(den|the)$", words[i + n])):
                out.start = out.start or value
                return True
    return False


def _organisation(part: str, out: Beside) -> None:
    """A capitalised phrase: the institution is the organisation, anything else its unit."""
    vocab = vocabularies()
    institution = bool(_INSTITUTION.search(fold(part))) or bool(vocab.organisation_key(part))
    if out.organisation is None:
        out.organisation = part
    elif institution and not (_INSTITUTION.search(fold(out.organisation)) or vocab.organisation_key(out.organisation)):
        out.unit, out.organisation = out.organisation, part
    elif out.unit is None:
        out.unit = part
