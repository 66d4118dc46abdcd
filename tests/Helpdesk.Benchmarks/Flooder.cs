using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Helpdesk.Benchmarks;

/// <summary>What a flooder does, over and over, in this order.</summary>
public enum FloodCall { Typing, TooLong, NearLimit }

/// <summary>How the helpdesk answered one kind of flooding call, over one or more flooders.</summary>
public sealed record FloodTally(long Calls, long Accepted, long Refused, long Failed, string? FirstRefusal, string? FirstFailure)
{
    public static readonly FloodTally None = new(0, 0, 0, 0, null, null);

    public FloodTally Add(FloodTally other) => new(
        Calls + other.Calls, Accepted + other.Accepted, Refused + other.Refused, Failed + other.Failed,
        FirstRefusal ?? other.FirstRefusal, FirstFailure ?? other.FirstFailure);
}

/// <summary>
/// A hostile shopper on the widget hub: typing on and off, and messages the helpdesk must refuse, each call as
/// soon as the previous one is answered, whatever the answer; dropped, it connects again with the same token.
/// It first opens a conversation with one ordinary message, so that its typing reaches every agent.
/// </summary>
public sealed class Flooder(HubConnection connection, int index)
{
    private static readonly FloodCall[] Cycle =
        [FloodCall.Typing, FloodCall.Typing, FloodCall.TooLong, FloodCall.Typing, FloodCall.Typing, FloodCall.NearLimit];

    // The helpdesk takes bodies of up to 5,000 characters.
    private static readonly string TooLongBody = new('x', 6_000);
    // The widget hub drops a connection whose message is over 64 KB (65,536 bytes); with its JSON around it,
    // this one stays just under, so it is read in full before it is refused.
    private static readonly string NearLimitBody = new('x', 64_000);

    private readonly long[] _calls = new long[3], _accepted = new long[3], _refused = new long[3], _failed = new long[3];
    private readonly string?[] _firstRefusal = new string?[3], _firstFailure = new string?[3];

    /// <summary>Connections the helpdesk closed (or that broke) while flooding.</summary>
    public int Drops { get; private set; }
    public int Reconnects { get; private set; }
    public int FailedReconnects { get; private set; }
    /// <summary>Whether its first, ordinary message was stored.</summary>
    public bool Opened { get; private set; }

    public FloodTally Tally(FloodCall call)
    {
        var i = (int)call;
        return new FloodTally(_calls[i], _accepted[i], _refused[i], _failed[i], _firstRefusal[i], _firstFailure[i]);
    }

    /// <summary>Floods until <paramref name="stop"/>; a call still unanswered then is not counted.</summary>
    public async Task RunAsync(CancellationToken stop)
    {
        try
        {
            await OpenConversationAsync(stop);
            for (var n = 0; ; n++)
            {
                var call = Cycle[n % Cycle.Length];
                var i = (int)call;
                try
                {
                    await InvokeAsync(call, n, stop);
                    _accepted[i]++;
                }
                catch (HubException e)
                {
                    _refused[i]++;
                    _firstRefusal[i] ??= e.Message;
                }
                catch (Exception e) when (!stop.IsCancellationRequested)
                {
                    _failed[i]++;
                    _firstFailure[i] ??= $"{e.GetType().Name}: {e.Message}";
                }
                _calls[i]++;
                // A message over the hub's limit, for one, is answered by closing the connection.
                if (connection.State != HubConnectionState.Connected) await ReconnectAsync(stop);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    private async Task OpenConversationAsync(CancellationToken stop)
    {
        try
        {
            await connection.InvokeAsync<JsonElement>("SendMessage", new SendMessageInput($"f{index}-open", "Hello?"), stop);
            Opened = true;
        }
        catch (Exception) when (!stop.IsCancellationRequested)
        {
            // Refused or not, the flood goes on.
        }
    }

    private Task InvokeAsync(FloodCall call, int n, CancellationToken stop) => call switch
    {
        FloodCall.Typing => connection.InvokeAsync("Typing", n % 2 == 0, stop),
        FloodCall.TooLong => connection.InvokeAsync<JsonElement>("SendMessage", new SendMessageInput($"f{index}-{n}", TooLongBody), stop),
        _ => connection.InvokeAsync<JsonElement>("SendMessage", new SendMessageInput($"f{index}-{n}", NearLimitBody), stop),
    };

    private async Task ReconnectAsync(CancellationToken stop)
    {
        Drops++;
        while (true)
        {
            try
            {
                await connection.StartAsync(stop);
                Reconnects++;
                return;
            }
            catch (Exception) when (!stop.IsCancellationRequested)
            {
                // Still closing, or refused: try again shortly, as a persistent attacker would.
                FailedReconnects++;
                await Task.Delay(100, stop);
            }
        }
    }
}
