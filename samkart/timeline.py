"""Dates and periods: the one place that says what `--as-of`, `--since` and `--at-same-time`
mean. The SPARQL answers (`answers.py`), the network views (`sinks/networkx_graph.py`), the
property graph the Cypher queries read (`sinks/property_graph.py`) and the Python API all
decide with these functions, so they give the same people for the same question.

Dates in the graph are ISO strings at day precision ('2024-05-27') or a bare year ('2023', as in
`(ut 2023)`). A seat's period runs from its asserted start, else the first time it was seen,
to its asserted end; an unknown end means it still runs. A year stands for the whole year:
'ut 2023' ends on 2023-12-31, 'fra 2024' begins on 2024-01-01, and `--as-of 2024` asks who sat
at any time in 2024. Comparisons are on ISO strings, which sort like the dates they name; the
Cypher queries mirror `Period.active_on` and `Period.overlaps` on the bounds stored here.
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import Any, Mapping

import click

_WHEN = re.compile(r"^(?P<year>\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2}))?)?$")


def parse_when(text: str) -> str:
    """A date given by a person: ISO date (YYYY-MM-DD), month (YYYY-MM) or year (YYYY).
    Returns it unchanged when valid; raises ValueError saying what is accepted."""
    m = _WHEN.match(text.strip())
    if not m:
        raise ValueError(f"'{text}' is not a date: give an ISO date (2024-06-01) or a year (2024)")
    try:
        dt.date(int(m["year"]), int(m["month"] or 1), int(m["day"] or 1))
    except ValueError as exc:
        raise ValueError(f"'{text}' is not a valid date ({exc})") from exc
    return text.strip()


def first_day(value: str) -> str:
    """The first day a date, month or year covers."""
    if len(value) == 4:
        return f"{value}-01-01"
    if len(value) == 7:
        return f"{value}-01"
    return value[:10]


def last_day(value: str) -> str:
    """The last day a date, month or year covers."""
    if len(value) == 4:
        return f"{value}-12-31"
    if len(value) == 7:
        year, month = int(value[:4]), int(value[5:7])
        return f"{value}-{calendar.monthrange(year, month)[1]:02d}"
    return value[:10]


@dataclass(frozen=True)
class Period:
    """A seat's period in days; None is open (unknown start, or still running)."""

    begin: str | None = None
    until: str | None = None

    def active_on(self, when: str) -> bool:
        """Held on some day of `when` (a date, month or year)."""
        return (self.begin is None or self.begin <= last_day(when)) and (self.until is None or self.until >= first_day(when))

    def overlaps(self, other: "Period") -> bool:
        """Both held on one day at least."""
        return (self.begin is None or other.until is None or self.begin <= other.until) and \
               (other.begin is None or self.until is None or other.begin <= self.until)

    def ended(self, on: str | None = None) -> bool:
        """Ended before `on` (default: today)."""
        return self.until is not None and self.until < first_day(on or dt.date.today().isoformat())


def seat_period(start: str | None, end: str | None, first_seen: str | None = None) -> Period:
    begin = start or first_seen
    return Period(first_day(begin) if begin else None, last_day(end) if end else None)


def period_of(m: Mapping[str, Any]) -> Period:
    """The period of a membership as the JSON answers give it (start, end, first_seen)."""
    return seat_period(m.get("start"), m.get("end"), m.get("first_seen"))


def overlap_sides(a: list[dict], b: list[dict], as_of: str | None = None, at_same_time: bool = False) -> tuple[list[dict], list[dict]]:
    """One person's seats in A and in B that answer an overlap question: held on `as_of`, and
    with `at_same_time` only seats that shared a day with a seat on the other side. The person
    is in the answer when both lists are non-empty."""
    if as_of:
        a = [m for m in a if period_of(m).active_on(as_of)]
        b = [m for m in b if period_of(m).active_on(as_of)]
    if at_same_time:
        a, b = ([m for m in a if any(period_of(m).overlaps(period_of(n)) for n in b)],
                [n for n in b if any(period_of(n).overlaps(period_of(m)) for m in a)])
    return a, b


def seen_since(since: str, end: str | None, last_seen: str | None) -> bool:
    """Still held, or seen, on or after `since` (a seat with no date at all is kept)."""
    latest = end or last_seen
    return latest is None or last_day(latest) >= first_day(since)


def describe(start: str | None, end: str | None, first_seen: str | None = None, on: str | None = None) -> str:
    """'2024-02-12–2024-05-27, ended' for tables: the period, and whether it has ended."""
    period = seat_period(start, end, first_seen)
    if not (start or end or first_seen):
        return ""
    text = f"{start or ('seen ' + first_seen if first_seen else '?')}–{end or ''}"
    return text + (", ended" if period.ended(on) else "")


class DateParam(click.ParamType):
    """--as-of / --since: an ISO date or a year; anything else is a usage error (exit 2)."""

    name = "date"

    def convert(self, value, param, ctx):  # type: ignore[override]
        if value is None:
            return None
        try:
            return parse_when(str(value))
        except ValueError as exc:
            self.fail(str(exc), param, ctx)


DATE = DateParam()
