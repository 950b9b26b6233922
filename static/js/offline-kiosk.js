// A kiosk tablet that keeps working when the Wi-Fi drops.
//
// The whole questionnaire arrives in one document (one <template> per step), so the
// tablet can take any number of respondents offline. A finished response is written to
// IndexedDB (with the UUID minted when the person pressed Start) before "Thank you" is
// shown, then sent oldest first with retries and backoff; the server stores each UUID
// once, so a replay never doubles. Nothing is discarded automatically: answers the
// server refuses stay on the tablet for staff to save to a file.
import { openStore } from './offline-store.js';

const app = document.getElementById('offline-app');
const stage = document.getElementById('offline-stage');
const definition = JSON.parse(document.getElementById('offline-definition').textContent);
const cfg = app.dataset;
const baseTitle = document.title;
const BATCH = 20;
const MAX_BACKOFF_SECONDS = 300;

let store;
let person = null; // {uuid, started_at, answers, pageId}
let step = 'start';
let idleTimer = null;
let graceTimer = null;
let countdownTimer = null;
let backoffSeconds = 0;
let retryTimer = null;
let sending = false;

// ---- the definition: visibility, order and rules, as on the server ----

function isVisible(question, answers) {
  const cond = question.show_if;
  return !cond || (answers[cond.question] || []).some((v) => cond.any_of.includes(v));
}

function visibleQuestions(page, answers) {
  return page.questions.filter((q) => isVisible(q, answers));
}

function visiblePages(answers) {
  return definition.pages.filter((p) => visibleQuestions(p, answers).length > 0);
}

function prune(answers) {
  const kept = {};
  for (const page of definition.pages) {
    for (const q of page.questions) {
      if (q.id in answers && isVisible(q, kept)) kept[q.id] = answers[q.id];
    }
  }
  return kept;
}

function firstUnfinished(answers) {
  return visiblePages(answers).find((p) => visibleQuestions(p, answers).some((q) => !(q.id in answers)));
}

function problem(q, values) {
  if (q.extra_option && values.includes(q.extra_option) && values.length > 1) return q.messages.exclusive;
  if (q.max_choices && values.length > q.max_choices) return q.messages.too_many;
  if (values.length === 0) return q.required ? q.messages.required : null;
  if (q.max_length && values[0].length > q.max_length) return q.messages.too_long;
  return null;
}

// ---- showing a step ----

function show(name, pageId) {
  step = name;
  const template = document.getElementById(pageId ? `step-page-${pageId}` : `step-${name}`);
  stage.replaceChildren(template.content.cloneNode(true));
  if (pageId) fillPage(pageId);
  if (name === 'check') fillCheck();
  const heading = stage.querySelector('h1') || stage.querySelector('legend, label');
  document.title = `${heading.textContent.trim()} – ${baseTitle.split(' – ').slice(1).join(' – ')}`;
  window.scrollTo(0, 0);
  heading.setAttribute('tabindex', '-1');
  heading.focus();
  watchIdle();
}

function page(pageId) {
  return definition.pages.find((p) => p.id === pageId);
}

function fillPage(pageId) {
  const answers = person.answers;
  for (const q of page(pageId).questions) {
    const block = stage.querySelector(`[data-question="${q.id}"]`);
    if (!isVisible(q, answers)) { block.remove(); continue; }
    for (const field of block.querySelectorAll(`[name="${q.id}"]`)) {
      if (field.type === 'radio' || field.type === 'checkbox') field.checked = (answers[q.id] || []).includes(field.value);
      else field.value = (answers[q.id] || [''])[0] || '';
    }
  }
  showProgress(answers);
}

// As engage.questionnaires.journey.progress: the questions that could still be asked on the
// longest way forward, so the figure only goes down.
function showProgress(answers) {
  const possible = new Set();
  for (const p of definition.pages) {
    for (const q of p.questions) {
      const cond = q.show_if;
      if (!cond || (cond.question in answers ? isVisible(q, answers) : possible.has(cond.question))) possible.add(q.id);
    }
  }
  const left = [...possible].filter((id) => !(id in answers)).length;
  const done = possible.size - left;
  const text = stage.querySelector('[data-progress]');
  text.textContent = left <= 1 ? cfg.progressLast : cfg.progress.replace('{n}', left);
  stage.querySelector('progress').value = done + left === 0 ? 100 : Math.floor((100 * done) / (done + left));
}

function readPage(pageId) {
  const values = {};
  for (const q of visibleQuestions(page(pageId), person.answers)) {
    const fields = [...stage.querySelectorAll(`[name="${q.id}"]`)];
    if (q.type === 'short_text' || q.type === 'long_text') {
      const text = fields[0].value.replace(/\r\n/g, '\n').trim();
      values[q.id] = text ? [text] : [];
    } else {
      values[q.id] = fields.filter((f) => f.checked).map((f) => f.value);
    }
  }
  return values;
}

function showErrors(errors) {
  const summary = document.createElement('div');
  summary.className = 'govuk-error-summary';
  summary.setAttribute('role', 'alert');
  summary.setAttribute('tabindex', '-1');
  const title = document.createElement('h2');
  title.className = 'govuk-error-summary__title';
  title.textContent = cfg.errorTitle;
  const list = document.createElement('ul');
  list.className = 'govuk-list govuk-error-summary__list';
  for (const [id, message] of errors) {
    const link = Object.assign(document.createElement('a'), { href: `#${id}`, textContent: message });
    const item = document.createElement('li');
    item.append(link);
    list.append(item);
    markField(id, message);
  }
  const body = document.createElement('div');
  body.className = 'govuk-error-summary__body';
  body.append(list);
  summary.append(title, body);
  stage.querySelector('[data-error-summary]').replaceChildren(summary);
  summary.focus();
}

function markField(id, message) {
  const block = stage.querySelector(`[data-question="${id}"]`);
  const group = block.querySelector('.govuk-form-group');
  group.classList.add('govuk-form-group--error');
  const error = document.createElement('p');
  error.className = 'govuk-error-message';
  error.id = `${id}-error`;
  const prefix = document.createElement('span');
  prefix.className = 'govuk-visually-hidden';
  prefix.textContent = `${cfg.errorPrefix} `;
  error.append(prefix, message);
  const anchor = group.querySelector('.er-options, .govuk-radios, .govuk-checkboxes, textarea, input:not([type=hidden])');
  anchor.before(error);
  const described = group.querySelector('fieldset') || group.querySelector('textarea, input');
  const ids = (described.getAttribute('aria-describedby') || '').split(' ').filter(Boolean);
  described.setAttribute('aria-describedby', [...ids, error.id].join(' '));
}

function fillCheck() {
  const list = stage.querySelector('[data-summary]');
  for (const p of visiblePages(person.answers)) {
    for (const q of visibleQuestions(p, person.answers)) {
      const values = person.answers[q.id] || [];
      const row = document.createElement('div');
      row.className = 'govuk-summary-list__row';
      const key = Object.assign(document.createElement('dt'), { className: 'govuk-summary-list__key', textContent: q.text });
      const shown = values.length ? values.map((v) => q.labels[v] || v).join(', ') : cfg.notAnswered;
      const value = Object.assign(document.createElement('dd'), { className: 'govuk-summary-list__value', textContent: shown });
      const actions = Object.assign(document.createElement('dd'), { className: 'govuk-summary-list__actions' });
      const change = Object.assign(document.createElement('button'), {
        type: 'button', className: 'govuk-button govuk-button--secondary govuk-!-margin-bottom-0', textContent: cfg.change,
      });
      const hidden = Object.assign(document.createElement('span'), { className: 'govuk-visually-hidden', textContent: ` ${q.text}` });
      change.append(hidden);
      change.dataset.action = 'change';
      change.dataset.page = p.id;
      actions.append(change);
      row.append(key, value, actions);
      list.append(row);
    }
  }
}

// ---- a person's journey ----

async function begin() {
  person = { uuid: crypto.randomUUID(), started_at: new Date().toISOString(), answers: {} };
  await goTo(visiblePages({})[0].id);
}

async function goTo(pageId) {
  person.pageId = pageId;
  await store.putCurrent(definition.id, person);
  show('page', pageId);
}

async function next() {
  const values = readPage(person.pageId);
  const errors = Object.entries(values)
    .map(([id, v]) => [id, problem(definition.pages.flatMap((p) => p.questions).find((q) => q.id === id), v)])
    .filter(([, message]) => message);
  if (errors.length) { showErrors(errors); return; }
  person.answers = prune({ ...person.answers, ...values });
  const unfinished = firstUnfinished(person.answers);
  const pages = visiblePages(person.answers);
  const following = pages[pages.findIndex((p) => p.id === person.pageId) + 1];
  const target = person.changing ? unfinished : following;
  if (target) { await goTo(target.id); return; }
  person.pageId = null;
  person.changing = false;
  await store.putCurrent(definition.id, person);
  show('check');
}

async function back() {
  const pages = visiblePages(person.answers);
  if (step === 'check') { await goTo(pages[pages.length - 1].id); return; }
  const index = pages.findIndex((p) => p.id === person.pageId);
  if (index > 0) await goTo(pages[index - 1].id);
  else { await store.deleteCurrent(definition.id); person = null; show('start'); }
}

async function send() {
  const helped = stage.querySelector('[data-helped]').checked;
  const item = {
    uuid: person.uuid, questionnaire_id: definition.id, answers: person.answers, started_at: person.started_at,
    helped_by_staff: helped, session_id: cfg.sessionId || null, saved_at: new Date().toISOString(),
  };
  await store.putWaiting(item); // acknowledged only once it is on the tablet
  await store.deleteCurrent(definition.id);
  person = null;
  show('thanks');
  startCountdown();
  sendWaiting();
}

function startCountdown() {
  let left = Number(cfg.thanksSeconds);
  const line = stage.querySelector('[data-countdown]');
  const tick = () => {
    line.textContent = line.dataset.countdownText.replace('{n}', left);
    if (left-- <= 0) restart();
  };
  tick();
  countdownTimer = setInterval(tick, 1000);
}

function restart() {
  clearInterval(countdownTimer);
  show('start');
}

// ---- idle: ask, then clear the unfinished answers ----

function watchIdle() {
  clearTimeout(idleTimer);
  clearTimeout(graceTimer);
  if (!person || step === 'idle') return;
  idleTimer = setTimeout(askIfStillThere, Number(cfg.idleSeconds) * 1000);
}

function askIfStillThere() {
  const resumeTo = person.pageId;
  show('idle');
  stage.dataset.resume = resumeTo || '';
  graceTimer = setTimeout(async () => {
    await store.deleteCurrent(definition.id);
    person = null;
    show('start');
  }, Number(cfg.graceSeconds) * 1000);
}

function resume() {
  clearTimeout(graceTimer);
  const pageId = stage.dataset.resume;
  if (pageId) show('page', pageId);
  else show('check');
}

// ---- sending waiting answers ----

async function sendWaiting() {
  if (sending) return;
  sending = true;
  clearTimeout(retryTimer);
  try {
    for (let batch = await store.oldestWaiting(BATCH); batch.length; batch = await store.oldestWaiting(BATCH)) {
      const results = await post(batch);
      for (const result of results) {
        if (result.status === 'rejected') await store.markRefused(result.uuid, result.reason);
        else await store.deleteWaiting(result.uuid);
      }
    }
    backoffSeconds = 0;
  } catch (error) {
    backoffSeconds = Math.min(backoffSeconds ? backoffSeconds * 2 : 5, MAX_BACKOFF_SECONDS);
    retryTimer = setTimeout(sendWaiting, backoffSeconds * 1000);
  } finally {
    sending = false;
    showStatus();
  }
}

async function post(batch) {
  const response = await fetch(cfg.syncUrl, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json', 'X-CSRFToken': cfg.csrf },
    body: JSON.stringify({ items: batch.map(({ saved_at, refused, ...item }) => item) }),
  });
  if (!response.ok) throw new Error(`sync answered ${response.status}`);
  return (await response.json()).results;
}

async function showStatus() {
  const waiting = await store.allWaiting();
  const refused = waiting.filter((item) => item.refused);
  const panel = document.querySelector('[data-staff-panel]');
  panel.querySelector('[data-connection]').textContent = navigator.onLine ? app.dataset.online : app.dataset.offline;
  panel.querySelector('[data-waiting]').textContent = app.dataset.waitingText.replace('{n}', waiting.length - refused.length)
    + (refused.length ? ` ${app.dataset.refusedText.replace('{n}', refused.length)}` : '');
  const list = panel.querySelector('[data-waiting-list]');
  list.replaceChildren(...waiting.map((item) => Object.assign(document.createElement('li'), {
    textContent: `${item.saved_at.slice(11, 16)} ${item.uuid.slice(0, 8).toUpperCase()}${item.refused ? ` – ${item.refused}` : ''}`,
  })));
}

// The file holds every waiting person's answers: the server checks the facilitator's PIN first.
async function pinProblem() {
  const field = document.getElementById('file-pin');
  try {
    const response = await fetch(cfg.filePinUrl, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'X-CSRFToken': cfg.csrf },
      body: JSON.stringify({ pin: field.value }),
    });
    field.value = '';
    return response.ok ? null : (await response.json()).error;
  } catch (error) {
    return app.dataset.noConnection;
  }
}

function showPinProblem(message) {
  const group = document.querySelector('[data-file-pin-group]');
  const error = group.querySelector('[data-file-pin-error]');
  group.classList.toggle('govuk-form-group--error', Boolean(message));
  error.hidden = !message;
  error.textContent = message ? `${app.dataset.errorPrefix} ${message}` : '';
  document.getElementById('file-pin').toggleAttribute('aria-describedby', false);
  if (message) document.getElementById('file-pin').setAttribute('aria-describedby', 'file-pin-error');
}

async function saveToFile() {
  const problem = await pinProblem();
  showPinProblem(problem);
  if (problem) return;
  const items = (await store.allWaiting()).map(({ saved_at, refused, ...item }) => item);
  const blob = new Blob([JSON.stringify({ format: 'engage-offline-answers', version: 1, items }, null, 1)], { type: 'application/json' });
  const link = Object.assign(document.createElement('a'), {
    href: URL.createObjectURL(blob), download: `answers-${definition.id}-${new Date().toISOString().slice(0, 16).replace(':', '')}.json`,
  });
  document.body.append(link);
  link.click();
  link.remove();
}

// ---- wiring ----

const actions = {
  start: begin, next, back, send, restart, resume,
  change: (button) => { person.changing = true; return goTo(button.dataset.page); },
  'send-now': sendWaiting,
  'save-file': saveToFile,
};

app.addEventListener('click', (event) => {
  const button = event.target.closest('[data-action]');
  if (!button || !actions[button.dataset.action]) return;
  event.preventDefault();
  actions[button.dataset.action](button);
});
app.addEventListener('submit', (event) => { event.preventDefault(); next(); });
for (const kind of ['pointerdown', 'keydown', 'input']) document.addEventListener(kind, watchIdle, { passive: true });
window.addEventListener('online', () => { showStatus(); sendWaiting(); });
window.addEventListener('offline', showStatus);

async function boot() {
  store = await openStore();
  if ('serviceWorker' in navigator) {
    await navigator.serviceWorker.register(cfg.workerUrl, { scope: cfg.workerScope });
    const ready = await navigator.serviceWorker.ready;
    const assets = [location.pathname + location.search,
      ...[...document.querySelectorAll('link[rel=stylesheet], script[src], img[src]')].map((el) => el.href || el.src),
      ...[...document.querySelectorAll('template')].flatMap((t) => [...t.content.querySelectorAll('img[src]')].map((img) => img.src))];
    ready.active.postMessage({ cache: [...new Set(assets)] });
  }
  person = await store.getCurrent(definition.id);
  if (person && person.pageId) show('page', person.pageId);
  else if (person) show('check');
  else show('start');
  app.dataset.ready = 'true';
  showStatus();
  sendWaiting();
}

boot();
