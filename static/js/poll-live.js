// The live screen: every 2.5 s, fetch the poll's live state and update the counts in place.
// When a facilitator (on this or another screen) moves on, reveals or hides, reload to follow.
(function () {
  'use strict';
  var root = document.querySelector('[data-live-url]');
  if (!root || !window.fetch) { return; }
  var INTERVAL_MS = 2500;

  function setText(selector, text) {
    var element = root.querySelector(selector);
    if (element && element.textContent !== text) { element.textContent = text; }
  }

  function update(data) {
    if (data.state !== root.getAttribute('data-state')) {
      window.location.reload();
      return;
    }
    data.items.forEach(function (item) {
      setText('[data-total="' + item.proposal_id + '"]', String(item.total));
      if (!item.counts) { return; }
      Object.keys(item.counts).forEach(function (optionId) {
        setText('[data-count="' + item.proposal_id + ':' + optionId + '"]', String(item.counts[optionId]));
      });
      setText('[data-agree="' + item.proposal_id + '"]', item.agree_percent === null ? '–' : item.agree_percent + '%');
    });
  }

  function poll() {
    fetch(root.getAttribute('data-live-url'), { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) { if (data) { update(data); } })
      .catch(function () { /* a dropped request: try again next time */ })
      .then(function () { window.setTimeout(poll, INTERVAL_MS); });
  }

  window.setTimeout(poll, INTERVAL_MS);
}());
