"""Retention and erasure: delete submitted responses (answers go with them, by the foreign
key's ON DELETE CASCADE) and purge stale drafts. Each deletion is audited, and the report's
figures recounted (counts.count_into), in the same transaction."""

from dataclasses import dataclass
from datetime import date, timedelta

from engage import clock
from engage.db import write_transaction
from engage.reports import counts
from engage.staff import audit


@dataclass(frozen=True)
class Selection:
    """Responses to one questionnaire and/or submitted before a day (London time)."""

    questionnaire_id: str | None = None
    before: date | None = None

    def where(self):
        clauses, params = [], []
        if self.questionnaire_id:
            clauses.append("questionnaire_id = ?")
            params.append(self.questionnaire_id)
        if self.before:
            clauses.append("submitted_at < ?")
            params.append(clock.london_midnight(self.before))
        if not clauses:
            raise ValueError("choose a questionnaire or a date")
        return " AND ".join(clauses), params

    def describe(self):
        parts = [f"to '{self.questionnaire_id}'"] if self.questionnaire_id else []
        parts += [f"submitted before {self.before.isoformat()}"] if self.before else []
        return " ".join(parts)


def count_responses(db, selection):
    where, params = selection.where()
    return db.execute(f"SELECT count(*) FROM responses WHERE {where}", params).fetchone()[0]


class CountChanged(Exception):
    """More or fewer responses match than the person confirmed; nothing was deleted."""


def delete_responses(db, selection, by=None, expected=None):
    """Delete the selected responses and their answers; return how many. With `expected`,
    delete nothing and raise CountChanged unless exactly that many match."""
    where, params = selection.where()
    with write_transaction(db):
        if expected is not None and count_responses(db, selection) != expected:
            raise CountChanged()
        counts.count_into(db, f"r.uuid IN (SELECT uuid FROM responses WHERE {where})", params, sign=-1)
        deleted = db.execute(f"DELETE FROM responses WHERE {where}", params).rowcount
        audit.record(db, by, "responses deleted", f"{deleted} responses {selection.describe()}")
    return deleted


def purge_drafts(db, days, by=None, now=None):
    """Delete drafts not touched for `days` days; return how many."""
    cutoff = (now or clock.now()) - timedelta(days=days)
    with write_transaction(db):
        purged = db.execute("DELETE FROM drafts WHERE updated_at < ?", [clock.stamp(cutoff)]).rowcount
        audit.record(db, by, "drafts purged", f"{purged} drafts older than {days} days")
    return purged


def questionnaire_ids(db):
    """Every questionnaire id that has responses stored."""
    return [row[0] for row in db.execute("SELECT DISTINCT questionnaire_id FROM responses")]
