"""Engagement sessions: the model, the staff pages and forms, public links and QR codes,
posters and paper entry."""


def init_app(app):
    from engage.sessions import paper_views, public_links, views

    public_links.init_app(app)
    for blueprint in (public_links.bp, views.bp, paper_views.bp):
        app.register_blueprint(blueprint)
