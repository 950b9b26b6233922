"""Bounded caches kept in each worker process (rendered pages, verified cookies, signed
tokens, static URLs): a dict emptied when it reaches its limit, which costs nothing per
entry and keeps memory bounded whatever the traffic."""


def store(cache, limit, key, value):
    """cache[key] = value, emptying the cache first when it already holds `limit` entries."""
    if len(cache) >= limit:
        cache.clear()
    cache[key] = value
    return value


def keep(cache, limit, key, make):
    """cache[key], made by make() and stored the first time it is asked for."""
    value = cache.get(key)
    return value if value is not None else store(cache, limit, key, make())
