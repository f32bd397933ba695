"""Times in the world: parsing, storage format and presentation.

Times are stored as UTC text, ``2026-03-02T08:15:00Z``, which sorts correctly as text and reads well in
a diff. Everything that enters the world (history events, tool arguments) is ISO 8601 with an offset;
everything shown to a model is ISO 8601 in the world's timezone, with its offset.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from state.errors import InvalidArgument

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
"""The days of the week, Monday first as ``datetime.weekday()`` counts them."""
WEEKDAY_ABBREVIATIONS = tuple(day[:3] for day in WEEKDAYS)
"""``Mon`` ... ``Sun``, as mail headers and calendar work days write them."""
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
MONTH_ABBREVIATIONS = tuple(month[:3] for month in MONTHS)
"""``Jan`` ... ``Dec``, as mail headers write them."""

_DB_FORMAT = "%Y-%m-%dT%H:%M:%SZ"


def parse_time(value: str, *, field: str = "time", tz: ZoneInfo | None = None) -> datetime:
    """Parse ISO 8601 into an aware datetime.

    A time without an offset is refused unless ``tz`` says which zone it is in.
    """
    text = value.strip()
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00") if text.endswith("Z") else text)
    except ValueError:
        raise InvalidArgument(
            f"{field} {value!r} is not an ISO 8601 time; expected e.g. '2026-03-02T09:30:00+01:00'"
        ) from None
    if parsed.tzinfo is None:
        if tz is None:
            raise InvalidArgument(
                f"{field} {value!r} has no UTC offset; expected e.g. '2026-03-02T09:30:00+01:00'"
            )
        parsed = parsed.replace(tzinfo=tz)
    return parsed


def to_db(moment: datetime) -> str:
    """The stored form of an aware datetime: UTC, whole seconds."""
    if moment.tzinfo is None:
        raise ValueError(f"naive datetime {moment!r} cannot be stored; the world's times carry an offset")
    return moment.astimezone(UTC).strftime(_DB_FORMAT)


def from_db(stored: str) -> datetime:
    """The aware UTC datetime of a stored time."""
    if len(stored) == 20 and stored[10] == "T" and stored[19] == "Z":
        # fromisoformat is ~10x faster than strptime; the shape check keeps it as strict.
        return datetime.fromisoformat(stored[:19]).replace(tzinfo=UTC)
    return datetime.strptime(stored, _DB_FORMAT).replace(tzinfo=UTC)


@lru_cache(maxsize=8192)
def local_iso(stored: str, tz: ZoneInfo) -> str:
    """A stored time shown in the world's timezone, e.g. ``2026-03-02T09:15:00+01:00``."""
    return from_db(stored).astimezone(tz).isoformat()


def zone(name: str) -> ZoneInfo:
    """The timezone called ``name``, with a clear error for a name that does not exist."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidArgument(
            f"timezone {name!r} is unknown; expected an IANA name such as 'Europe/Berlin'"
        ) from None


def day_start(day: date, tz: ZoneInfo) -> datetime:
    """Midnight at the start of ``day`` in ``tz``."""
    return datetime(day.year, day.month, day.day, tzinfo=tz)


def add_minutes(stored: str, minutes: int) -> str:
    """A stored time shifted by ``minutes``."""
    return to_db(from_db(stored) + timedelta(minutes=minutes))
