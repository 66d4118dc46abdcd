import { h, icon } from './dom.js';
import { priorityParts } from './format.js';
import { t } from './i18n.js';

/**
 * The priority line: the countdown and the facts behind it. Only an overdue countdown is red, as one badge; the
 * tier, orders and spend keep their own colours, so red always means "late". On a narrow screen the countdown is
 * shown first (notice.css), because it is the part a cut line must not lose.
 */
export function priorityView(priority, now = Date.now(), { tag = 'span', ...props } = {}) {
  const { facts, countdown, overdueBy, urgency } = priorityParts(priority, now);
  const due = overdueBy !== null
    ? h('span', { class: 'priority-due overdue-badge', 'data-testid': 'overdue' }, t('notice.overdue', { duration: overdueBy }))
    : h('span', { class: 'priority-due' }, countdown);
  return h(tag, { ...props, class: `priority priority-${urgency}` },
    icon('clock'),
    facts && h('span', { class: 'priority-facts' }, facts),
    facts && h('span', { class: 'priority-separator', 'aria-hidden': 'true' }, '·'),
    due);
}
