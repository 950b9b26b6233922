"""The application factory: `flask --app app run`."""

import os

from flask import Flask
from jinja2 import ChoiceLoader, FileSystemLoader, PackageLoader, PrefixLoader

from engage import catalogue, config, db, definitions, kiosk, polls, reports, respondent, sessions, staff, web

# In this order: the database before the catalogue (imported into it at start-up), staff
# sign-in before the public links' guard.
PACKAGES = (web, db, catalogue, staff, definitions, sessions, polls, respondent, kiosk, reports)


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
    for package in PACKAGES:
        package.init_app(app)
    return app
