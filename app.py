"""The application factory: `flask --app app run`."""

import os

from flask import Flask
from jinja2 import ChoiceLoader, FileSystemLoader, PackageLoader, PrefixLoader

from engage import (
    answer_counts, backup, catalogue, compression, config, cookie_sessions, csrf_tokens, db, demo_accounts, errors,
    exports, fragments, i18n, poll_views, public_links, retention_cli, rounds, security, sign_in_limits,
    static_files, staff_auth, template_helpers, users_cli,
)
from engage.about_views import bp as about_bp
from engage.admin_views import bp as admin_bp
from engage.kiosk_views import bp as kiosk_bp
from engage.offline_views import bp as offline_bp
from engage.paper_views import bp as paper_bp
from engage.poll_staff_views import bp as poll_staff_bp
from engage.public_links import bp as public_sessions_bp
from engage.report_views import bp as report_bp
from engage.respondent_views import bp as respondent_bp
from engage.session_views import bp as sessions_bp
from engage.staff_views import bp as staff_bp

MODULES = (
    i18n, template_helpers, cookie_sessions, security, csrf_tokens, errors, catalogue, db, staff_auth, users_cli,
    sign_in_limits, retention_cli, backup, demo_accounts, public_links, poll_views, fragments, static_files,
    compression, answer_counts, rounds, exports,
)
BLUEPRINTS = (
    respondent_bp, staff_auth.bp, staff_bp, admin_bp, public_sessions_bp, sessions_bp, paper_bp,
    poll_views.bp, poll_staff_bp, offline_bp, kiosk_bp, about_bp, report_bp,
)


def create_app(test_config=None):
    app = Flask(__name__, instance_relative_config=True)
    os.makedirs(app.instance_path, exist_ok=True)
    config.load(app, test_config)
    app.jinja_loader = ChoiceLoader(
        [
            FileSystemLoader(os.path.join(app.root_path, "templates")),
            PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja")}),
        ]
    )
    for module in MODULES:
        module.init_app(app)
    for blueprint in BLUEPRINTS:
        app.register_blueprint(blueprint)
    return app
