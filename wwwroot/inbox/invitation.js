import { api } from './api.js';
import { $, h } from './dom.js';
import { t } from './i18n.js';
import { problemText } from './settings-ui.js';

const ROUTE = /^#\/invitation\/([A-Za-z0-9_-]{43})$/;
const MIN_PASSWORD = 10;

/** The token of an invitation link (/inbox/#/invitation/TOKEN), or null. */
export const invitationToken = hash => ROUTE.exec(hash)?.[1] ?? null;

/**
 * The page an invited agent lands on: it greets them by name, they choose a password, and they are
 * signed in (onAccepted gets them). A used, unknown or expired link says so and offers the sign-in.
 */
export async function showInvitation(token, { onAccepted, onSignIn }) {
  const main = h('main', { class: 'sign-in', 'data-testid': 'invitation' });
  const card = h('div', { class: 'sign-in-card' },
    h('div', { class: 'brand brand-large' }, h('span', { class: 'brand-mark', 'aria-hidden': 'true' }), h('span', {}, t('app.title'))),
    h('p', { role: 'status' }, t('settings.loading')));
  main.append(card);
  $('#sign-in').hidden = true;
  $('#sign-in').after(main);

  const leave = () => {
    main.remove();
    history.replaceState(null, '', '#/');
  };
  const signInInstead = h('button', {
    type: 'button', class: 'button button-block', 'data-testid': 'invitation-sign-in',
    onclick: () => {
      leave();
      onSignIn();
    },
  }, t('invitation.signIn'));

  let invitation;
  try {
    invitation = await api.invitation(token);
  } catch (error) {
    const text = error.status === 404 ? t('invitation.unknown') : error.status === 410 ? t('invitation.expired') : problemText(error);
    card.replaceChildren(card.firstChild,
      h('h1', {}, t('invitation.title')), h('p', { role: 'alert', 'data-testid': 'invitation-problem' }, text), signInInstead);
    return;
  }

  const password = h('input', {
    id: 'invitation-password', type: 'password', autocomplete: 'new-password', required: true, minlength: MIN_PASSWORD,
    'aria-describedby': 'invitation-hint', 'data-testid': 'invitation-password',
  });
  const repeat = h('input', { id: 'invitation-repeat', type: 'password', autocomplete: 'new-password', required: true, 'data-testid': 'invitation-repeat' });
  const error = h('p', { class: 'form-error', role: 'alert', hidden: true, 'data-testid': 'invitation-error' });
  const submit = h('button', { type: 'submit', class: 'button button-primary button-block', 'data-testid': 'invitation-submit' }, t('invitation.submit'));
  const form = h('form', {
    class: 'invitation-form', novalidate: true,
    onsubmit: async event => {
      event.preventDefault();
      const problem = password.value.length < MIN_PASSWORD ? t('team.passwordHint', { min: MIN_PASSWORD })
        : password.value !== repeat.value ? t('invitation.mismatch') : null;
      if (problem) {
        error.textContent = problem;
        error.hidden = false;
        return password.focus();
      }
      submit.disabled = true;
      try {
        const me = await api.acceptInvitation(token, password.value);
        leave();
        onAccepted(me);
      } catch (failure) {
        error.textContent = failure.status === 400 ? failure.detail : failure.status === 404 ? t('invitation.unknown')
          : failure.status === 410 ? t('invitation.expired') : problemText(failure);
        error.hidden = false;
        submit.disabled = false;
      }
    },
  },
  h('p', { class: 'invitation-who' }, t('invitation.for', { email: invitation.email })),
  h('label', { class: 'field' }, h('span', {}, t('invitation.password')), password),
  h('p', { id: 'invitation-hint', class: 'field-hint' }, t('team.passwordHint', { min: MIN_PASSWORD })),
  h('label', { class: 'field' }, h('span', {}, t('invitation.repeat')), repeat),
  error,
  submit);
  card.replaceChildren(card.firstChild, h('h1', {}, t('invitation.welcome', { name: invitation.name })), form);
  password.focus();
}
