"""Kiosk mode on shared tablets, the offline kiosk, and syncing its answers."""


def init_app(app):
    from engage.kiosk import offline_views, views

    for blueprint in (offline_views.bp, views.bp):
        app.register_blueprint(blueprint)
