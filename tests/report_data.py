"""A small builder that writes responses and answers straight into the SQLite file,
the way `responses.submit` stores them, so report tests can set exact figures."""

import itertools
import uuid as uuidlib

from engage.db import connect, write_transaction


class Builder:
    def __init__(self, path):
        self.db = connect(str(path))
        self._serial = itertools.count(1)

    def add(self, questionnaire_id, group, variant="standard", answers=None, *, report_id=None, channel="link",
            session_id=None, submitted_at="2023-03-01T10:00:00.000000Z", count=1, round=1):
        """Insert `count` identical responses; returns their UUIDs."""
        report_id = report_id or questionnaire_id
        uuids = []
        with write_transaction(self.db):
            for _ in range(count):
                response_uuid = str(uuidlib.UUID(int=next(self._serial)))
                self.db.execute(
                    "INSERT INTO responses (uuid, questionnaire_id, report_id, definition_hash, respondent_group, variant,"
                    " channel, session_id, language, started_at, submitted_at, round)"
                    " VALUES (?, ?, ?, 'test', ?, ?, ?, ?, 'en-GB', ?, ?, ?)",
                    [response_uuid, questionnaire_id, report_id, group, variant, channel, session_id,
                     submitted_at, submitted_at, round],
                )
                self.db.conn.executemany(
                    "INSERT INTO answers (response_uuid, question_id, value) VALUES (?, ?, ?)",
                    [(response_uuid, qid, v) for qid, values in (answers or {}).items() for v in values],
                )
                uuids.append(response_uuid)
        return uuids

    def close(self):
        self.db.close()
