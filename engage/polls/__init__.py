"""Polls: definitions, ballots, the participant's pages, the live screen, room tallies,
results and downloads."""


def init_app(app):
    from engage.polls import staff_views, views

    views.init_app(app)
    for blueprint in (views.bp, staff_views.bp):
        app.register_blueprint(blueprint)
