"""Figures for the staff home page."""

from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")


def start_of_today_utc(now=None):
    """Midnight today in London, as the UTC string our timestamps use."""
    now = now or datetime.now(LONDON)
    midnight = datetime.combine(now.astimezone(LONDON).date(), time(0), LONDON)
    return midnight.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def response_counts(db, now=None):
    """{questionnaire_id: (today, total)}"""
    rows = db.execute(
        "SELECT questionnaire_id, sum(submitted_at >= ?), count(*) FROM responses GROUP BY questionnaire_id",
        [start_of_today_utc(now)],
    ).fetchall()
    return {row[0]: (row[1], row[2]) for row in rows}
