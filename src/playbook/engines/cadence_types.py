"""The records visit-cadence planning takes and gives: a customer, a user-added event, a planned
contact, a rep's plan, a team's plans with their capacity rows, and a contact actually made.

Usage (a planned contact's line in a calendar):

>>> from datetime import date
>>> from playbook.engines.cadence_types import Visit
>>> Visit(date(2026, 9, 18), "甲加油站", "A", "on_site", "中秋(节前)").summary
'上门拜访:甲加油站(A 类) · 中秋(节前)'

Standard library only (runs in the reader's browser).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from playbook.engines.cadence_rules import CHANNELS


@dataclass(frozen=True)
class Customer:
    """A customer to plan for: a name, a grade A/B/C, optionally a birthday (month, day) and the
    客户经理 who owns the customer (used by :func:`~playbook.engines.cadence_planner.team_plan`)."""

    name: str
    grade: str
    birthday: tuple[int, int] | None = None
    owner: str = ""


@dataclass(frozen=True)
class Event:
    """A visit the user adds: 重大纪念日 (``anniversary``), condolence (``condolence``) or ``other``.

    ``day`` is a (month, day) pair, repeated every year of the plan (a 纪念日), or a date, which
    happens once. Events outside the plan's months are ignored, never an error.
    """

    customer: str
    day: date | tuple[int, int]
    kind: str = "anniversary"
    note: str = ""


@dataclass(frozen=True)
class Visit:
    day: date
    customer: str
    grade: str
    channel: str        # key of CHANNELS
    reason: str         # 例行 / 中秋 / 中秋(节前) / 生日 / 重大纪念日登门祝贺 …
    note: str = ""
    #: What the visit is, independent of its day and of the other customers: the .ics UID's source.
    key: str = ""

    @property
    def channel_label(self) -> str:
        return CHANNELS[self.channel]

    @property
    def summary(self) -> str:
        """One line for a calendar: 上门拜访:某客户(A 类)· 中秋(节前)."""
        extra = "" if self.reason == "例行" else f" · {self.reason}"
        return f"{self.channel_label}:{self.customer}({self.grade} 类){extra}"


@dataclass(frozen=True)
class Plan:
    year: int
    month: int
    visits: tuple[Visit, ...]
    working_days: tuple[date, ...]
    max_on_site_per_day: int
    #: Chinese messages: quotas not met, days over the ceiling.
    warnings: tuple[str, ...]
    #: Channel → planned count, and channel → count the rules ask for (routine contacts).
    planned: dict[str, int] = field(default_factory=dict)
    required: dict[str, int] = field(default_factory=dict)
    #: The (year, month) pairs the plan covers, in order.
    months: tuple[tuple[int, int], ...] = ()
    #: Chinese notes on the calendar (a year whose holiday notice is not out yet).
    notes: tuple[str, ...] = ()
    owner: str = ""
    #: Routine contacts that could not be placed, by channel.
    short: dict[str, int] = field(default_factory=dict)

    def on_day(self, day: date) -> list[Visit]:
        return [v for v in self.visits if v.day == day]

    @property
    def title(self) -> str:
        """拜访计划 2026-09 or 2026-12–2027-02, with the rep's name when there is one."""
        (y0, m0), (y1, m1) = self.months[0], self.months[-1]
        span = f"{y0}-{m0:02d}" if (y0, m0) == (y1, m1) else f"{y0}-{m0:02d}至{y1}-{m1:02d}"
        return f"拜访计划 {span}" + (f" {self.owner}" if self.owner else "")


@dataclass(frozen=True)
class CapacityRow:
    owner: str
    customers: int
    grades: dict[str, int]
    working_days: int
    capacity: int           # on-site visits the rep can make: working days × daily ceiling
    required: int           # on-site visits the rules ask for (routine + festival + events)
    planned: int            # on-site visits planned
    short: int              # routine contacts not placed (all channels)

    @property
    def load(self) -> float:
        """Required on-site visits as a share of capacity (1.0 = fully booked)."""
        return self.required / self.capacity if self.capacity else 0.0


@dataclass(frozen=True)
class TeamPlan:
    plans: dict[str, Plan]
    capacity: tuple[CapacityRow, ...]


@dataclass(frozen=True)
class LogEntry:
    """One contact actually made: the day, the customer, the channel (a key of :data:`~playbook.engines.cadence_rules.CHANNELS`)."""

    day: date
    customer: str
    channel: str
