namespace Helpdesk.Features.Conversations;

public static class MessageRules
{
    public const int MaxBodyLength = 5000;

    public static IRuleBuilderOptions<T, string?> MessageBody<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(b => !string.IsNullOrWhiteSpace(b)).WithMessage("'body' must not be empty.")
            .MaximumLength(MaxBodyLength).WithMessage($"'body' must be at most {MaxBodyLength} characters.");

    public static IRuleBuilderOptions<T, string?> ClientMessageId<T>(this IRuleBuilder<T, string?> rule) =>
        rule.NotEmpty().WithMessage("'clientMessageId' is required.")
            .MaximumLength(100).Matches("^[A-Za-z0-9._:-]+$")
            .WithMessage("'clientMessageId' may hold letters, digits and . _ : - only.");
}

/// <summary>Published after a new message has been committed.</summary>
/// <param name="FromMachine">
/// The customer's side is a machine, such as mail marked as sent automatically (RFC 3834):
/// nothing answers it automatically, or two auto-responders would answer each other for ever.
/// </param>
public sealed record MessageAdded(StoredMessage Stored, bool FromMachine = false) : INotification;

/// <summary>
/// Published when a customer sends a message again that is stored already (a resend after a lost
/// acknowledgement). The node that stored it may have stopped before the work after its commit was
/// done; what must follow a customer's message whatever happens (the after-hours reply) listens to
/// this too, and checks what is stored. Broadcasts do not: everyone heard of the message once.
/// </summary>
public sealed record MessageResent(StoredMessage Stored) : INotification;
