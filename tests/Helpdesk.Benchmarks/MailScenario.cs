using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Helpdesk.Benchmarks;

/// <summary>
/// Signed inbound mails of about 10 KB ingested per second: multipart/alternative (quoted-printable text and
/// HTML) from --customers senders, half of them answers to the sender's earlier mail (In-Reply-To and a quoted
/// reply), --concurrency in flight in a closed loop. A mail counts when it is answered 200, after the helpdesk
/// has committed its customer, conversation and message. Afterwards a few are delivered again to check they are
/// stored once.
/// </summary>
public static class MailScenario
{
    private const double TargetPerSecond = 500;
    private const int TargetBytes = 10 * 1024;
    private const int Replays = 5;

    private sealed record Mail(string MessageId, byte[] Body, string Signature);

    public static async Task<int> RunAsync(BenchmarkOptions o, CancellationToken ct)
    {
        using var run = new RunDirectory(o.Keep);
        var repo = o.FindRepo();
        var app = await HelpdeskProcess.ResolveAppAsync(o, repo, run, ct);

        await using var database = await BenchDatabase.CreateAsync(o.Database, run, "helpdesk", ct);
        Report.Progress($"helpdesk: starting on {database.Name}");
        var password = HelpdeskProcess.NewPassword();
        var started = await HelpdeskProcess.StartAsync(app, repo, run, database, demo: false, password, o.ServerSettings, ct);
        await using var server = started.Server;
        using var admin = await HelpdeskApi.SignInAsync(server.BaseUrl, HelpdeskProcess.AdminEmail, password, ct);
        var secret = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        var channel = await HelpdeskApi.PostAsync(admin, "/api/channels",
            new { kind = "email", name = "Support mailbox", secret, settings = new { address = "support@shop.example" } }, ct);
        var path = $"/api/webhooks/email/{channel.GetProperty("id").GetInt64()}";

        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 })
        {
            BaseAddress = server.BaseUrl,
            Timeout = TimeSpan.FromSeconds(30),
        };
        var sample = Build(secret, 0, 0, null);
        Report.Progress($"mail: {sample.Body.Length:N0}-byte mails, {o.Concurrency} in flight; {o.Warmup} s warm-up, {o.Seconds} s measured");

        long sequence = 0, bytes = 0;
        var lastBySender = new string?[o.Customers];
        var samples = new List<Mail>();
        var load = await HttpClosedLoop.RunAsync(o.Concurrency, TimeSpan.FromSeconds(o.Warmup), TimeSpan.FromSeconds(o.Seconds), random =>
        {
            var sender = random.Next(o.Customers);
            var earlier = Volatile.Read(ref lastBySender[sender]);
            var mail = Build(secret, Interlocked.Increment(ref sequence), sender, random.Next(2) == 0 ? earlier : null);
            return new HttpClosedLoop.Request(token => SendAsync(http, path, mail, token), counted =>
            {
                Volatile.Write(ref lastBySender[sender], mail.MessageId);
                if (counted) Interlocked.Add(ref bytes, mail.Body.Length);
                lock (samples) if (samples.Count < Replays) samples.Add(mail);
            });
        }, ct);
        var (latency, perSecond, failed, firstError) = (load.Latency, load.PerSecond, load.Failed, load.FirstError);

        Report.Progress($"mail: delivering {samples.Count} mails again");
        var storedOnce = 0;
        foreach (var mail in samples)
        {
            var (status, answer) = await SendAsync(http, path, mail, ct);
            if (status == HttpStatusCode.OK && JsonDocument.Parse(answer).RootElement.GetProperty("duplicate").GetBoolean()) storedOnce++;
        }

        var (errors, firstErrors) = server.LoggedErrors();
        var rateOk = perSecond >= TargetPerSecond && failed == 0;
        var replaysOk = samples.Count > 0 && storedOnce == samples.Count;
        Console.WriteLine();
        Console.WriteLine($"## Inbound mail webhooks: {o.Concurrency} in flight, {o.Warmup} s warm-up + {o.Seconds} s measured, {o.Customers:N0} senders");
        Console.WriteLine();
        Console.WriteLine($"Machine: {Report.Machine()}.");
        Console.WriteLine();
        Report.Table(
            ["mails", "accepted/s", "MB/s", "p50 ms", "p90 ms", "p99 ms", "max ms", "accepted (measured)", "not accepted (all)"],
            [$"signed, ~{TargetBytes / 1024} KB, half of them replies", Report.N(perSecond), Report.N(bytes / 1048576.0 / o.Seconds, 1),
                Report.N(latency.P50, 1), Report.N(latency.P90, 1), Report.N(latency.P99, 1), Report.N(latency.Max, 1),
                latency.Count.ToString("N0"), failed.ToString("N0")]);
        if (firstError is not null) Console.WriteLine($"First mail not accepted: {firstError}");
        Report.ServerErrors("Helpdesk", errors, firstErrors);
        Console.WriteLine();
        Report.Table(
            ["goal", "target", "measured", "result"],
            ["signed 10 KB mails ingested per second", $"≥ {TargetPerSecond:N0}", Report.N(perSecond), Report.Verdict(rateOk)],
            ["a mail delivered again is stored once", "every one", $"{storedOnce} of {samples.Count}", Report.Verdict(replaysOk)]);
        return rateOk && replaysOk ? 0 : 1;
    }

    private static async Task<(HttpStatusCode Status, string Body)> SendAsync(HttpClient http, string path, Mail mail, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new ByteArrayContent(mail.Body) { Headers = { ContentType = new MediaTypeHeaderValue("message/rfc822") } },
        };
        request.Headers.Add("X-Helpdesk-Signature", mail.Signature);
        using var response = await http.SendAsync(request, ct);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(ct));
    }

    private static readonly string[] Words =
        "the tent arrived yesterday but one of the poles is bent and the zip on the inner door sticks could you send a replacement or should I return the whole package my order number is in the subject thanks for the quick help last time kind regards from Aarhus blåbær smørrebrød Grüße aus München".Split(' ');

    /// <summary>A mail as a mail program writes it, padded with text to about 10 KB.</summary>
    private static Mail Build(string secret, long n, int sender, string? answers)
    {
        var random = new Random((int)n);
        var text = new StringBuilder();
        while (text.Length < 4300)
        {
            for (var i = 0; i < 12; i++) text.Append(Words[random.Next(Words.Length)]).Append(' ');
            text.Append(".\r\n");
        }
        var plain = text.ToString();
        if (answers is not null) plain += "\r\nOn Mon, 23 Nov 2026 at 10:00, Shop <support@shop.example> wrote:\r\n> Thank you for your message.\r\n> We will get back to you.\r\n";
        var html = "<html><body><p>" + System.Net.WebUtility.HtmlEncode(plain).Replace("\r\n", "<br>") + "</p></body></html>";
        var messageId = $"bench-{n}-{Guid.NewGuid():N}@mail.example";
        var mime = new StringBuilder()
            .Append($"From: Customer {sender} <customer{sender}@mail.example>\r\n")
            .Append("To: Shop <support@shop.example>\r\n")
            .Append($"Subject: {(answers is null ? "" : "Re: ")}Question about my order {sender}\r\n")
            .Append("Date: Mon, 23 Nov 2026 10:00:00 +0100\r\n")
            .Append($"Message-ID: <{messageId}>\r\n");
        if (answers is not null) mime.Append($"In-Reply-To: <{answers}>\r\nReferences: <{answers}>\r\n");
        mime.Append("MIME-Version: 1.0\r\nContent-Type: multipart/alternative; boundary=\"b1\"\r\n\r\n")
            .Append("--b1\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n")
            .Append(QuotedPrintable(plain)).Append("\r\n")
            .Append("--b1\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n")
            .Append(QuotedPrintable(html)).Append("\r\n--b1--\r\n");
        var body = Encoding.ASCII.GetBytes(mime.ToString());
        var signature = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));
        return new Mail(messageId, body, signature);
    }

    private static string QuotedPrintable(string text)
    {
        var result = new StringBuilder();
        var line = 0;
        foreach (var b in Encoding.UTF8.GetBytes(text.Replace("\r\n", "\n")))
        {
            if (b == '\n')
            {
                result.Append("\r\n");
                line = 0;
                continue;
            }
            var piece = b is >= 33 and <= 126 and not (byte)'=' || b == ' ' ? ((char)b).ToString() : $"={b:X2}";
            if (line + piece.Length > 75)
            {
                result.Append("=\r\n");
                line = 0;
            }
            result.Append(piece);
            line += piece.Length;
        }
        return result.ToString();
    }
}
