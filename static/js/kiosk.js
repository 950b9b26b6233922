// Kiosk mode enhancements. Without JavaScript the kiosk still works, with no timers.
// - Thank-you screen: a visible countdown, then back to the start with location.replace
//   (so the back button cannot step into the last person's pages).
// - Question pages: after data-idle-seconds without a touch or key press, "Are you still
//   there?"; after data-grace-seconds more, the draft is discarded on the server.
(function () {
  'use strict';

  function countdown(seconds, display, done) {
    var left = seconds;
    display.textContent = String(left);
    var timer = window.setInterval(function () {
      left -= 1;
      display.textContent = String(Math.max(left, 0));
      if (left <= 0) { window.clearInterval(timer); done(); }
    }, 1000);
    return function stop() { window.clearInterval(timer); };
  }

  function thanks(screen) {
    var start = screen.getAttribute('data-start-url');
    var goToStart = function () { window.location.replace(start); };
    screen.querySelector('[data-kiosk-countdown-text]').hidden = false;
    countdown(Number(screen.getAttribute('data-seconds')), screen.querySelector('[data-kiosk-countdown]'), goToStart);
    screen.querySelector('[data-kiosk-next]').addEventListener('click', function (event) {
      event.preventDefault();
      goToStart();
    });
  }

  function idle(dialog) {
    var idleMs = Number(dialog.getAttribute('data-idle-seconds')) * 1000;
    var grace = Number(dialog.getAttribute('data-grace-seconds'));
    var form = dialog.querySelector('[data-kiosk-discard]');
    var idleTimer = null;
    var stopCountdown = null;

    function discard() {
      if (window.speechSynthesis) { window.speechSynthesis.cancel(); }
      var start = dialog.getAttribute('data-start-url');
      window.fetch(form.action, { method: 'POST', body: new FormData(form), credentials: 'same-origin' })
        .then(function () { window.location.replace(start); }, function () { form.submit(); });
    }

    function stillThere() {
      dialog.showModal();
      stopCountdown = countdown(grace, dialog.querySelector('[data-kiosk-countdown]'), discard);
    }

    function activity() {
      if (dialog.open) { return; }
      window.clearTimeout(idleTimer);
      idleTimer = window.setTimeout(stillThere, idleMs);
    }

    var clear = dialog.querySelector('[data-kiosk-clear]');
    dialog.querySelector('[data-kiosk-carry-on]').addEventListener('click', function () {
      stopCountdown();
      form.hidden = true;
      clear.hidden = false;
      dialog.close();
      activity();
    });
    // "No, clear my answers" asks once more before anything is deleted.
    clear.addEventListener('click', function () {
      clear.hidden = true;
      form.hidden = false;
      form.querySelector('button').focus();
    });
    // Escape would close the dialog without stopping the countdown: treat it as "carry on".
    dialog.addEventListener('cancel', function (event) {
      event.preventDefault();
      dialog.querySelector('[data-kiosk-carry-on]').click();
    });
    ['pointerdown', 'keydown', 'touchstart', 'scroll', 'input'].forEach(function (name) {
      document.addEventListener(name, activity, { passive: true, capture: true });
    });
    activity();
  }

  var screen = document.querySelector('[data-module="kiosk-thanks"]');
  if (screen) { thanks(screen); }
  var dialog = document.getElementById('kiosk-idle');
  if (dialog && typeof dialog.showModal === 'function') { idle(dialog); }
}());
