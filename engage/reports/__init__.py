"""The engagement report: figures (pure queries, no Flask), filters, polls in the report,
rounds, the page and its downloads, and the export CLI."""


def init_app(app):
    from engage.reports import counts, exports, round_views, rounds, views

    for module in (counts, rounds, exports):
        module.init_app(app)
    app.register_blueprint(views.bp)
    app.register_blueprint(round_views.bp)
