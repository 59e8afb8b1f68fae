"""Short, locale-independent time labels for timelines ("3h", "Mar 3") and tooltips.

Dates are shown in the time zone of `now` (callers pass the local time); naive datetimes
are taken as UTC.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, tzinfo

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun",
           "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _aware(when: datetime) -> datetime:
    return when if when.tzinfo is not None else when.replace(tzinfo=UTC)


def short_duration(delta: timedelta) -> str:
    """The largest whole unit of a (non-negative) duration: "45s", "12m", "3h", "5d"."""
    seconds = max(0, int(delta.total_seconds()))
    for size, unit in ((86400, "d"), (3600, "h"), (60, "m")):
        if seconds >= size:
            return f"{seconds // size}{unit}"
    return f"{seconds}s"


def _date(when: datetime, with_year: bool) -> str:
    label = f"{_MONTHS[when.month - 1]} {when.day}"
    return f"{label}, {when.year}" if with_year else label


def relative_time(when: datetime, now: datetime) -> str:
    """"now" under 10 s (or under a minute in the future, for clock skew), then "45s",
    "12m", "3h", "5d" up to a week, then "Mar 3" this year and "Mar 3, 2024" before."""
    now = _aware(now)
    local = _aware(when).astimezone(now.tzinfo)
    seconds = (now - local).total_seconds()
    if -60 < seconds < 10:
        return "now"
    if 0 < seconds < 7 * 86400:
        return short_duration(now - local)
    return _date(local, with_year=local.year != now.year)


def absolute_time(when: datetime, tz: tzinfo | None = None) -> str:
    """"Mar 3, 2024, 14:05" in `tz` (default: the datetime's own zone), 24-hour clock."""
    local = _aware(when).astimezone(tz) if tz is not None else _aware(when)
    return f"{_date(local, with_year=True)}, {local.hour:02d}:{local.minute:02d}"
