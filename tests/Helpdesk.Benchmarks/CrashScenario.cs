using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;

namespace Helpdesk.Benchmarks;

/// <summary>
/// A crash in the middle of live chat: shoppers send flat out through the widget hub, each message with its own
/// clientMessageId, and the helpdesk is killed with SIGKILL while commits are under way. It is restarted on the
/// same database; each shopper reconnects with its visitor token and does what the widget does: fetches what it
/// missed (GetMessages), then resends whatever was sent but not acknowledged, under the same clientMessageId.
/// Each also sends its last acknowledged message once more, which must be answered with the id it got first, and
/// then all chat for a few more seconds. The restarted server is killed the same way, and the database file is
/// read: every acknowledged and every resent message must be there exactly once, under the id it was acked with.
/// </summary>
public static class CrashScenario
{
    private const string IdPrefix = "crash-";
    private static readonly TimeSpan AfterRestart = TimeSpan.FromSeconds(3);
    /// <summary>How long calls still in flight may take once a phase should end.</summary>
    private static readonly TimeSpan Drain = TimeSpan.FromSeconds(30);

    private sealed record Ack(long Id, long ConversationId);

    /// <summary>One shopper, as the widget keeps it: what was acknowledged, and the message it has not yet heard back about.</summary>
    private sealed class Shopper(int index, string token)
    {
        private long _sequence;

        public int Index => index;
        public string Token => token;
        public HubConnection Connection { get; set; } = null!;
        /// <summary>clientMessageId → the id the server acknowledged it with.</summary>
        public Dictionary<string, long> Acked { get; } = [];
        public string? LastAcked { get; private set; }
        /// <summary>Sent, not acknowledged: a closed loop has at most one.</summary>
        public string? Pending { get; private set; }
        public long Errors { get; private set; }
        public string? FirstError { get; private set; }

        /// <summary>The message in flight when the server was killed, and how it ended after the restart.</summary>
        public string? InFlightAtKill { get; private set; }
        public long? FoundAfterRestart { get; private set; }
        public long? ResentAs { get; private set; }
        public bool ResendMatched { get; private set; } = true;
        /// <summary>Whether a message acknowledged before the kill was sent once more after the restart, and came back the same.</summary>
        public bool Repeated { get; private set; }
        public bool RepeatMatched { get; private set; } = true;

        /// <summary>Sends flat out until told to stop or the connection is gone; a refusal is retried with the same id.</summary>
        public async Task ChatAsync(CancellationToken stop, CancellationToken abandon)
        {
            try
            {
                while (!stop.IsCancellationRequested)
                {
                    Pending ??= $"{IdPrefix}{index}-{++_sequence}";
                    try
                    {
                        var ack = await SendAsync(Pending, abandon);
                        Acked[Pending] = ack.Id;
                        LastAcked = Pending;
                        Pending = null;
                    }
                    catch (Exception e) when (!abandon.IsCancellationRequested)
                    {
                        if (Connection.State != HubConnectionState.Connected) return; // the server has gone
                        Failed(e);
                        await Task.Delay(50, abandon);
                    }
                }
            }
            catch (OperationCanceledException) when (abandon.IsCancellationRequested)
            {
                // Left unanswered: Pending stays unacknowledged.
            }
        }

        /// <summary>
        /// After the restart, as the widget synchronises: what it missed, then the resend of what was not acknowledged;
        /// and once more the last acknowledged message, which must come back as the same message.
        /// </summary>
        public async Task CatchUpAsync(CancellationToken ct)
        {
            InFlightAtKill = Pending;
            var seen = new Dictionary<string, long>();
            for (var after = LastAcked is null ? 0 : Acked[LastAcked]; ;)
            {
                var page = await Connection.InvokeAsync<JsonElement>("GetMessages", after, ct);
                if (page.GetArrayLength() == 0) break;
                foreach (var m in page.EnumerateArray())
                {
                    after = m.GetProperty("id").GetInt64();
                    if (m.GetProperty("sender").GetString() == "customer" && m.GetProperty("clientMessageId").GetString() is { } id)
                        seen[id] = after;
                }
            }
            if (Pending is { } pending)
            {
                if (seen.TryGetValue(pending, out var stored)) FoundAfterRestart = stored;
                var ack = await RetryAsync(pending, ct);
                ResentAs = ack.Id;
                ResendMatched = FoundAfterRestart is null || FoundAfterRestart == ack.Id;
                Pending = null;
            }
            if (LastAcked is { } last)
            {
                Repeated = true;
                RepeatMatched = (await RetryAsync(last, ct)).Id == Acked[last];
            }
        }

        private async Task<Ack> RetryAsync(string clientMessageId, CancellationToken ct)
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    return await SendAsync(clientMessageId, ct);
                }
                catch (Exception e) when (attempt < 5 && Connection.State == HubConnectionState.Connected && !ct.IsCancellationRequested)
                {
                    Failed(e);
                    await Task.Delay(100 * attempt, ct);
                }
            }
        }

        private async Task<Ack> SendAsync(string clientMessageId, CancellationToken ct)
        {
            var ack = await Connection.InvokeAsync<JsonElement>(
                "SendMessage", new SendMessageInput(clientMessageId, $"Crash shopper {index:D5}: where is my order? ({clientMessageId})"), ct);
            if (ack.ValueKind != JsonValueKind.Object || ack.GetProperty("clientMessageId").GetString() != clientMessageId)
                throw new InvalidDataException($"The ack is not the stored message {clientMessageId}: {ack}");
            return new Ack(ack.GetProperty("id").GetInt64(), ack.GetProperty("conversationId").GetInt64());
        }

        private void Failed(Exception e)
        {
            Errors++;
            FirstError ??= $"{e.GetType().Name}: {e.Message}";
        }
    }

    private sealed record Stored(long Id, string ClientMessageId, long VisitorId);

    public static async Task<int> RunAsync(BenchmarkOptions o, CancellationToken ct)
    {
        using var run = new RunDirectory(o.Keep);
        var repo = o.FindRepo();
        var app = await HelpdeskProcess.ResolveAppAsync(o, repo, run, ct);
        await using var database = await BenchDatabase.CreateAsync(o.Database, run, "helpdesk", ct);

        // Before the kill.
        Report.Progress($"helpdesk: starting on {database.Name}");
        var started = await HelpdeskProcess.StartAsync(app, repo, run, database, o.ServerSettings, ct);
        var log = started.Server.LogPath;
        Shopper[] shoppers;
        int pid, exitCode;
        string killed;
        long ackedBeforeKill;
        double loadSeconds;
        (int Count, List<string> First) errorsBeforeKill;
        await using (var server = started.Server)
        {
            await ChatScenario.SetStorefrontHoursAsync(server.BaseUrl, started.AdminPassword, o.Closed, ct);
            Report.Progress($"helpdesk: opening {o.Shoppers} shopper sessions");
            var tokens = await HubClients.CreateSessionsAsync(server.BaseUrl, o.Shoppers, o.ConnectConcurrency, ct);
            shoppers = tokens.Select((t, i) => new Shopper(i, t)).ToArray();
            await ConnectAsync(o, shoppers, server.BaseUrl, ct);

            Report.Progress($"helpdesk: {shoppers.Length} shoppers chatting flat out; SIGKILL in {o.KillAfter} s");
            using var abandon = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var clock = Stopwatch.StartNew();
            var chatting = Task.WhenAll(shoppers.Select(s => Task.Run(() => s.ChatAsync(CancellationToken.None, abandon.Token))));
            await Task.Delay(TimeSpan.FromSeconds(o.KillAfter), ct);

            pid = server.Pid;
            killed = DescribeProcess(pid);
            loadSeconds = clock.Elapsed.TotalSeconds;
            exitCode = await server.CrashAsync();
            Report.Progress($"helpdesk: killed pid {pid} ({killed}) with SIGKILL; exit code {exitCode}");

            abandon.CancelAfter(Drain);
            await chatting;
            ct.ThrowIfCancellationRequested();
            ackedBeforeKill = shoppers.Sum(s => (long)s.Acked.Count);
            await HubClients.StopAllAsync(shoppers.Select(s => s.Connection), o.ConnectConcurrency);
            errorsBeforeKill = server.LoggedErrors();
        }
        File.Move(log, Path.Combine(run.Path, Path.GetFileNameWithoutExtension(log) + "-killed.log"));
        var inFlight = shoppers.Count(s => s.Pending is not null);
        Report.Progress($"helpdesk: {ackedBeforeKill:N0} messages acknowledged before the kill, {inFlight} sent and not acknowledged");

        // After the restart.
        var restartClock = Stopwatch.StartNew();
        var restarted = await HelpdeskProcess.StartAsync(app, repo, run, database, demo: true, started.AdminPassword, o.ServerSettings, ct);
        var restartSeconds = restartClock.Elapsed.TotalSeconds;
        Report.Progress($"helpdesk: restarted on the same database, healthy after {restartSeconds:N1} s");
        long ackedAfterRestart;
        int? withoutReplyAfterResend;
        (int Count, List<string> First) errorsAfterRestart;
        await using (var server = restarted.Server)
        {
            await ConnectAsync(o, shoppers, server.BaseUrl, ct);
            await Parallel.ForEachAsync(shoppers, new ParallelOptions { MaxDegreeOfParallelism = o.ConnectConcurrency, CancellationToken = ct },
                async (s, token) => await s.CatchUpAsync(token));
            Report.Progress("helpdesk: every shopper reconnected and resent");
            // What the kill cut off that no resend brings back: a reply written after the message that asked for it.
            await WaitForQuietAsync(database, ct);
            withoutReplyAfterResend = o.Closed ? AutoReplies(database).Count(n => n == 0) : (int?)null;
            Report.Progress($"helpdesk: chatting {AfterRestart.TotalSeconds:N0} s more");

            var before = shoppers.Sum(s => (long)s.Acked.Count);
            using var stop = new CancellationTokenSource(AfterRestart);
            using var abandon = CancellationTokenSource.CreateLinkedTokenSource(ct);
            abandon.CancelAfter(AfterRestart + Drain);
            await Task.WhenAll(shoppers.Select(s => Task.Run(() => s.ChatAsync(stop.Token, abandon.Token))));
            ct.ThrowIfCancellationRequested();
            ackedAfterRestart = shoppers.Sum(s => (long)s.Acked.Count) - before;

            await HubClients.StopAllAsync(shoppers.Select(s => s.Connection), o.ConnectConcurrency);
            // Killed as the first was, so what it acknowledged is checked against a crash too; but only once the
            // work that follows a commit (such as after-hours replies) is done, so that it is checked as well.
            await WaitForQuietAsync(database, ct);
            await server.CrashAsync();
            errorsAfterRestart = server.LoggedErrors();
        }

        var (stored, autoReplies) = (ReadStored(database), AutoReplies(database));
        return PrintSummary(o, new Summary(
            shoppers, stored, autoReplies, withoutReplyAfterResend, pid, killed, exitCode, loadSeconds, ackedBeforeKill, restartSeconds, ackedAfterRestart,
            errorsBeforeKill, errorsAfterRestart));
    }

    private static async Task ConnectAsync(BenchmarkOptions o, Shopper[] shoppers, Uri baseUrl, CancellationToken ct)
    {
        foreach (var s in shoppers) s.Connection = HubClients.Shopper(baseUrl, s.Token);
        var started = await HubClients.StartAllAsync(shoppers.Select(s => s.Connection).ToList(), o.ConnectConcurrency, ct);
        if (started.Failed > 0)
        {
            await HubClients.StopAllAsync(started.Connected, o.ConnectConcurrency);
            throw new BenchmarkException($"{started.Failed} shopper connections failed: {started.FirstError}");
        }
    }

    /// <summary>What is about to be killed: its command line, and that it has no child doing the real work.</summary>
    private static string DescribeProcess(int pid)
    {
        var command = File.ReadAllText($"/proc/{pid}/cmdline").Split('\0', StringSplitOptions.RemoveEmptyEntries);
        var children = Directory.EnumerateDirectories($"/proc/{pid}/task")
            .Sum(t => File.ReadAllText(Path.Combine(t, "children")).Split(' ', StringSplitOptions.RemoveEmptyEntries).Length);
        if (!command.Any(a => a.EndsWith("Helpdesk.dll")) || children > 0)
            throw new BenchmarkException($"pid {pid} is not the helpdesk itself: {string.Join(' ', command)}, {children} children.");
        return $"{Path.GetFileName(command[0])} {Path.GetFileName(command[1])}, no child processes";
    }

    /// <summary>Every customer message with one of this run's ids, straight from the database (read-only on SQLite).</summary>
    private static List<Stored> ReadStored(BenchDatabase database)
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT m.Id, m.ClientMessageId, c.VisitorId FROM Messages m JOIN Conversations c ON c.Id = m.ConversationId
            WHERE m.Sender = 'customer' AND m.ClientMessageId LIKE 'crash-%'
            """;
        using var reader = command.ExecuteReader();
        var stored = new List<Stored>();
        while (reader.Read()) stored.Add(new Stored(reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2)));
        return stored;
    }

    /// <summary>How many automatic replies each of the shoppers' conversations holds.</summary>
    private static List<int> AutoReplies(BenchDatabase database)
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT (SELECT COUNT(*) FROM Messages a WHERE a.ConversationId = c.Id AND a.Sender = 'auto') FROM Conversations c
            WHERE c.Id IN (SELECT ConversationId FROM Messages WHERE Sender = 'customer' AND ClientMessageId LIKE 'crash-%')
            """;
        using var reader = command.ExecuteReader();
        var counts = new List<int>();
        while (reader.Read()) counts.Add(Convert.ToInt32(reader.GetValue(0)));
        return counts;
    }

    /// <summary>Waits until no message has been written for a second (at most 30 s), reading beside the server.</summary>
    private static async Task WaitForQuietAsync(BenchDatabase database, CancellationToken ct)
    {
        var waited = Stopwatch.StartNew();
        long? last = null;
        while (waited.Elapsed < TimeSpan.FromSeconds(30))
        {
            using (var connection = database.Open())
            using (var command = connection.CreateCommand())
            {
                command.CommandText = "SELECT COALESCE(MAX(Id), 0) FROM Messages";
                var now = Convert.ToInt64(command.ExecuteScalar());
                if (now == last) return;
                last = now;
            }
            await Task.Delay(1000, ct);
        }
    }

    private sealed record Summary(
        Shopper[] Shoppers, List<Stored> Stored, List<int> AutoReplies, int? WithoutReplyAfterResend, int Pid, string Killed, int ExitCode, double LoadSeconds,
        long AckedBeforeKill, double RestartSeconds, long AckedAfterRestart,
        (int Count, List<string> First) ErrorsBeforeKill, (int Count, List<string> First) ErrorsAfterRestart);

    private static int PrintSummary(BenchmarkOptions o, Summary r)
    {
        var rows = r.Stored.GroupBy(s => s.ClientMessageId).ToDictionary(g => g.Key, g => g.ToList());
        var shoppers = r.Shoppers;

        // Every acknowledged message: one row, the one it was acknowledged with.
        var acked = shoppers.SelectMany(s => s.Acked).ToList();
        var ackedLost = acked.Count(a => !rows.ContainsKey(a.Key));
        var ackedDuplicated = acked.Count(a => rows.TryGetValue(a.Key, out var found) && found.Count > 1);
        var ackedOtherId = acked.Count(a => rows.TryGetValue(a.Key, out var found) && found.Count == 1 && found[0].Id != a.Value);
        var ackedOnce = acked.Count - ackedLost - ackedDuplicated - ackedOtherId;

        // Every message in flight at the kill was resent: one row, the one the resend was answered with.
        var resent = shoppers.Where(s => s.InFlightAtKill is not null).ToList();
        var resentOnce = resent.Count(s => rows.TryGetValue(s.InFlightAtKill!, out var found) && found.Count == 1 && found[0].Id == s.ResentAs);
        var committedUnacked = resent.Count(s => s.FoundAfterRestart is not null);
        var resendMismatches = resent.Count(s => !s.ResendMatched);
        var repeated = shoppers.Count(s => s.Repeated);
        var repeatMismatches = shoppers.Count(s => !s.RepeatMatched);

        // Nothing twice, nothing nobody sent, every shopper's messages in its own visitor's conversations.
        var duplicates = rows.Values.Count(g => g.Count > 1);
        var expected = acked.Select(a => a.Key).Concat(resent.Select(s => s.InFlightAtKill!)).ToHashSet();
        var unanswered = shoppers.Where(s => s.Pending is not null).Select(s => s.Pending!).ToHashSet(); // left in flight at the very end
        var unexpected = rows.Keys.Count(k => !expected.Contains(k) && !unanswered.Contains(k));
        var visitors = r.Stored.GroupBy(s => s.ClientMessageId[IdPrefix.Length..s.ClientMessageId.LastIndexOf('-')])
            .Select(g => g.Select(s => s.VisitorId).Distinct().ToList()).ToList();
        var offReplies = r.AutoReplies.Count(n => n != 1);
        var mixed = visitors.Count(v => v.Count > 1) + (visitors.Count - visitors.Select(v => v[0]).Distinct().Count());

        Console.WriteLine();
        Console.WriteLine($"## Crash under chat load: {shoppers.Length} shoppers, SIGKILL after {o.KillAfter} s");
        Console.WriteLine();
        Console.WriteLine($"Machine: {Report.Machine()}.");
        Console.WriteLine();
        Report.Table(
        [
            ["", "count"],
            ["messages acknowledged before the kill", $"{r.AckedBeforeKill:N0} ({Report.N(r.AckedBeforeKill / r.LoadSeconds)} msg/s)"],
            ["sent and not acknowledged when killed (each resent after the restart)", resent.Count.ToString("N0")],
            ["… of which already stored (GetMessages found it after the restart)", committedUnacked.ToString("N0")],
            ["… of which not stored until the resend", (resent.Count - committedUnacked).ToString("N0")],
            ["acknowledged messages sent once more after the restart", repeated.ToString("N0")],
            [$"messages acknowledged after the restart ({AfterRestart.TotalSeconds:N0} s more chat)", r.AckedAfterRestart.ToString("N0")],
            ["left unanswered at the end", unanswered.Count.ToString("N0")],
            ["this run's customer messages in the database", r.Stored.Count.ToString("N0")],
            ["the shoppers' conversations in the database", r.AutoReplies.Count.ToString("N0")],
            ["… their automatic replies (after-hours)", r.AutoReplies.Sum().ToString("N0")],
            .. r.WithoutReplyAfterResend is { } cut
                ? new[] { new[] { "… conversations without their after-hours reply after the restart and the resends (cut off by the kill)", cut.ToString("N0") } }
                : [],
        ]);
        Console.WriteLine(
            $"Killed pid {r.Pid} ({r.Killed}) with SIGKILL: exit code {r.ExitCode}. " +
            $"Restarted on the same database, healthy after {Report.N(r.RestartSeconds, 1)} s.");
        Report.ServerErrors("Helpdesk (before the kill)", r.ErrorsBeforeKill.Count, r.ErrorsBeforeKill.First);
        Report.ServerErrors("Helpdesk (after the restart)", r.ErrorsAfterRestart.Count, r.ErrorsAfterRestart.First);
        var errors = shoppers.Sum(s => s.Errors);
        if (errors > 0)
            Console.WriteLine($"Refused or failed calls while connected, retried with the same id: {errors:N0}; the first: " +
                shoppers.Select(s => s.FirstError).First(e => e is not null));
        Console.WriteLine();

        (string Check, string Expected, string Found, bool Pass)[] checks =
        [
            ("acknowledged messages stored exactly once, under the acked id", acked.Count.ToString("N0"),
                $"{ackedOnce:N0} (lost {ackedLost}, twice or more {ackedDuplicated}, other id {ackedOtherId})", ackedOnce == acked.Count),
            ("resent unacknowledged messages stored exactly once, under the resend's id", resent.Count.ToString("N0"),
                resentOnce.ToString("N0"), resentOnce == resent.Count),
            ("a resend of an already stored message answered with that message", committedUnacked.ToString("N0"),
                (committedUnacked - resendMismatches).ToString("N0"), resendMismatches == 0),
            ("an acknowledged message sent again answered with its first id", repeated.ToString("N0"),
                (repeated - repeatMismatches).ToString("N0"), repeatMismatches == 0),
            ("clientMessageIds stored more than once", "0", duplicates.ToString("N0"), duplicates == 0),
            ("stored messages nobody sent (or nobody was told of)", "0", unexpected.ToString("N0"), unexpected == 0),
            ("shoppers whose messages left their own visitor", "0", mixed.ToString("N0"), mixed == 0),
            .. o.Closed
                // A reply the kill cut off (it is written after the message that asked for it) comes with the
                // conversation's next message after the restart; the key of the closed period keeps it to one.
                ? new[] { ("conversations without exactly one after-hours reply", "0", offReplies.ToString("N0"), offReplies == 0) }
                : [],
        ];
        Report.Table(
            [["check", "expected", "found", "result"], .. checks.Select(c => new[] { c.Check, c.Expected, c.Found, Report.Verdict(c.Pass) })]);
        return checks.All(c => c.Pass) ? 0 : 1;
    }
}
