// Whether the person writing is proven to be the customer the conversation is filed under, and what in a reply would tell them that customer's orders.

/**
 * The address a conversation's customer was only claimed by (typed in the chat, or an unproven mail sender), or null
 * when the customer is proven or nobody claimed an address. Such a conversation shows that customer's history to
 * agents for context, but nothing of it may go to the shopper before they prove the address.
 */
export function claimedEmail(customer) {
  return customer?.verified === false && customer.claimedEmail ? customer.claimedEmail : null;
}

/** A claimed conversation in the chat widget, where the shopper can be asked to prove the address with a code. */
export const canAskToVerify = summary => Boolean(claimedEmail(summary?.customer)) && summary.channel.kind === 'storefront';

const escape = text => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The order numbers among numbers that text mentions, as the agent would write them: "#1003", or "1003" on its own.
 * A bare number must stand alone, so "#10" is not found in a price of "10.95" or in "#1003".
 */
export function mentionedOrders(text, numbers) {
  return [...new Set(numbers)].filter(number => {
    const bare = number.replace(/^#/, '').trim();
    if (!bare) return false;
    return new RegExp(`(^|[^\\p{L}\\p{N}])#?${escape(bare)}(?![\\p{L}\\p{N}]|[.,]\\p{N})`, 'iu').test(text);
  });
}
