"""The respondent's pages: start, one page at a time, check answers, confirmation; reading
a posted page, checking complete answers, and storing drafts and responses."""


def init_app(app):
    from engage.respondent import views

    app.register_blueprint(views.bp)
