namespace Helpdesk.Features.Chat;

/// <summary>
/// A typing state that only repeats the one a connection sent a moment ago tells agents nothing
/// and is not broadcast again. The widget repeats "typing" every two seconds at most, as a
/// keep-alive for the agent's indicator; a shorter repeat is noise.
/// </summary>
public sealed record TypingRepeats(bool IsTyping, DateTimeOffset At)
{
    public static readonly TimeSpan Window = TimeSpan.FromMilliseconds(1500);

    public static bool Repeats(TypingRepeats? last, bool isTyping, DateTimeOffset now) =>
        last is not null && last.IsTyping == isTyping && now - last.At < Window;
}
