namespace Helpdesk.Features.Conversations.Search;

public enum SearchSource { Customer, Subject, Message }

/// <summary>One text that matched: a customer record, a subject or a message, with the index's relevance scaled to [0, 1).</summary>
public sealed record SearchCandidate(long ConversationId, SearchSource Source, double Relevance, long? MessageId = null);

/// <summary>A conversation found, its score, and the text to show for it (the best message when it is a message).</summary>
public sealed record SearchHit(long ConversationId, double Score, SearchSource Source, long? MessageId);

/// <summary>
/// Best match first, the same on every database: the index's own relevance (bm25, ts_rank) decides only
/// within a kind of text, and the kinds are stepped, so that a hit on who the customer is (name, email,
/// phone, order number) comes before a hit in the subject, which comes before mentions in messages
/// (up to just under 2 however many); more and better mentions rank a conversation higher among those.
/// </summary>
public static class SearchRanking
{
    public const double CustomerStep = 4, SubjectStep = 2, MessageCeiling = 2;

    /// <summary>Messages counted per conversation: beyond a few, more mentions say little more.</summary>
    private const int MessagesCounted = 10;

    /// <summary>A relevance of the index (bm25 lower is better and negative; ts_rank higher is better) scaled to [0, 1).</summary>
    public static double Scale(double goodness) => goodness <= 0 ? 0 : goodness / (1 + goodness);

    public static IReadOnlyList<SearchHit> Rank(IEnumerable<SearchCandidate> candidates, int limit) =>
        candidates.GroupBy(c => c.ConversationId)
            .Select(Score)
            .OrderByDescending(h => h.Score).ThenByDescending(h => h.ConversationId)
            .Take(limit)
            .ToArray();

    private static SearchHit Score(IGrouping<long, SearchCandidate> found)
    {
        double score = 0;
        var customer = found.Where(c => c.Source == SearchSource.Customer).Select(c => c.Relevance).DefaultIfEmpty(-1).Max();
        if (customer >= 0) score += CustomerStep + customer;
        var subject = found.Where(c => c.Source == SearchSource.Subject).Select(c => c.Relevance).DefaultIfEmpty(-1).Max();
        if (subject >= 0) score += SubjectStep + subject;
        var messages = found.Where(c => c.Source == SearchSource.Message).OrderByDescending(c => c.Relevance).ToArray();
        var mentions = messages.Take(MessagesCounted).Sum(m => m.Relevance);
        score += MessageCeiling * (1 - Math.Exp(-mentions / 2));
        var source = customer >= 0 ? SearchSource.Customer : subject >= 0 ? SearchSource.Subject : SearchSource.Message;
        return new SearchHit(found.Key, score, source, messages.FirstOrDefault()?.MessageId);
    }
}
