using Helpdesk.Infrastructure.Text;
using Helpdesk.Features.Conversations;
using Helpdesk.Features.Queue;
using Helpdesk.Features.Reports;
using Helpdesk.Infrastructure;
using Microsoft.Extensions.Options;

namespace Helpdesk.Features.Surveys;

/// <summary>
/// The customer's answer: a score, perhaps a comment and a recommendation. Answering again within
/// the change window replaces it. A low score opens a follow-up conversation for the customer and
/// the order (or the resolved conversation), with the comment as its first message, at the top of
/// the queue. An answer after a resolution stays credited to the agent the survey names.
/// </summary>
public sealed record AnswerSurvey(string Token, int? Score, string? Comment, int? Nps) : IRequest<SurveyPageDto>;

public sealed record SurveyAnswerInput(int? Score, string? Comment, int? Nps);

public sealed class AnswerSurveyEndpoint : IEndpoint
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/api/surveys/{token}", (string token, SurveyAnswerInput input, IMediator m, CancellationToken ct) =>
                m.Send(new AnswerSurvey(token, input.Score, input.Comment, input.Nps), ct))
            .AllowAnonymous().RequireRateLimiting(RateLimitPolicies.Public).RequireCors(Chat.StartWidgetSession.WidgetCors).WithTags("Surveys");
}

public sealed class AnswerSurveyValidator : AbstractValidator<AnswerSurvey>
{
    public AnswerSurveyValidator()
    {
        RuleFor(r => r.Score).Must(s => s is >= 1 and <= 5).WithMessage("'score' must be a whole number from 1 to 5.");
        RuleFor(r => r.Nps).Must(n => n is null or >= 0 and <= 10).WithMessage("'nps' must be a whole number from 0 to 10, or left out.");
        RuleFor(r => r.Comment).Must(c => c is null || c.Length <= SurveyRules.MaxCommentLength)
            .WithMessage($"'comment' may be at most {SurveyRules.MaxCommentLength:N0} characters.");
    }
}

public sealed class AnswerSurveyHandler(
    WriteQueue writes, MessageWriter writer, ConversationLifecycle lifecycle, Reports.ReportRecorder reports, IMediator mediator,
    IOptions<StoreOptions> store, TimeProvider time)
    : IRequestHandler<AnswerSurvey, SurveyPageDto>
{
    /// <param name="Started">The messages of a follow-up opened by this answer.</param>
    /// <param name="NewComment">A changed comment for the follow-up opened by an earlier answer.</param>
    private sealed record Answered(Survey Survey, string? OrderNumber, List<StoredMessage> Started, string? NewComment);

    public async Task<SurveyPageDto> Handle(AnswerSurvey r, CancellationToken ct)
    {
        // One answer at a time: a double submit opens one follow-up.
        var answered = await writes.RunAsync(q => AnswerAsync(q, r));
        // Written on a web page, not to us: no after-hours reply answers it.
        foreach (var stored in answered.Started) await mediator.Publish(new MessageAdded(stored, FromMachine: true), CancellationToken.None);
        if (answered is { NewComment: { } comment, Survey.FollowUpConversationId: { } followUp })
        {
            // Like any customer message it reopens the conversation; until an agent has answered, it keeps its place at the top.
            // The answer is committed already, so the comment must not be refused: a resubmit would find it unchanged.
            var stored = await writer.AppendAsync(new NewMessage { ConversationId = followUp, Sender = Senders.Customer, Body = comment },
                CancellationToken.None, waitForRoom: true);
            await mediator.Publish(new MessageAdded(stored, FromMachine: true), CancellationToken.None);
        }
        return SurveyTokens.Page(answered.Survey, store.Value.Name, answered.OrderNumber);
    }

    private async Task<Answered> AnswerAsync(HelpdeskDbContext q, AnswerSurvey r)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var survey = await SurveyTokens.OpenAsync(q, r.Token, now, CancellationToken.None);
        var comment = string.IsNullOrWhiteSpace(r.Comment) ? null : SafeText.Body(r.Comment.Trim());
        var commentChanged = comment is not null && comment != survey.Comment;
        var firstAnswer = survey.AnsweredAt is null;
        var scoreChanged = survey.Score != r.Score;
        survey.Score = r.Score;
        survey.Nps = r.Nps;
        survey.Comment = comment;
        survey.AnsweredAt ??= now;
        survey.UpdatedAt = now;
        var orderNumber = await q.Orders.Where(o => o.Id == survey.OrderId).Select(o => o.Number).FirstOrDefaultAsync();

        List<StoredMessage> started = [];
        var settings = await SurveySettingsStore.GetAsync(q, CancellationToken.None);
        if (survey.FollowUpConversationId is null && SurveyRules.IsLow(r.Score!.Value, settings.LowScoreThreshold))
            started = await FollowUpConversation.OpenAsync(q, lifecycle, survey, orderNumber, now);
        await q.SaveChangesAsync();
        if (started.Count > 0) await reports.RecordAsync(q, started[0].Conversation, started[0].Events);
        if (firstAnswer) await reports.SurveyAnsweredAsync(q, survey, now);
        else if (scoreChanged) await reports.ScoreChangedAsync(q, survey);
        return new Answered(survey, orderNumber, started, started.Count == 0 && commentChanged ? comment : null);
    }
}
