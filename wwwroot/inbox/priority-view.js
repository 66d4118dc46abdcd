import { h, icon } from './dom.js';
import { priorityParts } from './format.js';
import { t } from './i18n.js';

/**
 * The priority line: the countdown and the facts behind it. Only an overdue countdown is red, as one badge; the
 * tier, orders and spend keep their own colours, so red always means "late". The countdown comes first: a line too
 * long for a phone is cut at its end, and the countdown is the part that must not be lost.
 */
export function priorityView(priority, now = Date.now(), { tag = 'span', ...props } = {}) {
  const { facts, countdown, overdueBy, urgency } = priorityParts(priority, now);
  const due = overdueBy !== null
    ? h('span', { class: 'priority-due overdue-badge', 'data-testid': 'overdue' }, t('notice.overdue', { duration: overdueBy }))
    : h('span', { class: 'priority-due' }, countdown);
  return h(tag, { ...props, class: `priority priority-${urgency}` },
    icon('clock'),
    due,
    facts && h('span', { class: 'priority-separator', 'aria-hidden': 'true' }, '·'),
    facts && h('span', { class: 'priority-facts' }, facts));
}
