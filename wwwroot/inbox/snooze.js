// The snooze menu's choices: when each one ends, and the menu's opener for keyboard shortcuts.
import { $ } from './dom.js';

/** Later today (three hours on), tomorrow at 9:00, next Monday at 9:00; null for "until the customer replies". */
export function snoozeUntil(choice, now = new Date()) {
  if (choice === 'later') return new Date(now.getTime() + 3 * 60 * 60 * 1000);
  if (choice === 'reply') return null;
  const at = new Date(now);
  at.setHours(9, 0, 0, 0);
  at.setDate(at.getDate() + (choice === 'tomorrow' ? 1 : ((8 - at.getDay()) % 7 || 7)));
  return at;
}

export const SNOOZE_CHOICES = ['later', 'tomorrow', 'nextWeek', 'reply'];

/** Puts the focus on the conversation's snooze menu (for keyboard shortcuts), when it is shown. */
export function openSnoozeMenu() {
  const select = $('#snooze');
  if (select && !select.hidden && !select.closest('[hidden]')) select.focus();
}
