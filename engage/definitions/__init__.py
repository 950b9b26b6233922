"""Questionnaires and polls kept as versions in the database: the storage (`store`), the
checks a version passes before it may be published and the start-up import of surveys/
(`files`), and the staff pages for drafts, preview and the lifecycle (`views`)."""


def init_app(app):
    from engage.definitions import views

    views.init_app(app)
