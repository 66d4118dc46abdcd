import { t } from './i18n.js';
import { registerShortcut } from './keys.js';

// What another module may offer on window: the search box, the snooze menu, the label picker.
const offered = name => typeof window[name] === 'function';

/** The inbox's own shortcuts; list and view are the conversation list and the open conversation. */
export function registerInboxShortcuts({ list, view, open }) {
  const step = offset => () => {
    const id = list.neighbour(offset);
    if (id !== null) open(id);
  };
  registerShortcut('r', () => t('keys.reply'), () => view.focusComposer('reply'));
  registerShortcut('n', () => t('keys.note'), () => view.focusComposer('note'));
  registerShortcut('e', () => t('keys.resolve'), () => view.setStatus('resolved'));
  registerShortcut('p', () => t('keys.pending'), () => view.setStatus('pending'));
  registerShortcut('a', () => t('keys.assign'), () => view.assignToMe());
  registerShortcut('i', () => t('keys.assign'), () => view.assignToMe());
  registerShortcut('j', () => t('keys.next'), step(1));
  registerShortcut('k', () => t('keys.previous'), step(-1));
  registerShortcut('w', () => t('keys.nextWaiting'), () => {
    const id = list.nextWaiting();
    if (id !== null) open(id);
  });
  registerShortcut('s', () => t('keys.snooze'), () => (offered('openSnoozeMenu') ? window.openSnoozeMenu() : view.focusSnooze()),
    { fallback: true });
  const search = () => window.focusSearch();
  registerShortcut('/', () => t('keys.search'), search, { available: () => offered('focusSearch'), fallback: true });
  registerShortcut('ctrl+k', () => t('keys.search'), search, { available: () => offered('focusSearch'), fallback: true });
  registerShortcut('l', () => t('keys.labels'), () => window.openLabelPicker(), { available: () => offered('openLabelPicker'), fallback: true });
}
