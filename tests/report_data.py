"""A small builder that writes responses and answers straight into the SQLite file,
the way `responses.submit` stores them, so report tests can set exact figures."""

import itertools
import uuid as uuidlib

from engage.db import connect, write_transaction
from engage.reports import counts as answer_counts
from engage.reports import rounds


class Builder:
    def __init__(self, path, first_serial=1):
        """`first_serial`: where the responses' UUIDs start (a second builder on the same file starts later)."""
        self.db = connect(str(path), synchronous="OFF")  # a test file needs no fsync per response
        self._serial = itertools.count(first_serial)

    def add(self, questionnaire_id, group, variant="standard", answers=None, *, report_id=None, channel="link",
            session_id=None, submitted_at="2023-03-01T10:00:00.000000Z", count=1):
        """Insert `count` identical responses; returns their UUIDs."""
        report_id = report_id or questionnaire_id
        uuids = []
        with write_transaction(self.db):
            for _ in range(count):
                response_uuid = str(uuidlib.UUID(int=next(self._serial)))
                self.db.execute(
                    "INSERT INTO responses (uuid, questionnaire_id, report_id, definition_hash, respondent_group, variant,"
                    " channel, session_id, language, started_at, submitted_at, round)"
                    " VALUES (?1, ?2, ?3, 'test', ?4, ?5, ?6, ?7, 'en-GB', ?8, ?8,"
                    f" {rounds.ROUND_OF.format(report_id='?3', submitted_at='?8')})",
                    [response_uuid, questionnaire_id, report_id, group, variant, channel, session_id, submitted_at],
                )
                self.db.conn.executemany(
                    "INSERT INTO answers (response_uuid, question_id, value) VALUES (?, ?, ?)",
                    [(response_uuid, qid, v) for qid, values in (answers or {}).items() for v in values],
                )
                answer_counts.count_into(self.db, "r.uuid = ?", [response_uuid])
                uuids.append(response_uuid)
        return uuids

    def close(self):
        self.db.close()


# --- A dataset shaped like BCP's engagement (report para 47): 321 questionnaires, 234 from
# Group 1 (150 standard, 84 easy read) and 87 from Group 2, at 7 sessions and online. ---

BCP_PLAN = [
    # (questionnaire, group, variant, session, channel, day, how many)
    ("group1-standard", 1, "standard", "s1", "kiosk", "2023-03-01", 40),
    ("group1-standard", 1, "standard", "s2", "kiosk", "2023-03-01", 30),
    ("group1-standard", 1, "standard", "s3", "kiosk", "2023-03-01", 25),
    ("group1-standard", 1, "standard", "s4", "kiosk", "2023-03-01", 20),
    ("group1-standard", 1, "standard", None, "link", "2023-03-01", 35),
    ("group1-easyread", 1, "easyread", "s5", "kiosk", "2023-03-08", 30),
    ("group1-easyread", 1, "easyread", "s6", "kiosk", "2023-03-08", 30),
    ("group1-easyread", 1, "easyread", "s7", "paper", "2023-03-08", 20),
    ("group1-easyread", 1, "easyread", "s1", "kiosk", "2023-03-08", 4),
    ("group2-standard", 2, "standard", None, "link", "2023-03-15", 60),
    ("group2-standard", 2, "standard", "s2", "kiosk", "2023-03-15", 27),
]


def spread(*runs):
    """[(answer, how many), ...] -> one answer per person, in order."""
    return [answer for answer, count in runs for _ in range(count)]


# Group 1 people 0-149 answered the standard version, 150-233 the easy read.
BUILDING = spread((["building"], 90), (["community"], 35), (["mix"], 25),  # standard
                  (["building"], 39), (["community"], 25), (["mix"], 17), (["dont_know"], 3))  # easy read
WHAT_VALUE = spread((["meeting_people", "learning_skills"], 100), (["meeting_people"], 70), (["routine"], 38),
                    (["confidence"], 4), (None, 22))
ANYTHING_ELSE = spread((["The bus is often late"], 3), (["I love the garden at the centre"], 2), (None, 145),
                       (["More art please, 100% more"], 1))
MEET_NEEDS = spread((["very_well"], 10), (["well"], 30), (["neutral"], 25), (["badly"], 20), (["very_badly"], 2))


def build_bcp(path):
    """Write the BCP-shaped dataset into the SQLite file at `path`."""
    builder = Builder(path)
    people = {1: 0, 2: 0}
    for questionnaire_id, group, variant, session, channel, day, count in BCP_PLAN:
        report_id = "group2-standard" if group == 2 else "group1-standard"
        for _ in range(count):
            i = people[group]
            people[group] += 1
            if group == 1:
                answers = {"building_or_community": BUILDING[i], "what_value": WHAT_VALUE[i],
                           "anything_else": ANYTHING_ELSE[i] if i < len(ANYTHING_ELSE) else None}
            else:
                answers = {"meet_needs": MEET_NEEDS[i]}
            builder.add(questionnaire_id, group, variant, {k: v for k, v in answers.items() if v},
                        report_id=report_id, channel=channel, session_id=session,
                        submitted_at=f"{day}T10:{i % 60:02d}:00.000000Z")
    builder.close()
