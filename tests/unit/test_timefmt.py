"""fedtui.core.timefmt: short relative and absolute time labels."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from fedtui.core.timefmt import absolute_time, relative_time, short_duration

NOW = datetime(2026, 8, 2, 12, 0, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("ago", "label"),
    [
        (timedelta(0), "now"),
        (timedelta(seconds=9), "now"),
        (timedelta(seconds=-30), "now"),  # a little in the future: clock skew
        (timedelta(seconds=10), "10s"),
        (timedelta(seconds=45), "45s"),
        (timedelta(seconds=59), "59s"),
        (timedelta(minutes=1), "1m"),
        (timedelta(minutes=12, seconds=59), "12m"),
        (timedelta(hours=3, minutes=59), "3h"),
        (timedelta(hours=23, minutes=59), "23h"),
        (timedelta(days=1), "1d"),
        (timedelta(days=6, hours=23), "6d"),
        (timedelta(days=7), "Jul 26"),
        (timedelta(days=152), "Mar 3"),
        (timedelta(days=365 + 152), "Mar 3, 2025"),
        (timedelta(days=-3), "Aug 5"),  # far in the future: a date
    ],
)
def test_relative_time(ago: timedelta, label: str) -> None:
    assert relative_time(NOW - ago, NOW) == label


def test_relative_time_uses_the_zone_of_now() -> None:
    when = datetime(2025, 12, 31, 23, 30, tzinfo=UTC)
    tokyo = timezone(timedelta(hours=9))
    now = datetime(2026, 2, 1, 12, 0, tzinfo=tokyo)
    assert relative_time(when, now) == "Jan 1"  # 08:30 on Jan 1 in Tokyo: this year
    assert relative_time(when, now.astimezone(UTC)) == "Dec 31, 2025"


def test_naive_datetimes_are_utc() -> None:
    assert relative_time(datetime(2026, 8, 2, 11, 0), NOW) == "1h"


def test_absolute_time() -> None:
    when = datetime(2024, 3, 3, 14, 5, 59, tzinfo=UTC)
    assert absolute_time(when) == "Mar 3, 2024, 14:05"
    assert absolute_time(when, timezone(timedelta(hours=-5))) == "Mar 3, 2024, 09:05"
    assert absolute_time(datetime(2024, 12, 31, 23, 0)) == "Dec 31, 2024, 23:00"


@pytest.mark.parametrize(
    ("delta", "label"),
    [(timedelta(seconds=-5), "0s"), (timedelta(seconds=44.9), "44s"),
     (timedelta(hours=2, minutes=30), "2h"), (timedelta(days=400), "400d")],
)
def test_short_duration(delta: timedelta, label: str) -> None:
    assert short_duration(delta) == label
