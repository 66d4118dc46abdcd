namespace Helpdesk.Tests.Infrastructure;

public static class Eventually
{
    /// <summary>Asks again until the answer is the expected one; work done in the background (the outbox) takes a moment.</summary>
    public static async Task<T> Until<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        while (true)
        {
            var answer = await probe();
            if (done(answer)) return answer;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Still not as expected: {answer}");
            await Task.Delay(50);
        }
    }
}
