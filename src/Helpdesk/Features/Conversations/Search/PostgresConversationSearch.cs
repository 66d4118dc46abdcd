namespace Helpdesk.Features.Conversations.Search;

/// <summary>
/// Search on PostgreSQL: GIN indexes over helpdesk_message_vector(Body, Quoted) and
/// helpdesk_search_vector(Subject), and a customersearch table of name, addresses, phone numbers and
/// order numbers kept by triggers (the ConversationSearch migration). The text search configuration
/// helpdesk_search is 'simple' with unaccent, so no language's stemming or stop words get in the way.
/// </summary>
public sealed class PostgresConversationSearch(HelpdeskDbContext db) : IConversationSearch
{
    public async Task<IReadOnlyList<SearchHit>> FindAsync(SearchTerms terms, SearchFilter filter, int limit, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            var candidates = new List<SearchCandidate>();
            if (terms.Words.Count > 0)
            {
                // The expressions and the condition on Sender are the indexes' own, so the indexes are used.
                candidates.AddRange(await QueryAsync(terms.ToTsQuery(), filter, $$"""
                    SELECT m.ConversationId, m.Id, ts_rank(helpdesk_message_vector(m.Body, m.Quoted), to_tsquery('helpdesk_search', $p0))
                    FROM Messages m JOIN Conversations c ON c.Id = m.ConversationId
                    WHERE helpdesk_message_vector(m.Body, m.Quoted) @@ to_tsquery('helpdesk_search', $p0) AND m.Sender IN ('customer', 'agent') {filter}
                    ORDER BY m.Id DESC LIMIT {{IConversationSearch.RecentMatches}}
                    """, r => new SearchCandidate(r.GetInt64(0), SearchSource.Message, Scale(r.GetFloat(2)), r.GetInt64(1))));
                candidates.AddRange(await QueryAsync(terms.ToTsQuery(), filter, $$"""
                    SELECT c.Id, ts_rank(helpdesk_search_vector(c.Subject), to_tsquery('helpdesk_search', $p0))
                    FROM Conversations c
                    WHERE helpdesk_search_vector(c.Subject) @@ to_tsquery('helpdesk_search', $p0) {filter}
                    ORDER BY c.Id DESC LIMIT {{IConversationSearch.RecentMatches}}
                    """, r => new SearchCandidate(r.GetInt64(0), SearchSource.Subject, Scale(r.GetFloat(1)))));
            }
            candidates.AddRange(await QueryAsync(terms.ToTsQueryCustomer(), filter, $$"""
                SELECT c.Id, found.Score
                FROM (SELECT s.CustomerId, ts_rank(s.Document, to_tsquery('helpdesk_search', $p0)) AS Score
                      FROM CustomerSearch s
                      WHERE s.Document @@ to_tsquery('helpdesk_search', $p0) ORDER BY Score DESC LIMIT {{IConversationSearch.Customers}}) found
                JOIN Conversations c ON c.CustomerId = found.CustomerId
                WHERE 1 = 1 {filter}
                ORDER BY c.Id DESC LIMIT {{IConversationSearch.RecentMatches}}
                """, r => new SearchCandidate(r.GetInt64(0), SearchSource.Customer, Scale(r.GetFloat(1)))));
            return SearchRanking.Rank(candidates, limit);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>ts_rank's values are small (0.06 for a word met once): scaled up to read like bm25's before <see cref="SearchRanking.Scale"/>.</summary>
    private static double Scale(float rank) => SearchRanking.Scale(rank * 10);

    private Task<List<SearchCandidate>> QueryAsync(
        string query, SearchFilter filter, string sql, Func<System.Data.Common.DbDataReader, SearchCandidate> read)
    {
        List<object?> values = [query];
        return db.QueryAsync(sql.Replace("{filter}", filter.Sql(values)), read, values.ToArray());
    }
}
