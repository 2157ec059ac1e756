"""Who held which seat after whom. A seat is a body's place for one organisation (on whose
behalf) — or, where no organisation is named, for one role; its holders are ordered by their
periods (samkart/timeline.py), and a holder comes `after` the one whose period ended on or
before the day theirs began."""
from __future__ import annotations

from collections import OrderedDict
from typing import Any

from samkart import answers
from samkart.store import StoreFolder
from samkart.timeline import period_of


def succession(store: StoreFolder, name: str, as_of: str | None = None) -> list[dict[str, Any]]:
    """The seats of a body (or of every body of a collaboration), each with its holders in order."""
    group = answers.find_group(store, name)
    key = "body_id" if group["kind"] == "body" else "collaboration_id"
    seats: "OrderedDict[tuple, dict]" = OrderedDict()
    for m in answers.memberships(store):
        if m[key] != group["id"]:
            continue
        seat = (m["body_id"], m["organisation_id"] or f"role:{m['role']}")
        entry = seats.setdefault(seat, {"body": m["body"], "body_id": m["body_id"], "collaboration": m["collaboration"],
                                        "seat": m["organisation"] or m["role"], "organisation_id": m["organisation_id"], "holders": []})
        entry["holders"].append({"person": m["person"], "person_id": m["person_id"], "role": m["role"], "start": m["start"],
                                 "end": m["end"], "first_seen": m["first_seen"], "last_seen": m["last_seen"], "membership": m["id"]})
    out = []
    for entry in seats.values():
        holders = sorted(entry["holders"], key=lambda h: (period_of(h).begin or "", h["person"]))
        for h in holders:
            period = period_of(h)
            before = [p for p in holders if p is not h and period_of(p).until and period.begin and period_of(p).until <= period.begin]
            h["after"] = max(before, key=lambda p: period_of(p).until)["person"] if before else None
            h["after_id"] = max(before, key=lambda p: period_of(p).until)["person_id"] if before else None
            h["ended"] = period.ended(as_of)
        if as_of:
            holders = [h for h in holders if period_of(h).active_on(as_of)]
        if holders:
            out.append({**entry, "holders": holders})
    return sorted(out, key=lambda s: (s["body"], s["seat"] or ""))
