// Elements are built here and nowhere else; text children become text nodes, so data never turns into markup.
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value == null || value === false) continue;
    if (key === 'class') el.className = value;
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key.startsWith('on')) el.addEventListener(key.slice(2), value);
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  el.append(...children.flat(Infinity).filter(child => child != null && child !== false));
  return el;
}

/** An SVG element, e.g. a chart's; attributes and children as with h(). */
export function s(tag, attrs = {}, ...children) {
  const el = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [key, value] of Object.entries(attrs)) if (value != null && value !== false) el.setAttribute(key, String(value));
  el.append(...children.flat(Infinity).filter(child => child != null && child !== false));
  return el;
}

export const $ = (selector, root = document) => root.querySelector(selector);

const paths = {
  lock: 'M5 7V5a3 3 0 0 1 6 0v2h.5A1.5 1.5 0 0 1 13 8.5v5a1.5 1.5 0 0 1-1.5 1.5h-7A1.5 1.5 0 0 1 3 13.5v-5A1.5 1.5 0 0 1 4.5 7H5Zm1.5 0h3V5a1.5 1.5 0 0 0-3 0v2Z',
  clock: 'M8 1.5a6.5 6.5 0 1 1 0 13 6.5 6.5 0 0 1 0-13Zm0 1.5a5 5 0 1 0 0 10A5 5 0 0 0 8 3Zm.75 1.75v3.1l2.1 1.25-.75 1.3-2.85-1.7V4.75h1.5Z',
  back: 'M10.3 2.3a1 1 0 0 1 0 1.4L6 8l4.3 4.3a1 1 0 1 1-1.4 1.4l-5-5a1 1 0 0 1 0-1.4l5-5a1 1 0 0 1 1.4 0Z',
  chevron: 'M5.7 2.3a1 1 0 0 1 1.4 0l5 5a1 1 0 0 1 0 1.4l-5 5a1 1 0 1 1-1.4-1.4L10 8 5.7 3.7a1 1 0 0 1 0-1.4Z',
  close: 'M3.7 2.3 8 6.6l4.3-4.3 1.4 1.4L9.4 8l4.3 4.3-1.4 1.4L8 9.4l-4.3 4.3-1.4-1.4L6.6 8 2.3 3.7l1.4-1.4Z',
  person: 'M8 1.5a3.25 3.25 0 1 1 0 6.5 3.25 3.25 0 0 1 0-6.5ZM2 14c0-2.9 2.7-4.75 6-4.75s6 1.85 6 4.75v.5H2V14Z',
  // Three bars rising: the reports.
  chart: 'M2 13.5h12V15H2v-1.5ZM3 8h2.5v4.5H3V8Zm3.75-4h2.5v8.5h-2.5V4ZM10.5 6H13v6.5h-2.5V6Z',
  sliders: 'M1.5 3.75h6.6a2.25 2.25 0 0 1 4.3 0h2.1v1.5h-2.1a2.25 2.25 0 0 1-4.3 0H1.5v-1.5Zm8.75 0a.75.75 0 1 0 0 1.5.75.75 0 0 0 0-1.5ZM1.5 10.75h2.1a2.25 2.25 0 0 1 4.3 0h6.6v1.5H7.9a2.25 2.25 0 0 1-4.3 0H1.5v-1.5Zm4.25 0a.75.75 0 1 0 0 1.5.75.75 0 0 0 0-1.5Z',
  search: 'M7 1.5a5.5 5.5 0 0 1 4.38 8.83l3.15 3.14-1.06 1.06-3.14-3.15A5.5 5.5 0 1 1 7 1.5Zm0 1.5a4 4 0 1 0 0 8 4 4 0 0 0 0-8Z',
  check: 'M13.7 4.3a1 1 0 0 1 0 1.4l-6.5 6.5a1 1 0 0 1-1.4 0L2.3 8.7a1 1 0 1 1 1.4-1.4l2.8 2.8 5.8-5.8a1 1 0 0 1 1.4 0Z',
  alert: 'M8 1a7 7 0 1 1 0 14A7 7 0 0 1 8 1Zm-.95 3.25h1.9l-.3 5.25h-1.3l-.3-5.25ZM8 10.5a1.05 1.05 0 1 1 0 2.1 1.05 1.05 0 0 1 0-2.1Z',
  // A parcel: an order.
  order: 'M8 1l6 3v8l-6 3-6-3V4l6-3Zm0 1.7L4.1 4.6 8 6.5l3.9-1.9L8 2.7ZM3.5 5.8v5.3l3.75 1.85V7.65L3.5 5.8Zm9 0L8.75 7.65v5.3l3.75-1.85V5.8Z',
  file: 'M4 1h5.2L13 4.8V14a1 1 0 0 1-1 1H4a1 1 0 0 1-1-1V2a1 1 0 0 1 1-1Zm.5 1.5v11h7V6H8.5a.5.5 0 0 1-.5-.5V2.5H4.5Zm5 .6V4.5h1.4L9.5 3.1Z',
  // Channel kinds: a chat bubble, an envelope, a bubble with a bolt, a shop front, a shopping bag.
  'channel-storefront': 'M3 2h10a2 2 0 0 1 2 2v6a2 2 0 0 1-2 2H7.3L4 14.8V12H3a2 2 0 0 1-2-2V4a2 2 0 0 1 2-2Zm0 1.5a.5.5 0 0 0-.5.5v6a.5.5 0 0 0 .5.5h2.5v1.1l1.3-1.1H13a.5.5 0 0 0 .5-.5V4a.5.5 0 0 0-.5-.5H3Z',
  'channel-email': 'M2 3h12a1 1 0 0 1 1 1v8a1 1 0 0 1-1 1H2a1 1 0 0 1-1-1V4a1 1 0 0 1 1-1Zm.5 2.2v6.3h11V5.2L8 9.1 2.5 5.2ZM3.6 4.5 8 7.6l4.4-3.1H3.6Z',
  'channel-messenger': 'M8 1C4.1 1 1 3.9 1 7.5c0 2 1 3.8 2.5 5V15l2.3-1.3c.7.2 1.4.3 2.2.3 3.9 0 7-2.9 7-6.5S11.9 1 8 1ZM3.7 9.7 7 6.2l1.7 1.7 3.6-2L9 9.4 7.3 7.7 3.7 9.7Z',
  'channel-marketplace': 'M2.2 2h11.6l1.2 3.8a2.1 2.1 0 0 1-3.5 1.9 2.1 2.1 0 0 1-3.5 0 2.1 2.1 0 0 1-3.5 0A2.1 2.1 0 0 1 1 5.8L2.2 2ZM2.5 8.9c.5.2 1 .2 1.5.1V13h2.5v-3.5h3V13H12V9c.5.1 1 .1 1.5-.1V14.5h-11V8.9Z',
  'channel-shopify': 'M2.1 5h11.8l.7 10H1.4l.7-10ZM5 5V4a3 3 0 0 1 6 0v1H9.5V4a1.5 1.5 0 0 0-3 0v1H5Z',
};
// Shapes with holes (an outline, a cut-out bolt) are drawn even-odd.
const evenOdd = new Set(['alert', 'file', 'order', 'channel-storefront', 'channel-email', 'channel-messenger']);

/** A small decorative icon; its meaning is always carried by text beside it as well. */
export function icon(name) {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', '0 0 16 16');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('class', `icon icon-${name}`);
  const path = document.createElementNS(ns, 'path');
  path.setAttribute('d', paths[name]);
  path.setAttribute('fill', 'currentColor');
  if (evenOdd.has(name)) path.setAttribute('fill-rule', 'evenodd');
  svg.append(path);
  return svg;
}

/** An icon that stands for something on its own, e.g. a channel's kind beside its name: named for screen readers and on hover. */
export function labelledIcon(name, label) {
  return h('span', { class: `labelled-icon labelled-${name}`, role: 'img', 'aria-label': label, title: label }, icon(name));
}

/** Two initials and a stable colour per person, so a list can be scanned by eye. */
export function avatar(name, seed) {
  const initials = name.split(/\s+/).filter(part => /\p{L}/u.test(part)).slice(0, 2).map(part => [...part][0].toUpperCase()).join('');
  return h('span', { class: `avatar hue-${Math.abs(Number(seed) || 0) % 8}`, 'aria-hidden': 'true' }, initials || '?');
}
