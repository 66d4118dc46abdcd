using Helpdesk.Features.Chat;

namespace Helpdesk.Tests.Features.Chat;

public sealed class TypingRepeatsTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 22, 14, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_first_state_and_a_changed_state_are_news()
    {
        Assert.False(TypingRepeats.Repeats(null, true, Start));
        Assert.False(TypingRepeats.Repeats(new TypingRepeats(true, Start), false, Start.AddMilliseconds(10)));
    }

    [Fact]
    public void The_same_state_at_once_is_a_repeat_but_the_widgets_keep_alive_is_not()
    {
        Assert.True(TypingRepeats.Repeats(new TypingRepeats(true, Start), true, Start.AddMilliseconds(500)));
        Assert.False(TypingRepeats.Repeats(new TypingRepeats(true, Start), true, Start.AddSeconds(2)));
    }
}
