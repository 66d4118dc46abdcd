// How to connect a saved channel to the shop's systems: the addresses, snippets and signatures each kind needs,
// built from this helpdesk's address, each with a copy button.
import { h, icon } from './dom.js';
import { t } from './i18n.js';
import {
  SHOPIFY_TOPICS, identityExamples, scriptTag, shopifySnippet, signedPostExample, webhookUrl, widgetCspLines,
} from './channel-kinds.js';
import { card } from './settings-ui.js';

/** Puts text on the clipboard; where the browser will not, selects it so the admin can press Ctrl+C. */
async function copy(text, source, toast) {
  try {
    await navigator.clipboard.writeText(text);
    toast(t('channels.copied'));
  } catch {
    const range = document.createRange();
    range.selectNodeContents(source);
    getSelection().removeAllRanges();
    getSelection().addRange(range);
    toast(t('channels.copyManually'));
  }
}

/** A piece of text to paste elsewhere, with its own copy button; testid names it for tests and support. */
export function copyBlock({ label, text, testid, toast, multiline = text.includes('\n') }) {
  const id = `copy-${testid}`;
  const code = h('code', { id, class: 'copy-text', 'data-testid': testid }, text);
  const box = multiline ? h('pre', { class: 'copy-box is-multiline', tabindex: '0', 'aria-labelledby': `${id}-label` }, code)
    : h('div', { class: 'copy-box', tabindex: '0', 'aria-labelledby': `${id}-label` }, code);
  return h('div', { class: 'copy-field' },
    h('div', { class: 'copy-head' },
      h('span', { id: `${id}-label`, class: 'field-label' }, label),
      h('button', {
        type: 'button', class: 'button button-small', 'data-testid': `${testid}-copy`,
        'aria-label': t('channels.copyNamed', { name: label }),
        onclick: () => copy(text, code, toast),
      }, icon('file'), h('span', {}, t('channels.copy')))),
    box);
}

const para = (text, testid) => h('p', { class: 'install-text', 'data-testid': testid }, text);
const steps = items => h('ol', { class: 'install-steps' }, items.map(text => h('li', {}, text)));

function storefront(channel, toast) {
  const key = channel.publicKey;
  const examples = identityExamples(key);
  return [
    card(t('channels.install.widgetTitle'),
      para(t('channels.install.widgetText')),
      copyBlock({ label: t('channels.install.scriptTag'), text: scriptTag(key), testid: 'install-script', toast })),
    card(t('channels.install.identityTitle'),
      para(t('channels.install.identityText')),
      h('h3', { class: 'install-subtitle' }, t('channels.install.shopifyTitle')),
      steps([t('channels.install.shopifyStep1'), t('channels.install.shopifyStep2'), t('channels.install.shopifyStep3')]),
      copyBlock({ label: t('channels.install.shopifySnippet'), text: shopifySnippet(key), testid: 'install-shopify-snippet', toast }),
      h('h3', { class: 'install-subtitle' }, t('channels.install.anyShopTitle')),
      para(t('channels.install.anyShopText')),
      copyBlock({ label: 'Node.js', text: examples.node, testid: 'install-hmac-node', toast }),
      copyBlock({ label: 'PHP', text: examples.php, testid: 'install-hmac-php', toast }),
      copyBlock({ label: t('channels.install.signedTag'), text: examples.tag, testid: 'install-signed-tag', toast }),
      para(t('channels.install.ordersApi'))),
    card(t('channels.install.cspTitle'),
      para(t('channels.install.cspText')),
      copyBlock({ label: 'Content-Security-Policy', text: widgetCspLines().join('; '), testid: 'install-csp', toast })),
  ];
}

function email(channel, toast) {
  const url = webhookUrl('email', channel.id);
  const address = channel.settings.address;
  return [
    card(t('channels.install.inboundTitle'),
      para(t('channels.install.emailText')),
      copyBlock({ label: t('channels.install.webhookUrl'), text: url, testid: 'install-webhook-url', toast }),
      para(t('channels.install.signedText', { header: 'X-Helpdesk-Signature', type: 'message/rfc822' })),
      copyBlock({ label: t('channels.install.example'), text: signedPostExample(url, 'message/rfc822', 'mail.eml'), testid: 'install-example', toast }),
      para(t('channels.install.emailProof'))),
    card(t('channels.install.repliesTitle'),
      para(address ? t('channels.install.smtpFrom', { address }) : t('channels.install.smtpNoAddress'), 'install-smtp-from'),
      para(t('channels.install.smtpText'))),
  ];
}

function messenger(channel, toast) {
  return [
    card(t('channels.install.metaTitle'),
      steps([t('channels.install.metaStep1'), t('channels.install.metaStep2'), t('channels.install.metaStep3'), t('channels.install.metaStep4')]),
      copyBlock({ label: t('channels.install.callbackUrl'), text: webhookUrl('messenger', channel.id), testid: 'install-webhook-url', toast }),
      para(channel.secretSettings.includes('verifyToken') ? t('channels.install.verifyTokenSet') : t('channels.install.verifyTokenMissing'),
        'install-verify-token')),
  ];
}

function marketplace(channel, toast) {
  const url = webhookUrl('marketplace', channel.id);
  return [
    card(t('channels.install.inboundTitle'),
      para(t('channels.install.marketplaceText')),
      copyBlock({ label: t('channels.install.webhookUrl'), text: url, testid: 'install-webhook-url', toast }),
      para(t('channels.install.signedText', { header: 'X-Helpdesk-Signature', type: 'application/json' })),
      copyBlock({ label: t('channels.install.example'), text: signedPostExample(url, 'application/json', 'message.json'), testid: 'install-example', toast }),
      para(channel.settings.replyUrl ? t('channels.install.repliesTo', { url: channel.settings.replyUrl }) : t('channels.install.noReplyUrl'))),
  ];
}

function shopify(channel, toast) {
  return [
    card(t('channels.install.shopifyWebhooksTitle'),
      steps([t('channels.install.shopifyWebhookStep1'), t('channels.install.shopifyWebhookStep2'), t('channels.install.shopifyWebhookStep3')]),
      copyBlock({ label: t('channels.install.webhookUrl'), text: webhookUrl('shopify', channel.id), testid: 'install-webhook-url', toast }),
      h('div', { class: 'copy-field' },
        h('span', { class: 'field-label' }, t('channels.install.topics')),
        h('ul', { class: 'topic-list', 'data-testid': 'install-topics' }, SHOPIFY_TOPICS.map(topic => h('li', {}, h('code', {}, topic))))),
      para(t('channels.install.shopifySecret'))),
  ];
}

const BY_KIND = { storefront, email, messenger, marketplace, shopify };

/** The cards that tell how to connect a saved channel. */
export const installCards = (channel, toast) => BY_KIND[channel.kind](channel, toast);
