"""What every page shares: security headers and CSRF, error pages, i18n, template helpers,
static files, compression, and the pages about the service."""


def init_app(app):
    from engage.web import (
        about,
        compression,
        converters,
        errors,
        i18n,
        security,
        static_files,
        template_helpers,
    )

    for module in (converters, i18n, template_helpers, security, errors, static_files, compression):
        module.init_app(app)
    app.register_blueprint(about.bp)
