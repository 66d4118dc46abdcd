using System.Net;
using Helpdesk.Features.Chat;
using Helpdesk.Features.Conversations;
using Helpdesk.Tests.Infrastructure;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Helpdesk.Tests.Infrastructure.Web;

public sealed class GracefulShutdownTests
{
    [Fact]
    public async Task A_stopping_node_turns_unready_sends_its_shoppers_elsewhere_and_a_message_sent_meanwhile_is_stored_once()
    {
        var folder = Directory.CreateTempSubdirectory("helpdesk-shutdown-").FullName;
        var first = new HelpdeskApp(folder, new() { ["Shutdown:DrainSeconds"] = "2" });
        var admin = await first.SignInAsync();
        var (_, publicKey) = await first.CreateStorefrontChannelAsync(admin);
        var session = await first.ShopperAsync(publicKey);
        await session.DisposeAsync();
        var address = first.Address;

        // The widget's connection: automatic reconnect to the same address, which a load balancer would send
        // to a node still up; here the next node starts on the port the first one leaves.
        await using var widget = new HubConnectionBuilder()
            .WithUrl(new Uri(address, "/hubs/widget"), o =>
            {
                o.Transports = HttpTransportType.WebSockets;
                o.AccessTokenProvider = () => Task.FromResult<string?>(session.Token);
            })
            .WithAutomaticReconnect(new EveryFewMilliseconds())
            .Build();
        var reconnecting = new TaskCompletionSource();
        var reconnected = new TaskCompletionSource();
        widget.Reconnecting += _ => { reconnecting.TrySetResult(); return Task.CompletedTask; };
        widget.Reconnected += _ => { reconnected.TrySetResult(); return Task.CompletedTask; };
        await widget.StartAsync();
        var before = await widget.InvokeAsync<MessageDto>("SendMessage", new SendMessageInput("before-the-stop", "Is my parcel on its way?"));

        // What SIGTERM does: stopping is signalled, then the host stops within its configured timeout.
        first.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication();
        var stopping = Task.Run(() => first.Services.GetRequiredService<IHost>().StopAsync());
        // Sent as the node begins to stop: acknowledged or not, the widget keeps it until it is.
        var around = widget.InvokeAsync<MessageDto>("SendMessage", new SendMessageInput("around-the-stop", "Hello, anyone there?"));

        using var probe = new HttpClient { BaseAddress = address };
        await Eventually.Until(async () => (await probe.GetAsync("/health/ready")).StatusCode, s => s == HttpStatusCode.ServiceUnavailable);
        Assert.Equal(HttpStatusCode.OK, (await probe.GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable,
            (await probe.PostAsync("/hubs/widget/negotiate?negotiateVersion=1", null)).StatusCode);
        await reconnecting.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await stopping.WaitAsync(TimeSpan.FromSeconds(30));
        var acknowledged = await Acknowledged(around);
        await first.DisposeAsync();

        await using var second = new HelpdeskApp(folder);
        second.UseKestrel(address.Port);
        Assert.Equal(address.Port, second.Address.Port);
        await reconnected.Task.WaitAsync(TimeSpan.FromSeconds(30));

        // What the widget does after reconnecting: resend whatever was not acknowledged, under the same id.
        // Both are resent here, to show that a resend of a stored message stores nothing new.
        var resent = await widget.InvokeAsync<MessageDto>("SendMessage", new SendMessageInput("around-the-stop", "Hello, anyone there?"));
        var again = await widget.InvokeAsync<MessageDto>("SendMessage", new SendMessageInput("before-the-stop", "Is my parcel on its way?"));
        if (acknowledged is not null) Assert.Equal(acknowledged.Id, resent.Id);
        Assert.Equal(before.Id, again.Id);

        var stored = await widget.InvokeAsync<MessageDto[]>("GetMessages", 0L);
        Assert.Single(stored, m => m.ClientMessageId == "before-the-stop");
        Assert.Single(stored, m => m.ClientMessageId == "around-the-stop");
    }

    private static async Task<MessageDto?> Acknowledged(Task<MessageDto> send)
    {
        try
        {
            return await send;
        }
        catch (Exception)
        {
            return null; // the connection closed before the answer came: the widget resends it
        }
    }

    private sealed class EveryFewMilliseconds : IRetryPolicy
    {
        public TimeSpan? NextRetryDelay(RetryContext context) =>
            context.ElapsedTime < TimeSpan.FromSeconds(60) ? TimeSpan.FromMilliseconds(100) : null;
    }
}
