import { anonymousWords } from './i18n-language.js';
import { lang } from './i18n.js';

const words = anonymousWords[lang] ?? anonymousWords.en;

/** "Copenhagen · Blue fox" in the agent's language, from the keys the server sends; null when unknown keys arrive. */
export function anonymousName(name) {
  const colour = words.colours[name?.colour];
  const animal = words.animals[name?.animal];
  if (!colour || !animal) return null;
  const [noun, gender] = animal;
  const adjective = Array.isArray(colour) ? colour[gender === 'f' ? 1 : 0] : colour;
  const city = name.city && (Object.hasOwn(words.cities, name.city) ? words.cities[name.city] : name.city);
  return city ? `${city} · ${adjective} ${noun}` : `${adjective} ${noun}`;
}

/** What to call a conversation's customer: their name, or a readable stand-in until they give one. */
export function customerName(customer) {
  return (customer?.anonymousName && anonymousName(customer.anonymousName)) || customer?.name || '';
}
