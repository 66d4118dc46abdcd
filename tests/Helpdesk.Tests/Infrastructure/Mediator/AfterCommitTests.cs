using System.Collections.Concurrent;
using Helpdesk.Features.Conversations;
using Helpdesk.Infrastructure.Mediator;
using Helpdesk.Tests.Infrastructure;
using MediatR;
using Microsoft.Extensions.DependencyInjection;

namespace Helpdesk.Tests.Infrastructure.Mediator;

public sealed class AfterCommitTests
{
    /// <summary>What a test listener was told, across the scopes it runs in.</summary>
    private sealed class Heard
    {
        public ConcurrentQueue<long> Attempts { get; } = new();
        public ConcurrentQueue<long> Handled { get; } = new();
    }

    /// <summary>A listener whose remote is down for good.</summary>
    private sealed class AlwaysFails(Heard heard) : INotificationHandler<MessageAdded>
    {
        public Task Handle(MessageAdded n, CancellationToken ct)
        {
            heard.Attempts.Enqueue(n.Stored.Message.Id);
            throw new InvalidOperationException("The listener's remote is down.");
        }
    }

    /// <summary>A listener whose remote is down the first time it hears of each message.</summary>
    private sealed class FailsOnce(Heard heard) : INotificationHandler<MessageAdded>
    {
        public Task Handle(MessageAdded n, CancellationToken ct)
        {
            var id = n.Stored.Message.Id;
            heard.Attempts.Enqueue(id);
            if (heard.Attempts.Count(a => a == id) == 1) throw new InvalidOperationException("The listener's remote is briefly down.");
            heard.Handled.Enqueue(id);
            return Task.CompletedTask;
        }
    }

    private readonly Heard _heard = new();

    private HelpdeskApp AppWith<TListener>() where TListener : class, INotificationHandler<MessageAdded> =>
        new(services: s =>
        {
            s.AddSingleton(_heard);
            // Ahead of the helpdesk's own listeners, so that their running cannot depend on its luck.
            s.Insert(0, ServiceDescriptor.Scoped<INotificationHandler<MessageAdded>, TListener>());
        });

    private static async Task<(Agent Agent, Shopper Shopper)> ChatAsync(HelpdeskApp app)
    {
        var agent = await app.SignInAsync();
        var publicKey = (await app.CreateStorefrontChannelAsync(agent)).PublicKey;
        await agent.ConnectAsync();
        return (agent, await app.ShopperAsync(publicKey, "Anna"));
    }

    [Fact]
    public async Task A_listener_that_keeps_throwing_fails_neither_the_sender_nor_the_other_listeners()
    {
        await using var app = AppWith<AlwaysFails>();
        var (agent, shopper) = await ChatAsync(app);
        await using var _ = agent;
        await using var __ = shopper;

        var question = await shopper.SendAsync("Where is my parcel?");
        await agent.Messages.WaitForAsync(m => m.Id == question.Id);
        var answer = await agent.ReplyAsync(question.ConversationId, "It left our warehouse today.");
        await shopper.Messages.WaitForAsync(m => m.Id == answer.Id);

        // It is tried again, in the background.
        await Eventually.Until(() => Task.FromResult(_heard.Attempts.Count(id => id == question.Id)), n => n >= 2);
    }

    [Fact]
    public async Task A_listener_that_throws_once_hears_of_the_message_exactly_once_on_retry()
    {
        await using var app = AppWith<FailsOnce>();
        var (agent, shopper) = await ChatAsync(app);
        await using var _ = agent;
        await using var __ = shopper;

        var question = await shopper.SendAsync("Do you ship to Iceland?");
        await Eventually.Until(() => Task.FromResult(_heard.Handled.Count(id => id == question.Id)), n => n > 0);
        await Task.Delay(500);

        Assert.Equal(2, _heard.Attempts.Count(id => id == question.Id));
        Assert.Single(_heard.Handled, question.Id);
        Assert.Single(agent.Messages.All, m => m.Id == question.Id);
    }

    [Fact]
    public async Task A_resend_after_a_failed_side_effect_is_the_same_message_announced_once()
    {
        await using var app = AppWith<FailsOnce>();
        var (agent, shopper) = await ChatAsync(app);
        await using var _ = agent;
        await using var __ = shopper;

        var sent = await shopper.SendAsync("Can I change my address?", "address-1");
        var resent = await shopper.SendAsync("Can I change my address?", "address-1");
        Assert.Equal(sent.Id, resent.Id);

        await agent.Messages.WaitForAsync(m => m.Id == sent.Id);
        await Eventually.Until(() => Task.FromResult(_heard.Handled.Count(id => id == sent.Id)), n => n > 0);
        await Task.Delay(500);
        Assert.Single(agent.Messages.All, m => m.Id == sent.Id);
        Assert.Single(_heard.Handled, sent.Id);
    }

    [Fact]
    public void A_failed_listener_is_tried_again_after_longer_and_longer_pauses_then_given_up()
    {
        var pauses = Enumerable.Range(1, 100).Select(AfterCommit.RetryDelay).TakeWhile(d => d is not null).Select(d => d!.Value).ToList();

        Assert.InRange(pauses.Count, 3, 10);
        Assert.Equal(TimeSpan.FromSeconds(1), pauses[0]);
        Assert.All(pauses.Zip(pauses.Skip(1)), p => Assert.True(p.Second > p.First));
        Assert.Null(AfterCommit.RetryDelay(pauses.Count + 1));
    }
}
