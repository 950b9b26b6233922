// The projector's keys: Right, Page Down or Space for the next proposal, Left or Page Up for
// the previous one, R to reveal, H to hide, P for the whole priority or one proposal, F for
// full screen. Each key sends the same form the controller's buttons send, then the page
// follows (poll-live.js reloads when the state changes). Without JavaScript the controller
// (the live page) drives everything.
(function () {
  'use strict';
  var root = document.querySelector('.projector[data-action-url]');
  if (!root || !window.fetch) { return; }
  var priority = !!root.querySelector('.projector__body--priority');
  var KEYS = {
    ArrowRight: 'next', PageDown: 'next', ' ': 'next', ArrowLeft: 'previous', PageUp: 'previous',
    r: 'reveal', h: 'hide', p: priority ? 'show-proposal' : 'show-priority'
  };

  function send(action) {
    var form = new FormData();
    form.append('csrf_token', root.getAttribute('data-csrf'));
    form.append('action', action);
    if (root.getAttribute('data-session')) { form.append('session', root.getAttribute('data-session')); }
    fetch(root.getAttribute('data-action-url'), { method: 'POST', body: form, credentials: 'same-origin' })
      .then(function () { window.location.reload(); })
      .catch(function () { /* the next key press tries again */ });
  }

  document.addEventListener('keydown', function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey) { return; }
    var key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
    if (key === 'f') {
      if (document.fullscreenElement) { document.exitFullscreen(); } else if (document.documentElement.requestFullscreen) { document.documentElement.requestFullscreen(); }
      return;
    }
    if (KEYS[key]) {
      event.preventDefault();
      send(KEYS[key]);
    }
  });
}());
