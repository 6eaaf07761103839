// The chat assistant: ask in your own words, get an answer and the branches it recommends as cards to tap.

import { postJson } from '../api.js';
import { h, fill } from '../dom.js';
import { clockTime, percent } from '../format.js';
import { askPosition, rememberedPosition } from '../position.js';

const SUGGESTIONS = ['Leg day near me?', 'Where is a free treadmill?', 'Chest machines free in Central?'];
const CONVERSATION_KEY = 'gympulse.chat';

export function mount(root, { live }) {
  const log = h('ol', { class: 'chat-log', role: 'log', 'aria-live': 'polite', 'aria-label': 'Conversation' });
  const input = h('input', { id: 'question', name: 'question', type: 'text', maxlength: 500, autocomplete: 'off',
    placeholder: 'Leg day near me?', required: true });
  const useLocation = h('input', { type: 'checkbox', id: 'use-location', checked: rememberedPosition() !== null });
  const sendButton = h('button', { type: 'submit' }, 'Ask');
  const note = h('p', { class: 'form-result', role: 'status' });
  const form = h('form', { class: 'ask', onsubmit: event => {
    event.preventDefault();
    ask(input.value.trim());
  } },
    h('label', { for: 'question' }, 'Your question'),
    h('div', { class: 'ask-row' }, input, sendButton),
    h('label', { for: 'use-location', class: 'inline' }, useLocation, ' Use my location for walking times'),
    note);
  fill(root, h('h1', {}, 'Ask'),
    h('p', { class: 'muted' }, 'Which branch has what you need free, and how far is it?'),
    log,
    h('div', { class: 'suggestions', role: 'group', 'aria-label': 'Examples' },
      SUGGESTIONS.map(text => h('button', { type: 'button', class: 'chip', onclick: () => ask(text) }, text))),
    form);
  live.follow([]);
  document.title = 'Ask · GymPulse';

  async function ask(message) {
    if (!message) {
      return;
    }
    input.value = '';
    note.textContent = '';
    log.append(h('li', { class: 'from-member' }, h('p', {}, message)));
    const thinking = h('li', { class: 'from-assistant pending' }, h('p', {}, 'Looking…'));
    log.append(thinking);
    sendButton.disabled = true;
    const request = { message };
    const conversation = sessionStorage.getItem(CONVERSATION_KEY);
    if (conversation) {
      request.sessionId = conversation;
    }
    try {
      if (useLocation.checked) {
        request.location = rememberedPosition() || await askPosition();
      }
    } catch (error) {
      note.textContent = `${error.message} Asking without it.`;
      useLocation.checked = false;
    }
    try {
      const answer = await postJson('/chat', request);
      sessionStorage.setItem(CONVERSATION_KEY, answer.sessionId);
      fill(thinking, h('p', {}, answer.reply),
        answer.recommendations.length === 0 ? null
          : h('ul', { class: 'cards' }, answer.recommendations.map(card)));
      thinking.classList.remove('pending');
    } catch (error) {
      fill(thinking, h('p', { class: 'error' }, `Sorry, no answer: ${error.message}`));
    } finally {
      sendButton.disabled = false;
      thinking.scrollIntoView({ block: 'nearest' });
      input.focus();
    }
  }

  return { unmount() { } };
}

/** A recommendation: the branch, how many are free, how long to get there; tapping it opens the branch. */
function card(recommendation) {
  const eta = recommendation.etaMinutes === null || recommendation.etaMinutes === undefined ? null
    : `${Math.round(recommendation.etaMinutes)} min${recommendation.estimated ? ' (estimate)' : ''}`;
  return h('li', { class: 'rec', 'data-gym': recommendation.gymId },
    h('a', { href: `#/branches/${encodeURIComponent(recommendation.gymId)}` },
      h('strong', { class: 'rec-name' }, recommendation.name),
      h('span', { class: recommendation.free === 0 ? 'rec-free none' : 'rec-free' },
        `${recommendation.free} of ${recommendation.total} free now`),
      eta ? h('span', { class: 'rec-eta' }, `${eta} away`) : null,
      typeof recommendation.freeOnArrival === 'number' ? h('span', { class: 'rec-arrival' }, arrivalText(recommendation)) : null));
}

/** "Very likely one is free when you arrive at 16:04 (96%)": the arrival-aware forecast (docs/chat.md). */
function arrivalText({ freeOnArrival, arrivalAt }) {
  const chance = freeOnArrival >= 0.9 ? 'Very likely' : freeOnArrival >= 0.7 ? 'Likely'
    : freeOnArrival >= 0.4 ? 'Maybe' : 'Unlikely';
  const when = arrivalAt ? ` at ${clockTime(new Date(arrivalAt))}` : '';
  return `${chance} one is free when you arrive${when} (${percent(freeOnArrival)})`;
}
