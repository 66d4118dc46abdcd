namespace Helpdesk.Features.Labels;

/// <summary>A word agents put on conversations ("refund", "damaged in transit") to sort and find them, with a colour.</summary>
public sealed class Label
{
    public long Id { get; set; }
    /// <summary>Lower case and trimmed (<see cref="LabelRules.Normalize"/>), unique.</summary>
    public string Name { get; set; } = "";
    /// <summary>One of <see cref="LabelColors.All"/>.</summary>
    public string Color { get; set; } = LabelColors.Gray;
}

/// <summary>A label on a conversation: the join that the label filter reads from the label's side.</summary>
public sealed class ConversationLabel
{
    public long ConversationId { get; set; }
    public long LabelId { get; set; }
}

public sealed record LabelDto(long Id, string Name, string Color)
{
    public static LabelDto From(Label l) => new(l.Id, l.Name, l.Color);
}
