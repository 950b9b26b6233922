// Leaving kiosk mode while answers are still waiting on this tablet: warn once and ask
// the facilitator to press again. Nothing is discarded: the answers stay on the tablet
// and are sent the next time a kiosk runs on it, or can be saved to a file first.
import { openStore } from './offline-store.js';

const form = document.querySelector('[data-kiosk-exit]');
const warning = document.querySelector('[data-waiting-warning]');
let warned = false;

form.addEventListener('submit', async (event) => {
  if (warned) return;
  event.preventDefault();
  const waiting = (await (await openStore()).allWaiting()).length;
  if (waiting === 0) { warned = true; form.submit(); return; }
  warned = true;
  warning.querySelector('[data-count]').textContent = warning.dataset.text.replace('{n}', waiting);
  warning.hidden = false;
  warning.focus();
});
