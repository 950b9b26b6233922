"""Simulated respondents answering the Group 1 standard questionnaire the way a browser does.

Each client: GET the start page, POST start with the CSRF token, then for every page GET
it, read the fields the page shows, POST answers with the page's CSRF token and response
id, follow the redirect; GET check, POST submit, follow the redirect to the confirmation.
A response counts as confirmed when submit redirects to its confirmation page (what the
person is told); its UUID is kept so the database can be compared with it. A journey
counts as completed once the confirmation page has been served.
"""

import asyncio
import random
import re
import time
from dataclasses import dataclass, field

from bench.http import Client, Timings

QUESTIONNAIRE = "group1-standard"
TAG = re.compile(r"<(input|textarea)\b([^>]*)>")
ATTRIBUTE = re.compile(r'([\w-]+)(?:="([^"]*)")?')
WORDS = "more buses in the evening and a quiet room to sit in when it gets busy".split()


class Unexpected(Exception):
    """The server answered something a browser would not expect here."""


@dataclass
class Outcome:
    timings: Timings = field(default_factory=Timings)
    confirmed: set = field(default_factory=set)
    completed: int = 0
    seconds: float = 0.0
    killed: int = 0
    confirmed_before_kill: int = 0
    deadline: float = 0.0  # time.monotonic() after which no new journey starts


def hidden(html, name):
    match = re.search(rf'name="{name}" value="([^"]+)"', html)
    if not match:
        raise Unexpected(f"no {name} on the page")
    return match.group(1)


def fields(html):
    """{name: (type, [(value, exclusive), ...])} for the answer fields on a page."""
    found = {}
    for tag, attributes in TAG.findall(html):
        attrs = {key: value for key, value in ATTRIBUTE.findall(attributes)}
        name = attrs.get("name")
        if not name or name in ("csrf_token", "response", "change"):
            continue
        kind = "textarea" if tag == "textarea" else attrs.get("type", "text")
        exclusive = attrs.get("data-behaviour") == "exclusive" or "data-exclusive" in attrs
        found.setdefault(name, (kind, []))[1].append((attrs.get("value", ""), exclusive))
    return found


def choose(page_fields, rng):
    """Answers a person might give: one radio, one to three ticks, a few words."""
    form = {}
    for name, (kind, options) in page_fields.items():
        plain = [value for value, exclusive in options if not exclusive]
        if kind == "radio":
            form[name] = rng.choice([value for value, _ in options])
        elif kind == "checkbox":
            form[name] = rng.sample(plain, min(len(plain), rng.randint(1, 2)))
        else:
            form[name] = " ".join(rng.sample(WORDS, rng.randint(3, 8)))
    return form


def expect(reply, status, what):
    if reply.status != status:
        raise Unexpected(f"{what}: HTTP {reply.status}, expected {status}")
    return reply


async def journey(client, rng, confirmed):
    """One complete response, its UUID added to `confirmed` as soon as submit confirms it."""
    base = f"/q/{QUESTIONNAIRE}"
    start = expect(await client.request("GET start page", "GET", f"{base}/"), 200, "start page")
    reply = await client.request("POST start", "POST", f"{base}/start", {"csrf_token": hidden(start.body, "csrf_token")})
    location = expect(reply, 302, "start").location
    while not location.endswith("/check"):
        page = expect(await client.request("GET question page", "GET", location), 200, location)
        form = {"csrf_token": hidden(page.body, "csrf_token"), "response": hidden(page.body, "response")}
        form.update(choose(fields(page.body), rng))
        location = expect(await client.request("POST question page", "POST", location, form), 302, location).location
    check = expect(await client.request("GET check", "GET", location), 200, "check")
    response_uuid = hidden(check.body, "response")
    form = {"csrf_token": hidden(check.body, "csrf_token"), "response": response_uuid}
    done = expect(await client.request("POST submit", "POST", f"{base}/submit", form), 302, "submit").location
    if f"ref={response_uuid}" not in done:
        raise Unexpected(f"submit redirected to {done}")
    confirmed.add(response_uuid)
    expect(await client.request("GET confirmation", "GET", done), 200, "confirmation")


async def respondent(port, number, outcome):
    """Answer one questionnaire after another, each as a new person, until the deadline."""
    rng = random.Random(number)
    while time.monotonic() < outcome.deadline:
        try:
            await journey(Client(port, outcome.timings), rng, outcome.confirmed)
        except (Unexpected, OSError, ValueError, IndexError) as problem:
            outcome.timings.failures.append(f"{type(problem).__name__}: {problem}")
            await asyncio.sleep(0.05)
            continue
        outcome.completed += 1


async def drive(port, clients, seconds):
    started = time.monotonic()
    outcome = Outcome(deadline=started + seconds)
    await asyncio.gather(*(respondent(port, n, outcome) for n in range(clients)))
    outcome.seconds = time.monotonic() - started
    return outcome


def run(port, clients=32, seconds=30, warm_up=0):
    """Run `clients` respondents for `seconds` (journeys under way then finish), after
    `warm_up` seconds of the same load whose timings are dropped (each worker compiles
    its templates on first use); the confirmed UUIDs of both are kept."""
    warm = asyncio.run(drive(port, clients, warm_up)) if warm_up else Outcome()
    outcome = asyncio.run(drive(port, clients, seconds))
    outcome.confirmed |= warm.confirmed
    return outcome


async def drive_through_crash(server, clients, seconds, before=20):
    started = time.monotonic()
    outcome = Outcome(deadline=started + 120)
    load = asyncio.gather(*(respondent(server.port, n, outcome) for n in range(clients)))
    give_up = started + 60
    while (time.monotonic() < started + seconds / 2 or len(outcome.confirmed) < before) and time.monotonic() < give_up:
        await asyncio.sleep(0.05)
    outcome.killed = len(server.kill9())
    outcome.confirmed_before_kill = len(outcome.confirmed)
    await asyncio.to_thread(server.start)
    outcome.deadline = time.monotonic() + seconds / 2
    await load
    outcome.seconds = time.monotonic() - started
    return outcome


def run_with_crash(server, clients=32, seconds=10):
    """The same load; once half the time has passed and some responses were confirmed,
    kill -9 the server mid-load, start it again and carry on for the other half."""
    return asyncio.run(drive_through_crash(server, clients, seconds))