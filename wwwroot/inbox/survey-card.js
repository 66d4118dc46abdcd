import { WIDE } from './customer.js';
import { $, h } from './dom.js';
import { fullTime, relativeTime } from './format.js';
import { t } from './i18n.js';

// Comments longer than this are shortened until the agent asks for the rest.
const LONG_COMMENT = 140;

/** "2 / 5" in a badge coloured by how the customer felt, named in words on hover. */
export function scoreBadge(score) {
  const tone = score <= 2 ? 'low' : score === 3 ? 'mid' : 'high';
  return h('span', { class: `badge score score-${tone}`, title: t(`surveyScore.${score}`), 'data-score': score },
    t('survey.outOf', { score, max: 5 }));
}

/** The customer's comment; a long one is shortened, with a button for the rest and all of it on hover. */
export function surveyComment(comment) {
  if (comment.length <= LONG_COMMENT) return h('p', { class: 'survey-comment' }, comment);
  const short = `${comment.slice(0, LONG_COMMENT).replace(/\s+\S*$/, '')}…`;
  const text = h('span', {}, short);
  const toggle = h('button', {
    type: 'button', class: 'link-button survey-comment-toggle', 'aria-expanded': 'false',
    onclick: () => {
      const open = toggle.getAttribute('aria-expanded') !== 'true';
      toggle.setAttribute('aria-expanded', String(open));
      toggle.textContent = t(open ? 'surveys.less' : 'surveys.more');
      text.textContent = open ? comment : short;
    },
  }, t('surveys.more'));
  return h('p', { class: 'survey-comment', title: comment }, text, ' ', toggle);
}

/**
 * The survey a conversation belongs to: the answer that opened it, or the invitation sent in it.
 * A column of the customer panel on wide screens; under the conversation's header where the panel is folded away.
 */
export function createSurveyCard() {
  const card = h('section', { class: 'survey-card', 'data-testid': 'survey-card', 'aria-labelledby': 'survey-card-title', hidden: true });
  let shown = null; // { survey, role }
  let stamp = null; // The element saying how long ago, and how it says it.

  function place() {
    if (WIDE.matches) $('#customer-body').before(card);
    else $('#action-error').after(card);
  }
  place();
  WIDE.addEventListener('change', place);

  function render() {
    card.hidden = !shown;
    stamp = null;
    if (!shown) {
      card.replaceChildren();
      return;
    }
    const { survey, role } = shown;
    const answered = survey.score != null;
    card.dataset.role = role ?? '';
    card.dataset.answered = String(answered);
    if (!answered) {
      const title = h('h3', { id: 'survey-card-title', class: 'survey-card-title', title: fullTime(survey.sentAt) });
      stamp = { el: title, key: 'surveyCard.sent', at: survey.sentAt };
      // A survey after a resolution asks about the conversation itself, not an order.
      card.replaceChildren(title, h('p', { class: 'survey-card-meta' },
        survey.orderNumber == null ? t('surveyCard.resolved') : t('surveyCard.order', { order: survey.orderNumber })));
    } else {
      const time = h('time', { datetime: survey.answeredAt, title: fullTime(survey.answeredAt) });
      stamp = { el: time, key: 'surveyCard.answered', at: survey.answeredAt };
      card.replaceChildren(
        h('h3', { id: 'survey-card-title', class: 'survey-card-title' }, survey.orderNumber == null
          ? t('surveyCard.answerResolved') : t('surveyCard.answer', { order: survey.orderNumber })),
        h('p', { class: 'survey-card-score' },
          scoreBadge(survey.score),
          h('span', { class: 'survey-card-label' }, t(`surveyScore.${survey.score}`)),
          survey.nps != null && h('span', { class: 'survey-card-nps' }, t('surveyCard.nps', { nps: survey.nps }))),
        survey.comment && surveyComment(survey.comment),
        h('p', { class: 'survey-card-meta' }, time, role === 'follow-up' && h('span', {}, t('surveyCard.followUp'))));
    }
    tick();
  }

  function tick() {
    if (stamp) stamp.el.textContent = t(stamp.key, { time: relativeTime(stamp.at) });
  }

  return {
    /** The conversation's survey and its part in it ("follow-up" or "invitation"); nothing shows for null. */
    show(survey, role) {
      shown = survey ? { survey, role } : null;
      render();
    },
    clear() {
      shown = null;
      render();
    },
    /** "2 h ago" is written again as time passes. */
    tick,
  };
}
