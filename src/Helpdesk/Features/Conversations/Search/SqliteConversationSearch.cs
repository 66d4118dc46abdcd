namespace Helpdesk.Features.Conversations.Search;

/// <summary>
/// Search on SQLite: FTS5 tables over message bodies (MessageSearch), subjects (SubjectSearch) and a
/// record per customer of name, addresses, phone numbers and order numbers (CustomerSearch), which
/// triggers keep in step with every write (the ConversationSearch migration).
/// </summary>
public sealed class SqliteConversationSearch(HelpdeskDbContext db) : IConversationSearch
{
    public async Task<IReadOnlyList<SearchHit>> FindAsync(SearchTerms terms, SearchFilter filter, int limit, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            var candidates = new List<SearchCandidate>();
            if (terms.Words.Count > 0)
            {
                candidates.AddRange(await QueryAsync(terms.ToFts5(), filter, $$"""
                    SELECT m.ConversationId, MessageSearch.rowid, bm25(MessageSearch, 1.0, 0.2)
                    FROM MessageSearch JOIN Messages m ON m.Id = MessageSearch.rowid JOIN Conversations c ON c.Id = m.ConversationId
                    WHERE MessageSearch MATCH $p0 {filter}
                    ORDER BY MessageSearch.rowid DESC LIMIT {{IConversationSearch.RecentMatches}}
                    """, r => new SearchCandidate(r.GetInt64(0), SearchSource.Message, SearchRanking.Scale(-r.GetDouble(2)), r.GetInt64(1))));
                candidates.AddRange(await QueryAsync(terms.ToFts5(), filter, $$"""
                    SELECT c.Id, bm25(SubjectSearch)
                    FROM SubjectSearch JOIN Conversations c ON c.Id = SubjectSearch.rowid
                    WHERE SubjectSearch MATCH $p0 {filter}
                    ORDER BY SubjectSearch.rowid DESC LIMIT {{IConversationSearch.RecentMatches}}
                    """, r => new SearchCandidate(r.GetInt64(0), SearchSource.Subject, SearchRanking.Scale(-r.GetDouble(1)))));
            }
            candidates.AddRange(await QueryAsync(terms.ToFts5Customer(), filter, $$"""
                SELECT c.Id, found.Score
                FROM (SELECT rowid AS CustomerId, bm25(CustomerSearch) AS Score FROM CustomerSearch
                      WHERE CustomerSearch MATCH $p0 ORDER BY Score LIMIT {{IConversationSearch.Customers}}) found
                JOIN Conversations c ON c.CustomerId = found.CustomerId
                WHERE 1 = 1 {filter}
                ORDER BY c.Id DESC LIMIT {{IConversationSearch.RecentMatches}}
                """, r => new SearchCandidate(r.GetInt64(0), SearchSource.Customer, SearchRanking.Scale(-r.GetDouble(1)))));
            return SearchRanking.Rank(candidates, limit);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private Task<List<SearchCandidate>> QueryAsync(
        string match, SearchFilter filter, string sql, Func<System.Data.Common.DbDataReader, SearchCandidate> read)
    {
        List<object?> values = [match];
        return db.QueryAsync(sql.Replace("{filter}", filter.Sql(values)), read, values.ToArray());
    }
}
