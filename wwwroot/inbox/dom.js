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

export const $ = (selector, root = document) => root.querySelector(selector);

const paths = {
  lock: 'M5 7V5a3 3 0 0 1 6 0v2h.5A1.5 1.5 0 0 1 13 8.5v5a1.5 1.5 0 0 1-1.5 1.5h-7A1.5 1.5 0 0 1 3 13.5v-5A1.5 1.5 0 0 1 4.5 7H5Zm1.5 0h3V5a1.5 1.5 0 0 0-3 0v2Z',
  clock: 'M8 1.5a6.5 6.5 0 1 1 0 13 6.5 6.5 0 0 1 0-13Zm0 1.5a5 5 0 1 0 0 10A5 5 0 0 0 8 3Zm.75 1.75v3.1l2.1 1.25-.75 1.3-2.85-1.7V4.75h1.5Z',
  back: 'M10.3 2.3a1 1 0 0 1 0 1.4L6 8l4.3 4.3a1 1 0 1 1-1.4 1.4l-5-5a1 1 0 0 1 0-1.4l5-5a1 1 0 0 1 1.4 0Z',
  chevron: 'M5.7 2.3a1 1 0 0 1 1.4 0l5 5a1 1 0 0 1 0 1.4l-5 5a1 1 0 1 1-1.4-1.4L10 8 5.7 3.7a1 1 0 0 1 0-1.4Z',
  close: 'M3.7 2.3 8 6.6l4.3-4.3 1.4 1.4L9.4 8l4.3 4.3-1.4 1.4L8 9.4l-4.3 4.3-1.4-1.4L6.6 8 2.3 3.7l1.4-1.4Z',
  person: 'M8 1.5a3.25 3.25 0 1 1 0 6.5 3.25 3.25 0 0 1 0-6.5ZM2 14c0-2.9 2.7-4.75 6-4.75s6 1.85 6 4.75v.5H2V14Z',
  sliders: 'M1.5 3.75h6.6a2.25 2.25 0 0 1 4.3 0h2.1v1.5h-2.1a2.25 2.25 0 0 1-4.3 0H1.5v-1.5Zm8.75 0a.75.75 0 1 0 0 1.5.75.75 0 0 0 0-1.5ZM1.5 10.75h2.1a2.25 2.25 0 0 1 4.3 0h6.6v1.5H7.9a2.25 2.25 0 0 1-4.3 0H1.5v-1.5Zm4.25 0a.75.75 0 1 0 0 1.5.75.75 0 0 0 0-1.5Z',
  search: 'M7 1.5a5.5 5.5 0 0 1 4.38 8.83l3.15 3.14-1.06 1.06-3.14-3.15A5.5 5.5 0 1 1 7 1.5Zm0 1.5a4 4 0 1 0 0 8 4 4 0 0 0 0-8Z',
};

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
  svg.append(path);
  return svg;
}

/** Two initials and a stable colour per person, so a list can be scanned by eye. */
export function avatar(name, seed) {
  const initials = name.split(/\s+/).filter(Boolean).slice(0, 2).map(part => [...part][0].toUpperCase()).join('');
  return h('span', { class: `avatar hue-${Math.abs(Number(seed) || 0) % 8}`, 'aria-hidden': 'true' }, initials || '?');
}
