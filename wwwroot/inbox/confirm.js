import { h, icon } from './dom.js';
import { t } from './i18n.js';

let dialogs = 0;

/** Asks before something that cannot be undone; resolves true only when the agent confirms. Esc or Cancel says no. */
export function confirmDialog({ title, text, confirmLabel }) {
  const n = ++dialogs;
  return new Promise(resolve => {
    let answer = false;
    const cancel = h('button', { type: 'button', class: 'button', onclick: () => dialog.close() }, t('confirm.cancel'));
    const confirm = h('button', {
      type: 'button', class: 'button button-danger', 'data-testid': 'confirm-yes',
      onclick: () => {
        answer = true;
        dialog.close();
      },
    }, confirmLabel);
    const dialog = h('dialog', {
      class: 'dialog confirm-dialog', 'aria-labelledby': `confirm-title-${n}`, 'aria-describedby': `confirm-text-${n}`,
      'data-testid': 'confirm-dialog',
    },
    h('div', { class: 'dialog-head' },
      h('h2', { id: `confirm-title-${n}` }, title),
      h('button', {
        type: 'button', class: 'button button-quiet button-small dialog-close', 'aria-label': t('confirm.cancel'),
        title: t('confirm.cancel'), onclick: () => dialog.close(),
      }, icon('close'))),
    h('div', { class: 'confirm-body' },
      h('p', { id: `confirm-text-${n}`, class: 'confirm-text' }, text),
      h('div', { class: 'dialog-actions' }, cancel, confirm)));
    dialog.addEventListener('close', () => {
      dialog.remove();
      resolve(answer);
    });
    document.body.append(dialog);
    dialog.showModal();
    // The safe answer has the focus, so a hurried Enter does not delete anything.
    cancel.focus();
  });
}
