"""Resolve person mentions across documents into people, explaining every merge.

Rules, strongest first (each emits a `MergeExplanation`):
  judgement    a person said so (the judgement log) — applied before anything else;
  exact        same name modulo case, accents and whitespace;
  ocr-repair   an OCR'd name equals a known name once lost Nordic letters are put back;
  middle-name  one name is the other plus middle names, and context agrees;
  spelling     a small spelling difference (Rebekka/Rebecca), scored with rapidfuzz.
Guards that no rule overrides (only a judgement does): different given names are never merged,
and names listed side by side in one list are different people.
Candidate pairs come from blocking on the first and the last name, so cost grows with the
number of names sharing a first or last name, not with the square of all names.
"""
from __future__ import annotations

import marshal
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Iterable

from rapidfuzz import fuzz

from samkart.graph.ids import slug
from samkart.graph.judgements import Judgement, pair_key
from samkart.graph.model import MergeExplanation
from samkart.loaders.ocr import ocr_variants
from samkart.ontology import fold

ACCEPT = 0.85
UNSURE = 0.70


@dataclass
class PersonMention:
    name: str
    document: str
    weight: float = 1.0  # a name from a list or table counts more than one from running text
    ocr: bool = False
    contexts: frozenset[str] = frozenset()  # ids of collaborations, bodies and organisations around it
    block: str | None = None  # 'document:list' — names in one block are different people


@dataclass
class NameRecord:
    key: str
    forms: Counter = field(default_factory=Counter)
    documents: set[str] = field(default_factory=set)
    contexts: set[str] = field(default_factory=set)
    blocks: set[str] = field(default_factory=set)
    ocr_only: bool = True

    @property
    def tokens(self) -> list[str]:
        return self.key.replace("-", " - ").split()

    @property
    def parts(self) -> list[str]:
        return self.key.split()


@dataclass
class PersonCluster:
    keys: set[str]
    name: str  # the name shown: the fullest, then one not damaged by OCR, then the most used spelling
    aliases: set[str]
    documents: set[str]
    # the spelling the id is made from: the fullest, then one not damaged by OCR, then the most
    # used by order of magnitude (uses counted in powers of two), then the longest, then the first
    # in alphabetical order. Not simply the most used: two spellings used about as often take
    # turns with every document loaded, and an id that moved re-derived every document naming
    # that person (a thousand at 100,000 documents)
    id_name: str

    @property
    def base(self) -> str:
        """The person's id, unless someone else written alike holds it (see `graph.build.assign_ids`)."""
        return f"person/{slug(self.id_name)}"


@dataclass
class PersonResolution:
    clusters: list[PersonCluster]
    cluster_of: dict[str, int]  # folded name → index in clusters
    explanations: list[MergeExplanation]
    uncertain: list[MergeExplanation]
    # (a, b, strong) name pairs some rule links; strong: the rule's score could merge them (≥ ACCEPT).
    # Only strong pairs (and judgements) can change clusters; the others only the pairs left to judge.
    candidates: list[tuple[str, str, bool]] = field(default_factory=list)

    def cluster_for(self, name: str) -> PersonCluster:
        return self.clusters[self.cluster_of[fold(name)]]


def name_records(mentions: Iterable[PersonMention]) -> dict[str, NameRecord]:
    """One record per folded name: its spellings (weighted), documents, contexts and lists."""
    records: dict[str, NameRecord] = {}
    for m in mentions:
        key = fold(m.name)
        record = records.setdefault(key, NameRecord(key))
        record.forms[m.name.strip()] += m.weight * (0.3 if m.ocr else 1.0)
        record.documents.add(m.document)
        record.contexts |= m.contexts
        if m.block:
            record.blocks.add(m.block)
        record.ocr_only = record.ocr_only and m.ocr
    return records


def record_blob(record: NameRecord, documents: bool = True) -> bytes:
    """A name record as the resolver's state keeps it: marshal of plain tuples, spellings in their
    order (it breaks ties). Unpickling the dataclass of a Counter and sets cost three times as
    much, and a rebuild reads a million of them."""
    return marshal.dumps((record.key, tuple(record.forms.items()), tuple(record.documents) if documents else (),
                          tuple(record.contexts), tuple(record.blocks), record.ocr_only))


def record_from_blob(blob: bytes) -> NameRecord:
    key, forms, documents, contexts, blocks, ocr_only = marshal.loads(blob)
    record = NameRecord(key, Counter(), set(documents), set(contexts), set(blocks), ocr_only)
    record.forms.update(dict(forms))
    return record


def merged_blobs(blobs: Iterable[bytes]) -> NameRecord | None:
    """The record of a name from its per-document records as stored (None when no document names
    it): spellings' weights summed in the order given, the rest united."""
    out: NameRecord | None = None
    for blob in blobs:
        key, forms, documents, contexts, blocks, ocr_only = marshal.loads(blob)
        if out is None:
            out = NameRecord(key)
        counts = out.forms
        for form, weight in forms:
            counts[form] = weight + counts.get(form, 0)  # as Counter.update adds
        out.documents.update(documents)
        out.contexts.update(contexts)
        out.blocks.update(blocks)
        out.ocr_only = out.ocr_only and ocr_only
    return out


def block_keys(record: NameRecord) -> set[str]:
    """Blocking keys: same given name and surname start, or same surname and given-name
    initial (an OCR'd name also under its repaired forms). Blocks stay small as the corpus
    grows, so comparisons grow about linearly with the names."""
    parts = record.parts
    if len(parts) < 2:
        return set()
    firsts, lasts = {parts[0]}, {parts[-1]}
    if record.ocr_only:
        firsts |= {fold(v) for v in ocr_variants(parts[0])}
        lasts |= {fold(v) for v in ocr_variants(parts[-1])}
    return {k for first in firsts for last in lasts for k in (f"a:{first}|{last[:3]}", f"b:{last}|{first[:1]}")}


_PHONETIC = [("ch", "k"), ("ck", "k"), ("c", "k"), ("ph", "f"), ("th", "t"), ("w", "v"), ("z", "s"), ("q", "k"), ("x", "ks"), ("aa", "a")]


def phonetic(token: str) -> str:
    """A Nordic-aware sound key: 'rebecca' and 'rebekka' → 'rebeka'; 'mathilde' → 'matilde'."""
    for a, b in _PHONETIC:
        token = token.replace(a, b)
    return re.sub(r"(.)\1+", r"\1", token)


def _first_names(a: str, b: str) -> str | None:
    """'same' when two given names are one name spelt two ways, 'close' when they might be, else None.
    Different given names (Marit/Maria, Hanne/Mathilde) are never 'same'."""
    if a == b or phonetic(a) == phonetic(b):
        return "same"
    if fuzz.ratio(a, b) >= 85:
        return "close"
    return None


def compare(a: NameRecord, b: NameRecord) -> tuple[str, float] | None:
    """The best rule joining two names, with its score; None when they must stay apart."""
    if a.blocks & b.blocks:
        return None
    pa, pb = a.parts, b.parts
    if len(pa) < 2 or len(pb) < 2:
        return None
    context = bool(a.contexts & b.contexts)
    if a.ocr_only or b.ocr_only:
        damaged, clean = (a, b) if a.ocr_only else (b, a)
        hit = _ocr_match(damaged.parts, clean.parts)
        if hit:
            return hit, (0.95 if context or hit == "ocr-repair" else 0.8)
    first = _first_names(pa[0], pb[0])
    if first is None:
        return None
    if pa[0] == pb[0] and pa[-1] == pb[-1] and (set(pa) < set(pb) or set(pb) < set(pa)):
        return "middle-name", (0.92 if context else 0.72)
    if pa[0] == pb[0] and pa[-1] == pb[-1] and _initials_fit(pa[1:-1], pb[1:-1]):
        # 'Silje B. Aasen' / 'Silje Bråten Aasen', 'Jens K. Mortensen' / 'Jens Kristian Mortensen'
        return "middle-name", (0.92 if context else 0.72)
    if fuzz.ratio(pa[-1], pb[-1]) < 75 and phonetic(pa[-1]) != phonetic(pb[-1]):
        return None
    score = max(fuzz.ratio(a.key, b.key), fuzz.ratio(" ".join(map(phonetic, pa)), " ".join(map(phonetic, pb)))) / 100
    if first == "close":  # a given name spelt differently might be another person: ask, never merge
        return ("spelling", min(score, ACCEPT - 0.01)) if score >= UNSURE else None
    if score >= ACCEPT and context:
        return "spelling", score
    if score >= 0.93:
        return "spelling", score
    if score >= UNSURE:
        return "spelling", min(score, ACCEPT - 0.01)
    return None


def _initials_fit(a: list[str], b: list[str]) -> bool:
    """Middle names written as initials on one side stand for middle names on the other."""
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    if not short or not any(len(t.rstrip(".")) == 1 for t in short):
        return False
    rest = list(long)
    for token in short:
        t = token.rstrip(".")
        hit = next((x for x in rest if (x == t) or (len(t) == 1 and x.startswith(t))), None)
        if hit is None:
            return False
        rest.remove(hit)
    return True


def _ocr_match(damaged: list[str], clean: list[str]) -> str | None:
    """'mggster' matches 'mogster'; middle names may be missing on either side."""
    repaired: list[set[str]] = [{fold(v) for v in ocr_variants(token)} for token in damaged]
    if len(damaged) == len(clean) and all(c in r for c, r in zip(clean, repaired)):
        return "ocr-repair"
    if (repaired[0] & {clean[0]}) and (repaired[-1] & {clean[-1]}):
        return "ocr-repair+middle-name"
    return None


def resolve_people(mentions: list[PersonMention], judgements: dict[tuple[str, str], Judgement] | None = None) -> PersonResolution:
    return resolve_records(name_records(mentions), judgements)


def resolve_records(records: dict[str, NameRecord], judgements: dict[tuple[str, str], Judgement] | None = None,
                    documents: bool = True) -> PersonResolution:
    """Clusters of the names in `records`. Names that no candidate pair or judgement links are
    resolved independently, so resolving a closed set of names (see `samkart.resolution`) gives
    the same clusters as resolving everything. `documents=False` leaves the explanations'
    documents empty, for a caller that can look them up by name (they grow with the corpus)."""
    judgements = judgements or {}
    keys = sorted(records)
    parent = {k: k for k in keys}
    members: dict[str, set[str]] = {k: {k} for k in keys}

    def find(k: str) -> str:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    forbidden: dict[str, set[str]] = defaultdict(set)
    for (x, y), j in judgements.items():
        if j.verdict == "different":
            forbidden[x].add(y)
            forbidden[y].add(x)
    # per cluster: the lists its names stand in, kept up to date on every union
    blocks_of: dict[str, set[str]] = {k: set(records[k].blocks) for k in keys}

    def conflict(ra: str, rb: str) -> bool:
        if blocks_of[ra] & blocks_of[rb]:
            return True
        return any(forbidden[x] & members[rb] for x in members[ra] if x in forbidden)

    def join(ra: str, rb: str) -> None:
        ra, rb = sorted((ra, rb))
        parent[rb] = ra
        members[ra] |= members.pop(rb)
        blocks_of[ra] |= blocks_of.pop(rb)

    def union(a: str, b: str) -> bool:
        ra, rb = find(a), find(b)
        if ra == rb:
            return True
        if conflict(ra, rb):
            return False
        join(ra, rb)
        return True

    explanations: list[MergeExplanation] = []
    uncertain: list[MergeExplanation] = []

    def explain(a: str, b: str, rule: str, score: float, by: str = "resolver") -> MergeExplanation:
        return MergeExplanation(kind="person", a=records[a].forms.most_common(1)[0][0], b=records[b].forms.most_common(1)[0][0],
                                rule=rule, score=round(score, 3), decided_by=by,
                                documents=sorted(records[a].documents | records[b].documents) if documents else [])

    # 1. judgements first: a person's word beats every rule and every guard
    for (x, y), j in sorted(judgements.items()):
        if j.verdict == "same" and x in records and y in records:
            ra, rb = find(x), find(y)
            if ra != rb:
                join(ra, rb)
            explanations.append(explain(x, y, "judgement", 1.0, by="judgement"))

    # 2. candidate pairs by blocking (see block_keys)
    blocks: dict[str, list[str]] = defaultdict(list)
    for k in keys:
        for block in sorted(block_keys(records[k])):
            blocks[block].append(k)
    candidates: dict[tuple[str, str], tuple[str, float]] = {}
    for block in blocks.values():
        if len(block) < 2:
            continue
        for i, a in enumerate(block):
            for b in block[i + 1:]:
                pair = (a, b) if a < b else (b, a)
                if pair in candidates or a == b or pair_key(a, b) in judgements:
                    continue
                verdict = compare(records[pair[0]], records[pair[1]])
                if verdict:
                    candidates[pair] = verdict

    # a short name that fits several different longer names is ambiguous, never merged silently
    partners: dict[str, set[str]] = defaultdict(set)
    for (a, b), (rule, score) in candidates.items():
        if rule == "middle-name" and score >= ACCEPT:
            short, long = (a, b) if len(records[a].parts) < len(records[b].parts) else (b, a)
            partners[short].add(long)
    def one_person(longs: set[str]) -> bool:
        """The longer names are spellings of one person ('Silje B. Aasen', 'Silje Bråten Aasen')."""
        ordered = sorted(longs)
        return all(candidates.get((x, y), ("", 0.0))[0] == "middle-name" and candidates[(x, y)][1] >= ACCEPT
                   for i, x in enumerate(ordered) for y in ordered[i + 1:])

    ambiguous = {short for short, longs in partners.items() if len(longs) > 1 and not one_person(longs)}

    for (a, b), (rule, score) in sorted(candidates.items(), key=lambda kv: (-kv[1][1], kv[0])):
        if rule == "middle-name" and (a in ambiguous or b in ambiguous):
            uncertain.append(explain(a, b, rule + " (ambiguous)", min(score, ACCEPT - 0.05)))
            continue
        if score >= ACCEPT:
            if union(a, b):
                explanations.append(explain(a, b, rule, score))
            else:
                uncertain.append(explain(a, b, rule + " (blocked: listed together or judged different)", min(score, ACCEPT - 0.01)))
        else:
            if find(a) != find(b):
                uncertain.append(explain(a, b, rule, score))

    clusters: list[PersonCluster] = []
    cluster_of: dict[str, int] = {}
    for root in sorted(members):
        group = members[root]
        forms: Counter = Counter()
        for k in group:
            forms.update(records[k].forms)
        # the fullest name, then one not damaged by OCR, then the most used spelling
        name = max(forms, key=lambda f: (len(f.split()), not records[fold(f)].ocr_only, forms[f], f))
        id_name = min(forms, key=lambda f: (-len(f.split()), records[fold(f)].ocr_only, -math.frexp(forms[f])[1], -len(f), f))
        clusters.append(PersonCluster(keys=set(group), name=name, aliases=set(forms) - {name},
                                      documents=set().union(*(records[k].documents for k in group)), id_name=id_name))
        for k in group:
            cluster_of[k] = len(clusters) - 1
    uncertain = [u for u in uncertain if cluster_of.get(fold(u.a)) != cluster_of.get(fold(u.b))]
    return PersonResolution(clusters, cluster_of, explanations, sorted(uncertain, key=uncertain_order),
                            [(a, b, score >= ACCEPT) for (a, b), (_, score) in sorted(candidates.items())])


def uncertain_order(u: MergeExplanation) -> tuple:
    """Most uncertain first (a score nearest the middle of the unsure band), then by names."""
    return (abs(u.score - 0.775), u.a, u.b, u.rule)


def uncertain_pair(a: NameRecord, b: NameRecord, judgements: dict[tuple[str, str], Judgement],
                   documents: bool = True) -> MergeExplanation | None:
    """The pair left to judge that resolving everything would report for two names in different
    clusters, linked by a rule too weak to merge them (None when they are not such a pair;
    `documents` as in `resolve_records`)."""
    a, b = (a, b) if a.key < b.key else (b, a)
    if pair_key(a.key, b.key) in judgements:
        return None
    verdict = compare(a, b)
    if verdict is None or verdict[1] >= ACCEPT:
        return None
    rule, score = verdict
    return MergeExplanation(kind="person", a=a.forms.most_common(1)[0][0], b=b.forms.most_common(1)[0][0], rule=rule,
                            score=round(score, 3), documents=sorted(a.documents | b.documents) if documents else [], decided_by="resolver")
