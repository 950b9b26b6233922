// Runs first in <body>, before anything paints: lets GOV.UK Frontend style for JavaScript.
document.body.className += ' js-enabled' + ('noModule' in HTMLScriptElement.prototype ? ' govuk-frontend-supported' : '');
