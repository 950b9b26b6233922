// "Read to me": reads the screen's question, hint, error and options aloud with the
// browser's speech synthesis. The button stays hidden where the browser cannot speak.
(function () {
  'use strict';
  var synth = window.speechSynthesis;
  if (!synth || typeof window.SpeechSynthesisUtterance !== 'function' || window.erReadAloudReady) { return; }
  window.erReadAloudReady = true;  // a page may load this script twice (the kiosk's idle box)

  function britishVoice() {
    var voices = synth.getVoices() || [];
    for (var i = 0; i < voices.length; i++) {
      if (voices[i].lang && voices[i].lang.replace('_', '-').toLowerCase() === 'en-gb') { return voices[i]; }
    }
    return null;
  }

  function textsToRead(button) {
    var main = button.closest('dialog') || document.querySelector('main') || document.body;
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

  // After Read to me has been pressed (remembered for this tab), choosing an answer reads
  // that one answer aloud: a person can hear one answer at a time.
  var MODE = 'er-readaloud';
  function modeOn() {
    try { return window.sessionStorage.getItem(MODE) === 'on'; } catch (e) { return false; }
  }
  function setMode(on) {
    try { window.sessionStorage.setItem(MODE, on ? 'on' : 'off'); } catch (e) { /* private mode */ }
  }
  function sayOne(text) {
    var utterance = new window.SpeechSynthesisUtterance(text);
    utterance.lang = 'en-GB';
    utterance.rate = 0.9;
    var voice = britishVoice();
    if (voice) { utterance.voice = voice; }
    synth.cancel();
    synth.speak(utterance);
  }

  document.querySelectorAll('[data-module="er-readaloud"]').forEach(function (button) {
    button.hidden = false;
    button.addEventListener('click', function () {
      var speaking = button.getAttribute('aria-pressed') === 'true';
      synth.cancel();
      setMode(!speaking);
      if (speaking) { setPressed(button, false); } else { speak(button); }
    });
  });
  document.addEventListener('change', function (event) {
    var card = event.target.closest && event.target.closest('.er-option');
    var label = card && card.querySelector('.er-option__label');
    if (label && event.target.checked && modeOn()) { sayOne(label.textContent.replace(/\s+/g, ' ').trim()); }
  });
  // Stop talking when the person leaves the screen.
  window.addEventListener('pagehide', function () { synth.cancel(); });
}());
