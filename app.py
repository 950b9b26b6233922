"""The application factory: `flask --app app run`."""

import os

from flask import Flask
from jinja2 import ChoiceLoader, FileSystemLoader, PackageLoader, PrefixLoader

from engage import (
    catalogue, config, db, errors, exports, i18n, rounds, security, staff_auth, tallies, template_helpers, users_cli,
)
from engage.report_views import bp as report_bp
from engage.respondent_views import bp as respondent_bp
from engage.staff_views import bp as staff_bp


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
    for module in (i18n, template_helpers, security, errors, catalogue, db, staff_auth, users_cli, tallies, rounds, exports):
        module.init_app(app)
    for blueprint in (respondent_bp, staff_auth.bp, staff_bp, report_bp):
        app.register_blueprint(blueprint)
    return app
