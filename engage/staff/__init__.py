"""The staff side: accounts, sign-in, permissions, sign-in limits, the audit log, admin
pages, the dashboard, retention, backups and the command-line tools."""


def init_app(app):
    from engage.staff import admin, auth, backup, demo, retention_cli, users_cli, views

    for module in (auth, users_cli, retention_cli, backup, demo):
        module.init_app(app)
    for blueprint in (auth.bp, views.bp, admin.bp):
        app.register_blueprint(blueprint)
