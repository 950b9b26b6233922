"""A very small asyncio HTTP/1.1 client for the benchmark's simulated browsers.

One connection per request (gunicorn's sync workers close it after each response), a
cookie jar per client, and every request's latency recorded under a name.
"""

import asyncio
import gzip
import time
from collections import defaultdict
from dataclasses import dataclass, field
from urllib.parse import urlencode

# Seconds before a request counts as failed (TimeoutError), so a stuck server cannot stall a run.
TIMEOUT = 30


@dataclass
class Reply:
    status: int
    headers: dict
    body: str
    size: int

    @property
    def location(self):
        return self.headers.get("location", "")


@dataclass
class Timings:
    """Latencies in seconds by request name, and failures as (name, what happened)."""

    latencies: dict = field(default_factory=lambda: defaultdict(list))
    failures: list = field(default_factory=list)

    def all_latencies(self):
        return [value for values in self.latencies.values() for value in values]


class Client:
    """One simulated browser: its own cookies, talking to 127.0.0.1:port."""

    def __init__(self, port, timings):
        self.port, self.timings = port, timings
        self.cookies = {}

    async def request(self, name, method, path, form=None, headers=("Accept-Encoding: identity",)):
        body = urlencode(form or {}, doseq=True).encode()
        head = [f"{method} {path} HTTP/1.1", f"Host: 127.0.0.1:{self.port}", "Connection: close", *headers]
        if self.cookies:
            head.append("Cookie: " + "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        if method == "POST":
            head += ["Content-Type: application/x-www-form-urlencoded", f"Content-Length: {len(body)}"]
        started = time.perf_counter()
        raw = await asyncio.wait_for(self.exchange(("\r\n".join(head) + "\r\n\r\n").encode() + body), TIMEOUT)
        self.timings.latencies[name].append(time.perf_counter() - started)
        return self.parse(raw)

    async def exchange(self, request):
        reader, writer = await asyncio.open_connection("127.0.0.1", self.port)
        try:
            writer.write(request)
            return await reader.read()
        finally:
            writer.close()

    def parse(self, raw):
        head, _, body = raw.partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        headers = {}
        for line in lines[1:]:
            key, _, value = line.partition(":")
            key, value = key.strip().lower(), value.strip()
            if key == "set-cookie":
                name, _, rest = value.partition("=")
                cookie = rest.split(";", 1)[0]
                if cookie:
                    self.cookies[name] = cookie
                else:
                    self.cookies.pop(name, None)
            else:
                headers[key] = value
        if headers.get("content-encoding") == "gzip":
            body = gzip.decompress(body)
        return Reply(int(lines[0].split()[1]), headers, body.decode("utf-8", "replace"), len(raw))
