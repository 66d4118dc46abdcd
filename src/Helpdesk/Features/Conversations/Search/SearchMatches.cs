using Helpdesk.Features.Customers;

namespace Helpdesk.Features.Conversations.Search;

/// <summary>For each conversation found, the text that matched, with the searched words marked.</summary>
public sealed class SearchMatches(HelpdeskDbContext db)
{
    public async Task<Dictionary<long, SearchMatch>> ForAsync(
        IReadOnlyList<SearchHit> hits, IReadOnlyDictionary<long, Conversation> conversations, SearchTerms terms, CancellationToken ct)
    {
        var messageIds = hits.Where(h => h.Source == SearchSource.Message && h.MessageId is not null).Select(h => h.MessageId!.Value).ToArray();
        var messages = await db.Messages.AsNoTracking().Where(m => messageIds.Contains(m.Id))
            .Select(m => new { m.Id, m.Body, m.Quoted }).ToDictionaryAsync(m => m.Id, ct);
        var customerIds = hits.Where(h => h.Source == SearchSource.Customer && conversations.ContainsKey(h.ConversationId))
            .Select(h => conversations[h.ConversationId].CustomerId).Distinct().ToArray();
        var fields = await CustomerFieldsAsync(customerIds, ct);

        var matches = new Dictionary<long, SearchMatch>();
        foreach (var hit in hits)
        {
            if (!conversations.TryGetValue(hit.ConversationId, out var c)) continue;
            matches[hit.ConversationId] = hit.Source switch
            {
                SearchSource.Customer => Best(fields.GetValueOrDefault(c.CustomerId) ?? [], terms),
                SearchSource.Subject => Match(SearchFields.Subject, c.Subject, terms),
                _ when hit.MessageId is { } id && messages.TryGetValue(id, out var m) =>
                    SearchHighlighter.Find(m.Body, terms) is { Count: > 0 } || m.Quoted is null
                        ? Match(SearchFields.Message, m.Body, terms, id)
                        : Match(SearchFields.Message, m.Quoted, terms, id),
                _ => Match(SearchFields.Subject, c.Subject, terms),
            };
        }
        return matches;
    }

    private static SearchMatch Match(string field, string text, SearchTerms terms, long? messageId = null) =>
        SearchHighlighter.Excerpt(field, text, SearchHighlighter.Find(text, terms), messageId);

    /// <summary>Of the customer's name, addresses, phone numbers and order numbers, the one with most of the words.</summary>
    private static SearchMatch Best(List<(string Field, string Text)> fields, SearchTerms terms)
    {
        var best = fields.Select(f => (f.Field, f.Text, Ranges: SearchHighlighter.Find(f.Text, terms)))
            .OrderByDescending(f => f.Ranges.Count).FirstOrDefault();
        return best.Text is null
            ? new SearchMatch(SearchFields.Customer, "", [])
            : SearchHighlighter.Excerpt(best.Field, best.Text, best.Ranges);
    }

    private async Task<Dictionary<long, List<(string Field, string Text)>>> CustomerFieldsAsync(long[] ids, CancellationToken ct)
    {
        var fields = new Dictionary<long, List<(string, string)>>();
        if (ids.Length == 0) return fields;
        List<(string, string)> Of(long id) => fields.TryGetValue(id, out var list) ? list : fields[id] = [];
        foreach (var c in await db.Customers.AsNoTracking().Where(c => ids.Contains(c.Id)).Select(c => new { c.Id, c.Name, c.Email }).ToListAsync(ct))
        {
            Of(c.Id).Add((SearchFields.Customer, c.Name));
            if (c.Email is not null) Of(c.Id).Add((SearchFields.Email, c.Email));
        }
        foreach (var i in await db.CustomerIdentities.AsNoTracking()
                     .Where(i => ids.Contains(i.CustomerId) && (i.Kind == IdentityKinds.Email || i.Kind == IdentityKinds.Phone))
                     .Select(i => new { i.CustomerId, i.Kind, i.Value }).ToListAsync(ct))
            Of(i.CustomerId).Add((i.Kind == IdentityKinds.Phone ? SearchFields.Phone : SearchFields.Email, i.Value));
        foreach (var o in await db.Orders.AsNoTracking().Where(o => ids.Contains(o.CustomerId))
                     .OrderByDescending(o => o.PlacedAt).Select(o => new { o.CustomerId, o.Number }).Take(ids.Length * 50).ToListAsync(ct))
            Of(o.CustomerId).Add((SearchFields.Order, o.Number));
        return fields;
    }
}
