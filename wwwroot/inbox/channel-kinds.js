// What each kind of channel asks of the admin, as the server's settings records take it
// (Features/Channels/*Settings.cs): its secret, its settings, and which of them are write-only.

export const KIND_ORDER = ['storefront', 'email', 'messenger', 'marketplace', 'shopify'];

export const LANGUAGES = ['en', 'da', 'de', 'nb', 'lv'];

/**
 * secret.generate: the helpdesk may choose the secret (it signs what the shop's own code sends);
 * otherwise the other side (Meta, Shopify) issues it and the admin pastes it.
 * A field's type: text, email, url, language (one of LANGUAGES), emailChannel (the id of an email channel).
 * writeOnly fields are never shown back, like the secret; generate offers a random value.
 */
export const KINDS = {
  storefront: {
    icon: 'channel-storefront',
    secret: { generate: true },
    fields: [
      { key: 'defaultLanguage', type: 'language' },
      { key: 'emailChannelId', type: 'emailChannel' },
    ],
  },
  email: {
    icon: 'channel-email',
    secret: { generate: true },
    outbound: true,
    fields: [
      { key: 'address', type: 'email' },
      { key: 'displayName', type: 'text' },
      { key: 'defaultLanguage', type: 'language' },
    ],
  },
  messenger: {
    icon: 'channel-messenger',
    secret: { generate: false },
    outbound: true,
    fields: [
      { key: 'pageId', type: 'text' },
      { key: 'verifyToken', type: 'text', writeOnly: true, generate: true },
      { key: 'pageAccessToken', type: 'text', writeOnly: true },
      { key: 'graphApiBaseUrl', type: 'url', placeholder: 'https://graph.facebook.com/v21.0' },
      { key: 'defaultLanguage', type: 'language' },
    ],
  },
  marketplace: {
    icon: 'channel-marketplace',
    secret: { generate: true },
    outbound: true,
    fields: [
      { key: 'replyUrl', type: 'url' },
      { key: 'defaultLanguage', type: 'language' },
    ],
  },
  shopify: {
    icon: 'channel-shopify',
    secret: { generate: false },
    fields: [],
  },
};

/** The topics a Shopify store sends orders by (API.md, Orders); others are acknowledged and ignored. */
export const SHOPIFY_TOPICS = [
  'orders/create', 'orders/updated', 'orders/paid', 'orders/fulfilled', 'orders/cancelled', 'fulfillments/create', 'fulfillments/update',
];

/** 32 random bytes as lowercase hex: a secret nobody has to think of. */
export function randomSecret() {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return Array.from(bytes, b => b.toString(16).padStart(2, '0')).join('');
}

/** Where the shop's systems reach this helpdesk: the address the admin is using it at. */
export const helpdeskOrigin = () => location.origin;

export const webhookUrl = (kind, id, origin = helpdeskOrigin()) => `${origin}/api/webhooks/${kind}/${id}`;

export const scriptTag = (publicKey, origin = helpdeskOrigin()) =>
  `<script src="${origin}/widget/widget.js" data-key="${publicKey}" async></script>`;

/**
 * Content-Security-Policy: the directives a storefront that sends a CSP adds so the widget loads,
 * styles itself and reaches the hubs. The one place that says them; adjust here when the widget's
 * needs change.
 */
export function widgetCspLines(origin = helpdeskOrigin()) {
  const url = new URL(origin);
  const socket = `${url.protocol === 'https:' ? 'wss' : 'ws'}://${url.host}`;
  return [`script-src ${origin}`, `style-src ${origin}`, `connect-src ${origin} ${socket}`];
}

/** The Shopify theme snippet of integrations/shopify/helpdesk-widget.liquid, with this helpdesk's address and key filled in. */
export function shopifySnippet(publicKey, origin = helpdeskOrigin()) {
  return [
    '{%- comment -%} Helpdesk chat widget. Keep the storefront secret in the shop metafield helpdesk.identity_secret. {%- endcomment -%}',
    `{%- assign helpdesk_url = '${origin}' -%}`,
    `{%- assign helpdesk_key = '${publicKey}' -%}`,
    '{%- assign helpdesk_secret = shop.metafields.helpdesk.identity_secret.value -%}',
    '<script src="{{ helpdesk_url }}/widget/widget.js" data-key="{{ helpdesk_key | escape }}"',
    '{%- if customer and helpdesk_secret != blank %}',
    '  data-customer-id="{{ customer.id }}"',
    '  data-customer-email="{{ customer.email | escape }}"',
    '  data-signature="{{ customer.id | hmac_sha256: helpdesk_secret }}"',
    '{%- endif %} async></script>',
  ].join('\n');
}

/** A signed-in customer on any shop: the signature is made on the shop's server, where the secret stays. */
export function identityExamples(publicKey, origin = helpdeskOrigin()) {
  return {
    node: [
      "const crypto = require('node:crypto');",
      '// IDENTITY_SECRET: this channel\'s secret, from your server\'s configuration.',
      "const signature = crypto.createHmac('sha256', process.env.IDENTITY_SECRET).update(String(customer.id)).digest('hex');",
    ].join('\n'),
    php: "<?php $signature = hash_hmac('sha256', (string) $customer->id, getenv('IDENTITY_SECRET')); ?>",
    tag: [
      `<script src="${origin}/widget/widget.js" data-key="${publicKey}"`,
      '  data-customer-id="CUSTOMER_ID" data-customer-email="CUSTOMER_EMAIL"',
      '  data-signature="SIGNATURE" async></script>',
    ].join('\n'),
  };
}

/** How a relay signs a raw mail or a marketplace message, as a shell one-liner an admin can try. */
export function signedPostExample(url, contentType, file) {
  return [
    `signature=$(openssl dgst -sha256 -hmac "$SECRET" -hex < ${file} | sed 's/^.* //')`,
    `curl -X POST '${url}' -H 'Content-Type: ${contentType}' \\`,
    `  -H "X-Helpdesk-Signature: sha256=$signature" --data-binary @${file}`,
  ].join('\n');
}
