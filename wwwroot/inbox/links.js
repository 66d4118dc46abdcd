import { h } from './dom.js';

// Web addresses and mail links as customers type them; anything else (javascript:, data:, file:) stays text.
const CANDIDATE = /\b(?:https?:\/\/|mailto:)[^\s<>"]+/gi;
const TRAILING = /[.,;:!?'\u2019\u201d]+$/;
const ALLOWED = new Set(['http:', 'https:', 'mailto:']);

/** The address as typed, without the sentence's punctuation after it, nor a closing bracket it did not open. */
function trimmed(candidate) {
  let url = candidate.replace(TRAILING, '');
  while (url.endsWith(')') && (url.match(/\(/g)?.length ?? 0) < (url.match(/\)/g)?.length ?? 0)) url = url.slice(0, -1).replace(TRAILING, '');
  return url;
}

/** A link to open beside the inbox, or null when the address is not one to follow. */
function linkTo(url) {
  let parsed;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (!ALLOWED.has(parsed.protocol)) return null;
  // The text shown is what the customer wrote; the address followed is the parsed one, never markup.
  return h('a', { href: parsed.href, target: '_blank', rel: 'noopener noreferrer nofollow', class: 'message-link' }, url);
}

/** A message body as text nodes and links: every part built as an element or text, never parsed as HTML. */
export function linkified(body) {
  const parts = [];
  let at = 0;
  for (const match of body.matchAll(CANDIDATE)) {
    const url = trimmed(match[0]);
    const link = url && linkTo(url);
    if (!link) continue;
    if (match.index > at) parts.push(body.slice(at, match.index));
    parts.push(link);
    at = match.index + url.length;
  }
  if (at < body.length) parts.push(body.slice(at));
  return parts;
}
