// "Read to me": reads the screen's question, hint, error and options aloud with the
// browser's speech synthesis. The button stays hidden where the browser cannot speak.
(function () {
  'use strict';
  var synth = window.speechSynthesis;
  if (!synth || typeof window.SpeechSynthesisUtterance !== 'function') { return; }

  function britishVoice() {
    var voices = synth.getVoices() || [];
    for (var i = 0; i < voices.length; i++) {
      if (voices[i].lang && voices[i].lang.replace('_', '-').toLowerCase() === 'en-gb') { return voices[i]; }
    }
    return null;
  }

  function textsToRead(button) {
    var main = document.querySelector('main') || document.body;
    var parts = [];
    main.querySelectorAll(button.getAttribute('data-read')).forEach(function (element) {
      var text = element.textContent.replace(/\s+/g, ' ').trim();
      if (text && !element.closest('[hidden]')) { parts.push(text); }
    });
    return parts;
  }

  function setPressed(button, pressed) {
    button.setAttribute('aria-pressed', pressed ? 'true' : 'false');
  }

  function speak(button) {
    var parts = textsToRead(button);
    var voice = britishVoice();
    parts.forEach(function (text, index) {
      var utterance = new window.SpeechSynthesisUtterance(text);
      utterance.lang = 'en-GB';
      utterance.rate = 0.9;
      if (voice) { utterance.voice = voice; }
      if (index === parts.length - 1) {
        utterance.onend = function () { setPressed(button, false); };
        utterance.onerror = utterance.onend;
      }
      synth.speak(utterance);
    });
    setPressed(button, parts.length > 0);
  }

  document.querySelectorAll('[data-module="er-readaloud"]').forEach(function (button) {
    button.hidden = false;
    button.addEventListener('click', function () {
      var speaking = button.getAttribute('aria-pressed') === 'true';
      synth.cancel();
      if (speaking) { setPressed(button, false); } else { speak(button); }
    });
  });
  // Stop talking when the person leaves the screen.
  window.addEventListener('pagehide', function () { synth.cancel(); });
}());
