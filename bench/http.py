"""A very small asyncio HTTP/1.1 client for the page-weight step (bench/weight.py), which
counts every byte a browser receives. (The simulated respondents are wrk: bench/journeys.py.)

One connection per request (gunicorn's sync workers close it after each response) and a
cookie jar per client.
"""

import asyncio
import gzip
from dataclasses import dataclass

# Seconds before a request counts as failed (TimeoutError), so a stuck server cannot stall a run.
TIMEOUT = 30


@dataclass
class Reply:
    status: int
    headers: dict
    body: str
    size: int


class Client:
    """One simulated browser: its own cookies, talking to 127.0.0.1:port."""

    def __init__(self, port):
        self.port = port
        self.cookies = {}

    async def get(self, path, headers=("Accept-Encoding: identity",)):
        head = [f"GET {path} HTTP/1.1", f"Host: 127.0.0.1:{self.port}", "Connection: close", *headers]
        if self.cookies:
            head.append("Cookie: " + "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        raw = await asyncio.wait_for(self.exchange(("\r\n".join(head) + "\r\n\r\n").encode()), TIMEOUT)
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
