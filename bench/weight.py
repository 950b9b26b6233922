"""Page weight: the bytes a browser receives (status line, headers and body) for an
easy-read question page and the CSS and JavaScript it loads, pictures excluded.

First visit: an empty cache. Repeat visit: the page itself again (it is never cached: it
carries the person's CSRF token and answers); each asset costs nothing while its
Cache-Control max-age holds, a 304 when it can only be revalidated by ETag, or all of it.
"""

import asyncio
import posixpath
import re
from urllib.parse import urljoin, urlsplit

from bench.http import Client

# The easy-read page with the most options.
QUESTIONNAIRE, PAGE = "group1-easyread", "what-value"
ASSETS = re.compile(r'<link rel="stylesheet" href="([^"]+)"|<script[^>]* src="([^"]+)"')
IMPORTS = re.compile(r"""\bimport\b[^'"]*['"]([^'"]+)['"]""")


def visit(port, path, cookie):
    """(first visit bytes, repeat visit bytes) for the page at `path`, gzipped as browsers ask."""
    return asyncio.run(both_visits(port, path, cookie))


async def both_visits(port, path, cookie):
    client = Client(port)
    client.cookies["session"] = cookie.removeprefix("Cookie: session=")
    headers = ("Accept-Encoding: gzip",)
    page = await client.get(path, headers=headers)
    if page.status != 200:
        raise RuntimeError(f"{path}: HTTP {page.status}")
    first, repeat, cached = page.size, page.size, {}
    queue = [urljoin(path, a or b) for a, b in ASSETS.findall(page.body)]
    while queue:
        url = queue.pop(0)
        if url in cached:
            continue
        reply = await client.get(url, headers=headers)
        cached[url] = reply
        first += reply.size
        if url.split("?")[0].endswith(".js"):
            queue += [resolve(url, target) for target in IMPORTS.findall(reply.body)]
    for url, reply in cached.items():
        repeat += await repeat_cost(client, url, reply, headers)
    return first, repeat


def resolve(base, target):
    """A module import's URL, relative to the importing script."""
    return posixpath.normpath(posixpath.join(posixpath.dirname(urlsplit(base).path), target))


async def repeat_cost(client, url, reply, headers):
    max_age = re.search(r"max-age=(\d+)", reply.headers.get("cache-control", ""))
    if max_age and int(max_age.group(1)) > 0:
        return 0
    if "etag" in reply.headers:
        again = await client.get(url, headers=(*headers, f"If-None-Match: {reply.headers['etag']}"))
        return again.size
    return reply.size
