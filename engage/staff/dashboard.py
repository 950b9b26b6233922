"""Figures for the staff home page."""

from engage import clock


def start_of_today_utc(now=None):
    """Midnight today in London, as the UTC string our timestamps use."""
    return clock.london_midnight(clock.london_today(now))


def response_counts(db, now=None):
    """{questionnaire_id: (today, total)}"""
    rows = db.execute(
        "SELECT questionnaire_id, sum(submitted_at >= ?), count(*) FROM responses GROUP BY questionnaire_id",
        [start_of_today_utc(now)],
    ).fetchall()
    return {row[0]: (row[1], row[2]) for row in rows}
