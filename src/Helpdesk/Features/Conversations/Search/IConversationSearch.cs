namespace Helpdesk.Features.Conversations.Search;

/// <summary>
/// The one owner of "which conversations does this query find, best first": a full-text index per
/// database (SQLite FTS5, PostgreSQL tsvector), kept by the database itself as messages, subjects,
/// customers and orders are written (see the ConversationSearch migrations).
/// </summary>
public interface IConversationSearch
{
    /// <summary>
    /// Of the texts that match, only the most recent this many of each kind (messages, subjects) are
    /// ranked, so a word in half the conversations costs what a rare one costs.
    /// </summary>
    const int RecentMatches = 500;

    /// <summary>Customers ranked by how well their record matches; their conversations follow.</summary>
    const int Customers = 50;

    Task<IReadOnlyList<SearchHit>> FindAsync(SearchTerms terms, SearchFilter filter, int limit, CancellationToken ct);
}
