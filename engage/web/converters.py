"""URL converters: `<int:...>` in every route takes only what SQLite can store, so an id
like 99999999999999999999 is a plain 404 (no such thing), never an OverflowError."""

from werkzeug.routing import IntegerConverter


class SQLiteInteger(IntegerConverter):
    """Whole numbers from 0 to SQLite's largest integer, 2**63 - 1."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", 2**63 - 1)
        super().__init__(map, *args, **kwargs)


def init_app(app):
    app.url_map.converters["int"] = SQLiteInteger
