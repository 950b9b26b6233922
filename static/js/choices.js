// Easy read: the rules for ticking answers, kept on the screen as well as on the server.
// A card group with data-max never holds more ticks than that; an answer marked
// data-exclusive ("I don't know") goes on its own. When a tick is refused or undone the
// reason appears in the group's live region (screen readers say it) and is read aloud.
(function () {
  'use strict';

  function say(region, text) {
    region.textContent = '';
    window.setTimeout(function () { region.textContent = text; }, 50);
    var synth = window.speechSynthesis;
    if (synth && typeof window.SpeechSynthesisUtterance === 'function') {
      synth.cancel();
      var utterance = new window.SpeechSynthesisUtterance(text);
      utterance.lang = 'en-GB';
      synth.speak(utterance);
    }
  }

  function enforce(group, region, box) {
    var boxes = Array.prototype.slice.call(group.querySelectorAll('input[type="checkbox"]'));
    var exclusive = boxes.filter(function (b) { return b.hasAttribute('data-exclusive'); })[0];
    if (!box.checked) { return; }
    if (exclusive && (box === exclusive || exclusive.checked)) {
      var others = box === exclusive ? boxes.filter(function (b) { return b !== exclusive && b.checked; }) : [exclusive];
      if (others.length) {
        others.forEach(function (b) { b.checked = false; });
        say(region, group.getAttribute('data-exclusive-message'));
      }
      return;
    }
    var max = Number(group.getAttribute('data-max'));
    if (max && boxes.filter(function (b) { return b.checked; }).length > max) {
      box.checked = false;
      say(region, group.getAttribute('data-too-many'));
    }
  }

  document.querySelectorAll('[data-module="er-choices"]').forEach(function (group) {
    var region = group.parentNode.querySelector('[data-choices-message]');
    group.addEventListener('change', function (event) {
      if (event.target.type === 'checkbox') { enforce(group, region, event.target); }
    });
  });
}());
