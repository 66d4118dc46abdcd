namespace Helpdesk.Features.CannedResponses;

/// <summary>A text agents or the helpdesk itself send often, one per shortcut and language.</summary>
public sealed class CannedResponse
{
    public long Id { get; set; }
    public required string Shortcut { get; set; }
    public required string Title { get; set; }
    public required string Locale { get; set; }
    public required string Body { get; set; }
    public required string Purpose { get; set; }
    public DateTime UpdatedAt { get; set; }
}

public static class Purposes
{
    public const string Macro = "macro";
    public const string AfterHours = "after-hours";
    public const string SurveyInvitation = "survey-invitation";
    public const string ResolutionSurvey = "resolution-survey";
    public static readonly string[] All = [Macro, AfterHours, SurveyInvitation, ResolutionSurvey];
}

public sealed record CannedResponseDto(long Id, string Shortcut, string Title, string Locale, string Body, string Purpose)
{
    public static CannedResponseDto From(CannedResponse c) => new(c.Id, c.Shortcut, c.Title, c.Locale, c.Body, c.Purpose);
}
