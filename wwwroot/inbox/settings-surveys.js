import { api } from './api.js';
import { h, labelledIcon, s } from './dom.js';
import { fullTime } from './format.js';
import { lang, t } from './i18n.js';
import { conversationHash } from './list.js';
import { surveySettingsHash } from './settings-survey-settings.js';
import { card, problemText, settingsHeading, settingsMessage } from './settings-ui.js';
import { scoreBadge, surveyComment } from './survey-card.js';

const PERIODS = [7, 30, 90];
const CHANNELS = ['widget', 'email', 'messenger'];
// The icon of the channel kind each invitation channel belongs to.
const CHANNEL_ICONS = { widget: 'channel-storefront', email: 'channel-email', messenger: 'channel-messenger' };
const DAY_MS = 86_400_000;
const NONE = '–';

const counts = new Intl.NumberFormat(lang);
const percent = new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat(lang, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
// byDay dates are calendar days ("2026-11-20"), read as such wherever the admin is.
const axisDay = new Intl.DateTimeFormat(lang, { day: 'numeric', month: 'short', timeZone: 'UTC' });
const fullDay = new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeZone: 'UTC' });
// At most 90 days back: the day and month say when, the whole date is on hover.
const sentDay = new Intl.DateTimeFormat(lang, { day: 'numeric', month: 'short' });
const dayOf = date => new Date(`${date}T00:00:00Z`);

const orNone = (value, format) => (value == null ? NONE : format(value));
const average = (value, max) => t('survey.outOf', { score: oneDecimal.format(value), max });

/** The last `days` days, today included, in whole UTC days: the days byDay counts in. */
function period(days) {
  const now = new Date();
  const to = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1);
  return { from: new Date(to - days * DAY_MS).toISOString(), to: new Date(to).toISOString() };
}

/** A round step for an axis up to max with about four lines: 1, 2, 5, 10, 20, … */
function axisStep(max) {
  const rough = Math.max(1, max / 4);
  const power = 10 ** Math.floor(Math.log10(rough));
  return [1, 2, 5, 10].map(factor => factor * power).find(step => step >= rough);
}

/** A survey after a resolution: which conversation, and the agent the answer counts for. */
const aboutConversation = item => h('span', { 'data-testid': 'survey-about-conversation' },
  h('a', { href: conversationHash(item.conversationId) }, t('surveys.aboutConversation', { id: item.conversationId })),
  item.agent && ` · ${t('surveys.resolvedBy', { name: item.agent.name })}`);

/** How customers rated their orders in a period: headline figures, a day-by-day chart and the latest answers. */
export function createSurveysPage({ root }) {
  const filter = { days: 30, channel: '' };
  let results = null;
  let generation = 0;
  let resize = null;

  function show() {
    results = h('div', { class: 'survey-results', 'data-testid': 'survey-results' }, settingsMessage(t('settings.loading')));
    root.replaceChildren(settingsHeading(t('surveys.title'), t('surveys.intro')), toolbar(), results);
    load();
  }

  async function load() {
    const mine = ++generation;
    results.setAttribute('aria-busy', 'true');
    try {
      const data = await api.surveys({ ...period(filter.days), channel: filter.channel });
      if (mine !== generation) return;
      stopChart();
      results.replaceChildren(...(data.sent ? [figures(data), data.byDay.length > 0 && chartCard(data), itemsCard(data)] : [emptyState()])
        .filter(Boolean));
    } catch (error) {
      if (mine !== generation) return;
      stopChart();
      results.replaceChildren(settingsMessage(problemText(error), { retry: load }));
    } finally {
      if (mine === generation) results.removeAttribute('aria-busy');
    }
  }

  function toolbar() {
    const periodButtons = PERIODS.map(days => h('button', {
      type: 'button', 'data-days': days, 'aria-pressed': String(filter.days === days), 'data-testid': 'survey-period',
      onclick: () => {
        filter.days = days;
        for (const button of periodButtons) button.setAttribute('aria-pressed', String(Number(button.dataset.days) === days));
        load();
      },
    }, t(`surveys.last${days}`)));
    const channel = h('select', {
      id: 'survey-channel', 'data-testid': 'survey-channel-filter',
      onchange: event => {
        filter.channel = event.target.value;
        load();
      },
    }, ['', ...CHANNELS].map(value => h('option', { value, selected: value === filter.channel },
      value ? t(`surveyChannel.${value}`) : t('surveys.allChannels'))));
    return h('div', { class: 'list-toolbar survey-toolbar' },
      h('div', { class: 'segmented', role: 'group', 'aria-label': t('surveys.period') }, periodButtons),
      h('label', { class: 'survey-channel' }, h('span', { class: 'field-label' }, t('surveys.channel')), channel));
  }

  function figures(data) {
    const figure = (label, value, testid, note) => h('li', { class: 'survey-figure' },
      h('span', { class: 'survey-figure-label' }, label),
      h('span', { class: 'survey-figure-value', 'data-testid': testid }, value),
      note && h('span', { class: 'survey-figure-note' }, note));
    return h('ul', { class: 'survey-figures' },
      figure(t('surveys.sent'), counts.format(data.sent), 'survey-sent'),
      figure(t('surveys.responseRate'), orNone(data.responseRate, percent.format), 'survey-response-rate',
        t('surveys.answers', { count: data.answered })),
      figure(t('surveys.average'), orNone(data.averageScore, value => average(value, 5)), 'survey-average', t('surveys.averageHint')),
      figure(t('surveys.satisfied'), orNone(data.satisfiedShare, percent.format), 'survey-satisfied', t('surveys.satisfiedHint')),
      figure(t('surveys.nps'), orNone(data.averageNps, value => average(value, 10)), 'survey-nps', t('surveys.npsHint')));
  }

  // ------------------------------------------------------------------ chart

  function chartCard(data) {
    const days = data.byDay;
    const box = h('div', { class: 'survey-chart' });
    const label = [
      t('surveys.chartSummary', {
        from: fullDay.format(dayOf(days[0].date)), to: fullDay.format(dayOf(days.at(-1).date)),
        sent: counts.format(data.sent), answered: counts.format(data.answered),
      }),
      data.averageScore != null && t('surveys.chartAverage', { average: oneDecimal.format(data.averageScore) }),
    ].filter(Boolean).join(' ');
    // Drawn for the width it has, so its text stays legible on a phone.
    let width = 0;
    resize = new ResizeObserver(([entry]) => {
      const now = Math.floor(entry.contentRect.width);
      if (!now || now === width) return;
      width = now;
      box.replaceChildren(chart(days, width, label));
    });
    resize.observe(box);
    return card(t('surveys.chartTitle'),
      box,
      h('ul', { class: 'chart-legend', 'aria-hidden': 'true' },
        h('li', {}, h('span', { class: 'legend-swatch legend-sent' }), t('surveys.legendSent')),
        h('li', {}, h('span', { class: 'legend-swatch legend-answered' }), t('surveys.legendAnswered')),
        h('li', {}, h('span', { class: 'legend-swatch legend-score' }), t('surveys.legendScore'))),
      dayTable(days));
  }

  function stopChart() {
    resize?.disconnect();
    resize = null;
  }

  /** Bars of invitations and answers per day on the left axis, the day's average score as a line on the right one (1–5). */
  function chart(days, width, label) {
    const height = width < 480 ? 180 : 220;
    const margin = { top: 12, right: 30, bottom: 26, left: 34 };
    const plotWidth = width - margin.left - margin.right;
    const plotHeight = height - margin.top - margin.bottom;
    const step = axisStep(Math.max(1, ...days.map(day => day.sent)));
    const top = Math.ceil(Math.max(1, ...days.map(day => day.sent)) / step) * step;
    const band = plotWidth / days.length;
    const barWidth = Math.max(1, Math.min(22, band * 0.7));
    const middle = i => margin.left + band * (i + 0.5);
    const countY = value => margin.top + plotHeight * (1 - value / top);
    const scoreY = value => margin.top + plotHeight * (1 - (value - 1) / 4);
    const right = width - margin.right;

    const countTicks = Array.from({ length: top / step + 1 }, (_, i) => i * step);
    // As many dates as fit, counted back from the last day so today is always named.
    const every = Math.ceil(days.length / Math.max(2, Math.floor(plotWidth / 64)));
    let line = '';
    days.forEach((day, i) => {
      if (day.averageScore == null) return;
      line += `${i && days[i - 1].averageScore != null ? 'L' : 'M'}${middle(i).toFixed(1)},${scoreY(day.averageScore).toFixed(1)}`;
    });

    return s('svg', {
      class: 'chart', width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': label, 'data-testid': 'survey-chart',
    },
    countTicks.map(tick => s('g', { class: 'chart-grid' },
      s('line', { x1: margin.left, x2: right, y1: countY(tick), y2: countY(tick) }),
      s('text', { x: margin.left - 6, y: countY(tick), 'text-anchor': 'end', 'dominant-baseline': 'middle' }, counts.format(tick)))),
    [1, 2, 3, 4, 5].map(score => s('text', {
      class: 'chart-score-tick', x: right + 6, y: scoreY(score), 'dominant-baseline': 'middle',
    }, String(score))),
    days.map((day, i) => s('g', { class: 'chart-day' },
      s('rect', { class: 'bar-sent', x: middle(i) - barWidth / 2, y: countY(day.sent), width: barWidth, height: countY(0) - countY(day.sent) }),
      s('rect', {
        class: 'bar-answered', x: middle(i) - barWidth / 2, y: countY(day.answered), width: barWidth, height: countY(0) - countY(day.answered),
      }),
      (days.length - 1 - i) % every === 0 && s('text', { class: 'chart-date', x: middle(i), y: height - 8, 'text-anchor': 'middle' },
        axisDay.format(dayOf(day.date))),
      // The whole day's column names its figures on hover.
      s('rect', { class: 'chart-hit', x: margin.left + band * i, y: margin.top, width: band, height: plotHeight },
        s('title', {}, t('surveys.dayTip', {
          date: fullDay.format(dayOf(day.date)), sent: counts.format(day.sent), answered: counts.format(day.answered),
          average: orNone(day.averageScore, value => average(value, 5)),
        }))))),
    s('path', { class: 'score-line', d: line }),
    days.map((day, i) => day.averageScore != null && s('circle', {
      class: 'score-dot', cx: middle(i), cy: scoreY(day.averageScore), r: band >= 10 ? 3 : 2,
    })));
  }

  /** The chart's figures as a table, for screen readers; hidden in a box, since a table is as wide as its cells. */
  function dayTable(days) {
    return h('div', { class: 'visually-hidden' }, h('table', {},
      h('caption', {}, t('surveys.tableCaption')),
      h('thead', {}, h('tr', {},
        [t('surveys.date'), t('surveys.legendSent'), t('surveys.legendAnswered'), t('surveys.average')]
          .map(text => h('th', { scope: 'col' }, text)))),
      h('tbody', {}, days.map(day => h('tr', {},
        h('th', { scope: 'row' }, fullDay.format(dayOf(day.date))),
        h('td', {}, counts.format(day.sent)),
        h('td', {}, counts.format(day.answered)),
        h('td', {}, orNone(day.averageScore, value => average(value, 5))))))));
  }

  // ------------------------------------------------------------------ answers

  function itemsCard(data) {
    const columns = ['colSent', 'colCustomer', 'colScore', 'colNps', 'colComment', 'colFollowUp'];
    return card(t('surveys.recent'),
      data.items.length < data.sent && h('p', { class: 'field-hint' },
        t('surveys.itemsShown', { count: data.items.length, sent: counts.format(data.sent) })),
      h('div', { class: 'table-scroll' },
        h('table', { class: 'survey-table', 'data-testid': 'survey-items' },
          h('thead', {}, h('tr', {}, columns.map(key => h('th', { scope: 'col', class: `survey-${key}` }, t(`surveys.${key}`))))),
          h('tbody', {}, data.items.map(itemRow)))));
  }

  function itemRow(item) {
    const answered = item.score != null;
    const channel = t(`surveyChannel.${item.channel}`);
    return h('tr', { class: answered ? 'survey-item' : 'survey-item is-unanswered', 'data-testid': 'survey-item', 'data-id': item.id },
      h('td', { class: 'survey-cell-sent' },
        h('time', { datetime: item.sentAt, title: fullTime(item.sentAt) }, sentDay.format(new Date(item.sentAt)))),
      h('td', { class: 'survey-cell-customer' },
        h('span', { class: 'survey-customer' }, item.customer.name),
        h('span', { class: 'survey-order' },
          CHANNEL_ICONS[item.channel] ? labelledIcon(CHANNEL_ICONS[item.channel], channel) : h('span', {}, channel),
          item.kind === 'conversation' ? aboutConversation(item) : h('span', {}, item.orderNumber))),
      h('td', { class: 'survey-cell-score', title: answered ? t('surveys.answeredAt', { time: fullTime(item.answeredAt) }) : null },
        answered ? scoreBadge(item.score) : h('span', { class: 'survey-no-answer' }, t('surveys.noAnswer'))),
      h('td', { class: 'survey-cell-nps', 'data-label': t('surveys.colNps') }, item.nps == null ? null : t('survey.outOf', { score: item.nps, max: 10 })),
      h('td', { class: 'survey-cell-comment' }, item.comment && surveyComment(item.comment)),
      h('td', { class: 'survey-cell-follow-up', 'data-label': t('surveys.colFollowUp') }, item.followUpConversationId != null && h('a', {
        href: conversationHash(item.followUpConversationId), 'data-testid': 'survey-follow-up',
        'aria-label': t('surveys.followUpWith', { name: item.customer.name }),
      }, t('surveys.followUp'))));
  }

  function emptyState() {
    return h('div', { class: 'settings-card survey-empty', 'data-testid': 'survey-empty' },
      h('h2', { class: 'card-title' }, t('surveys.emptyTitle')),
      h('p', { class: 'settings-intro' }, t('surveys.emptyHint')),
      h('a', { class: 'button button-small', href: surveySettingsHash }, t('settings.surveySettings')));
  }

  return {
    show,
    leave() {
      generation++;
      stopChart();
      results = null;
    },
    hasUnsavedChanges: () => false,
    reset() {
      filter.days = 30;
      filter.channel = '';
    },
  };
}
