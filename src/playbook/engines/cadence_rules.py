"""Seed 004's visit-cadence rules as data (客情日常维护): the quotas, festival rules, event kinds
and the planner's limits, with :func:`monthly_quota` and :func:`festivals_in`.

The rules (004 客情日常维护):

- per month, on-site visits A/B/C = 8/4/1, phone calls 4/2/1, messages (短信、QQ 等) 4/2/1
  (:data:`QUOTAS`, :func:`monthly_quota`);
- 端午、中秋: A customers an on-site visit with a gift (only within company policy), B and C a
  phone call; 春节: every customer an on-site visit; every festival a greeting on the day;
  a customer's birthday: a personal message;
- 重大纪念日 (wedding, birth of a child) and condolence visits: on-site, added by the user as
  :class:`~playbook.engines.cadence_types.Event`.

How the planner (:mod:`playbook.engines.cadence_planner`) reads them is said there.

Usage (a B customer's month; September 2026 holds 中秋):

>>> from playbook.engines.cadence_rules import festivals_in, monthly_quota
>>> monthly_quota("B")
{'on_site': 4, 'phone': 2, 'message': 2}
>>> festivals_in(2026, 9)
[('中秋', datetime.date(2026, 9, 25))]

Standard library only (runs in the reader's browser).
"""
from __future__ import annotations

from datetime import date

from playbook.engines import cn_calendar
from playbook.errors import PlaybookInputError, guarded

GRADES = ("A", "B", "C")
#: Channel id → Chinese label (one name each, on every page, table and calendar).
CHANNELS = {"on_site": "上门拜访", "phone": "电话拜访", "message": "短信/微信问候"}
#: 004 rules 1–3: contacts per month by customer grade.
QUOTAS: dict[str, dict[str, int]] = {
    "A": {"on_site": 8, "phone": 4, "message": 4},
    "B": {"on_site": 4, "phone": 2, "message": 2},
    "C": {"on_site": 1, "phone": 1, "message": 1},
}
#: 004 rules 4–5: festival → grade → (on-site visit in the week before?, greeting channel on the day).
FESTIVAL_RULES: dict[str, dict[str, tuple[bool, str]]] = {
    "春节": {"A": (True, "message"), "B": (True, "message"), "C": (True, "message")},
    "端午": {"A": (True, "message"), "B": (False, "phone"), "C": (False, "phone")},
    "中秋": {"A": (True, "message"), "B": (False, "phone"), "C": (False, "phone")},
}
#: Days before a festival in which its on-site visits (and gifts) go.
FESTIVAL_LEAD_DAYS = 7
GIFT_NOTE = "如赠礼品,须在公司政策允许的范围内,并按规定登记"
#: Event kinds the user may add (004 rules 7–8), all on-site.
EVENT_KINDS = {"anniversary": "重大纪念日登门祝贺", "condolence": "登门慰问", "other": "登门拜访"}
#: Default ceiling of on-site visits a salesperson makes in one day (the book's assumption).
DEFAULT_MAX_ON_SITE_PER_DAY = 6
MAX_CUSTOMERS = 2000
MAX_TEAM_CUSTOMERS = 20_000
MAX_MONTHS = 6


@guarded("quotas")
def monthly_quota(grade: str, quotas: dict[str, dict[str, int]] | None = None) -> dict[str, int]:
    """Contacts per month for a grade: ``monthly_quota("A") == {"on_site": 8, "phone": 4, "message": 4}``."""
    table = quotas or QUOTAS
    if grade not in table:
        raise PlaybookInputError("grade", code="choice", label="客户级别", allowed='、'.join(table), received=grade)
    return dict(table[grade])


#: The years the planner plans (those of its festival and holiday tables): every plan date lies in them.
PLAN_YEARS = (cn_calendar.LUNAR_YEARS.start, cn_calendar.LUNAR_YEARS.stop - 1)


def festivals_in(year: int, month: int) -> list[tuple[str, date]]:
    """The 004 festivals (春节、端午、中秋) that fall in the month."""
    found = [(name, cn_calendar.festival_date(name, year)) for name in FESTIVAL_RULES]
    return sorted(((n, d) for n, d in found if d.month == month), key=lambda x: x[1])
