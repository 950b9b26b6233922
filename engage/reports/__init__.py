"""The engagement report: figures (pure queries, no Flask), filters, polls in the report,
rounds, the page and its downloads, and the export CLI."""


def init_app(app):
    from engage.reports import counts, exports, paper, round_views, rounds, views

    for module in (counts, rounds, exports):
        module.init_app(app)
    app.register_blueprint(views.bp)
    app.register_blueprint(round_views.bp)
    app.jinja_env.globals["round_label"] = paper.round_label  # 'Round 2: 2027', one wording everywhere
