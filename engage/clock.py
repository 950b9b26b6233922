"""Time in one place: now, the UTC stamp every table stores, and London days.

Stored times are UTC strings like `2026-11-23T17:00:00.000000Z` (they sort as text);
what a person reads or types is Europe/London time.
"""

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")
STAMP_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"


def now() -> datetime:
    """The current moment, in UTC."""
    return datetime.now(UTC)


def stamp(moment: datetime | None = None) -> str:
    """`moment` (default now) as the stored UTC string."""
    return (moment or now()).astimezone(UTC).strftime(STAMP_FORMAT)


def parse_stamp(text: str) -> datetime:
    """A stored UTC string (or any ISO 8601 time ending in Z) back as an aware datetime."""
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def london_today(moment: datetime | None = None) -> date:
    """The London date of `moment` (default now)."""
    return (moment or now()).astimezone(LONDON).date()


def london_midnight(day: date) -> str:
    """The start of a London day, as the stored UTC string."""
    return stamp(datetime.combine(day, time(0), LONDON))
