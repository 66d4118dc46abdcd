namespace Helpdesk.Features.Conversations.Search;

/// <summary>
/// The list's other filters, applied inside the search's own statements (so that the most recent matches
/// the index hands over are all ones the agent asked for). The SQL reads the same on SQLite and
/// PostgreSQL (see RawSql); the conversation is aliased c.
/// </summary>
/// <param name="Status">A status, or null for all.</param>
/// <param name="Assignee">me, unassigned, or null for anyone.</param>
public sealed record SearchFilter(long AgentId, string? Status = null, long? ChannelId = null, string? Kind = null, string? Assignee = null)
{
    /// <summary>The conditions, each starting with AND, their values appended to <paramref name="values"/>.</summary>
    public string Sql(List<object?> values)
    {
        var sql = "";
        string Next(object value)
        {
            values.Add(value);
            return "$p" + (values.Count - 1);
        }
        if (Status is not null) sql += $" AND c.Status = {Next(Status)}";
        if (ChannelId is { } channel) sql += $" AND c.ChannelId = {Next(channel)}";
        if (Kind is not null) sql += $" AND c.ChannelId IN (SELECT Id FROM Channels WHERE Kind = {Next(Kind)})";
        sql += Assignee switch
        {
            "me" => $" AND c.AssigneeId = {Next(AgentId)}",
            "unassigned" => " AND c.AssigneeId IS NULL",
            _ => "",
        };
        return sql;
    }
}
