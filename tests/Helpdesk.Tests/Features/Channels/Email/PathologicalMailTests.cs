using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Helpdesk.Tests.Infrastructure;

namespace Helpdesk.Tests.Features.Channels.Email;

/// <summary>
/// Mail built to hurt a parser, each signed by the relay as real mail would be: every one is answered
/// quickly with 2xx (stored) or 4xx (not mail), and the helpdesk stays up.
/// </summary>
public sealed class PathologicalMailTests : IAsyncLifetime
{
    private const string Secret = "mail-relay-secret-0123456789";
    private const string Address = "support@nordlys.example";
    private HelpdeskApp _app = null!;
    private Agent _admin = null!;
    private long _channel;

    public async Task InitializeAsync()
    {
        _app = new HelpdeskApp();
        _admin = await _app.SignInAsync();
        _channel = await HelpdeskApp.CreateChannelAsync(_admin, "email", Secret, new { address = Address });
    }

    public async Task DisposeAsync()
    {
        await _admin.DisposeAsync();
        await _app.DisposeAsync();
    }

    private static string Headers(string id, string subject = "Help", string extra = "") =>
        $"From: Mette Kristensen <mette@example.dk>\r\nTo: <{Address}>\r\nSubject: {subject}\r\nDate: Mon, 23 Nov 2026 09:12:00 +0100\r\n" +
        $"Message-ID: <{id}@example.dk>\r\nMIME-Version: 1.0\r\n{extra}";

    private static string Html(string id, string html) =>
        Headers(id) + "Content-Type: text/html; charset=utf-8\r\n\r\n" + html + "\r\n";

    private static string Plain(string id, string body, string subject = "Help", string extra = "") =>
        Headers(id, subject, extra) + "Content-Type: text/plain; charset=utf-8\r\n\r\n" + body + "\r\n";

    private static string Repeat(string s, int times) => string.Concat(Enumerable.Repeat(s, times));

    private static string DeepMime(string id, int depth)
    {
        var mail = new StringBuilder(Headers(id));
        for (var i = 0; i < depth; i++) mail.Append($"Content-Type: multipart/mixed; boundary=\"b{i}\"\r\n\r\n--b{i}\r\n");
        mail.Append("Content-Type: text/plain\r\n\r\nthe innermost words\r\n");
        for (var i = depth - 1; i >= 0; i--) mail.Append($"--b{i}--\r\n");
        return mail.ToString();
    }

    private static string DeepForwards(string id, int depth)
    {
        var mail = new StringBuilder(Headers(id));
        for (var i = 0; i < depth; i++) mail.Append($"Content-Type: message/rfc822\r\n\r\nFrom: <f{i}@example.dk>\r\nSubject: fwd {i}\r\n");
        mail.Append("Content-Type: text/plain\r\n\r\nforwarded\r\n");
        return mail.ToString();
    }

    /// <summary>A zip holding a zip holding a zip…: a decompression bomb if anything ever opened it.</summary>
    public static byte[] ZipOfZips(int depth)
    {
        var inner = new byte[1_000_000];
        var name = "zeros.bin";
        for (var i = 0; i < depth; i++)
        {
            using var buffer = new MemoryStream();
            using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create))
                for (var copy = 0; copy < 4; copy++)
                {
                    using var entry = zip.CreateEntry($"{copy}-{name}", CompressionLevel.SmallestSize).Open();
                    entry.Write(inner);
                }
            inner = buffer.ToArray();
            name = $"level{i}.zip";
        }
        return inner;
    }

    private static string WithAttachment(string id, byte[] content, string fileName, string contentType) =>
        Headers(id) + "Content-Type: multipart/mixed; boundary=\"outer\"\r\n\r\n--outer\r\nContent-Type: text/plain\r\n\r\nSee the file.\r\n" +
        $"--outer\r\nContent-Type: {contentType}\r\nContent-Disposition: attachment; filename=\"{fileName}\"\r\nContent-Transfer-Encoding: base64\r\n\r\n" +
        Convert.ToBase64String(content, Base64FormattingOptions.InsertLineBreaks) + "\r\n--outer--\r\n";

    public static TheoryData<string> Cases() =>
    [
        "deep html", "deep unclosed html", "deep quotes in html", "deep mime", "deep forwards", "ten thousand references",
        "megabyte header line", "megabyte subject of re prefixes", "megabyte from name", "unknown charsets", "broken encodings",
        "quote chain", "rule chain", "many attachments", "zip of zips", "binary garbage", "header without end", "no from",
    ];

    private static byte[] Build(string name) => name switch
    {
        "deep html" => Encoding.UTF8.GetBytes(Html("deep-html", Repeat("<div>", 50_000) + "Where is my parcel?" + Repeat("</div>", 50_000))),
        "deep unclosed html" => Encoding.UTF8.GetBytes(Html("deep-unclosed", Repeat("<div>", 50_000) + "Where is my parcel?")),
        "deep quotes in html" => Encoding.UTF8.GetBytes(Html("deep-quotes", "Hello" + Repeat("<blockquote>a", 20_000))),
        "deep mime" => Encoding.UTF8.GetBytes(DeepMime("deep-mime", 5_000)),
        "deep forwards" => Encoding.UTF8.GetBytes(DeepForwards("deep-forwards", 5_000)),
        "ten thousand references" => Encoding.UTF8.GetBytes(Plain("refs", "Any news?",
            extra: "In-Reply-To: <r0@example.dk>\r\nReferences:" + string.Concat(Enumerable.Range(0, 10_000).Select(i => $" <r{i}@example.dk>\r\n")))),
        "megabyte header line" => Encoding.UTF8.GetBytes(Plain("long-header", "Hi", extra: $"X-Junk: {new string('x', 1_000_000)}\r\n")),
        "megabyte subject of re prefixes" => Encoding.UTF8.GetBytes(Plain("re-subject", "Hi", subject: Repeat("Re: ", 250_000) + "[#1]")),
        "megabyte from name" => Encoding.UTF8.GetBytes(Plain("long-name", "Hi").Replace("Mette Kristensen", new string('M', 1_000_000))),
        "unknown charsets" => Encoding.UTF8.GetBytes(
            Headers("charsets", "=?x-no-such-charset?B?////?= =?utf-8?Q?broken=ZZ?=") +
            "Content-Type: text/plain; charset=\"x-no-such-charset\"\r\nContent-Transfer-Encoding: 8bit\r\n\r\nHej \u00ff\u00fe\u0000 med dig\r\n"),
        "broken encodings" => Encoding.UTF8.GetBytes(Headers("encodings") +
            "Content-Type: multipart/mixed; boundary=\"x\"\r\n\r\n--x\r\nContent-Type: text/plain; charset=utf-7\r\nContent-Transfer-Encoding: base64\r\n\r\n!!!not base64%%%\r\n" +
            "--x\r\nContent-Type: application/pdf\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n=ZZ=\r\n=\r\n--x\r\nContent-Type: text/html; charset=\"\u00ff\"\r\nContent-Transfer-Encoding: x-uuencode\r\n\r\nbegin 644\r\n"),
        "quote chain" => Encoding.UTF8.GetBytes(Plain("quotes", "Hello\r\n" + Repeat(">\r\n", 30_000) + "an answer")),
        "rule chain" => Encoding.UTF8.GetBytes(Plain("rules", "Hello\r\n" + Repeat("__________\r\n", 9_000) + "end")),
        "many attachments" => Encoding.UTF8.GetBytes(Headers("attachments") + "Content-Type: multipart/mixed; boundary=\"x\"\r\n\r\n" +
            Repeat("--x\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; filename=\"a.bin\"\r\n\r\nabc\r\n", 5_000) + "--x--\r\n"),
        "zip of zips" => Encoding.UTF8.GetBytes(WithAttachment("zip", ZipOfZips(4), "photos.zip", "application/zip")),
        "binary garbage" => [.. Encoding.ASCII.GetBytes(Headers("garbage") + "Content-Type: text/plain\r\n\r\n"), .. Enumerable.Range(0, 200_000).Select(i => (byte)(i * 7919 % 256))],
        "header without end" => Encoding.UTF8.GetBytes("From: <mette@example.dk>\r\nSubject: " + new string('s', 500_000)),
        "no from" => Encoding.UTF8.GetBytes("Subject: nobody\r\n" + Repeat("X-A: b\r\n", 50_000) + "\r\nhi\r\n"),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_hostile_mail_is_answered_promptly_and_the_helpdesk_stays_up(string name)
    {
        var mail = Build(name);
        // Warm: the first request of an app pays for compiling its code paths.
        await _app.PostSignedAsync($"/api/webhooks/email/{_channel}", Encoding.UTF8.GetBytes(Plain("warm-up", "Hi")), Secret, "message/rfc822");

        var watch = Stopwatch.StartNew();
        var response = await _app.PostSignedAsync($"/api/webhooks/email/{_channel}", mail, Secret, "message/rfc822");
        watch.Stop();

        Assert.True((int)response.StatusCode is >= 200 and < 500, $"{name}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        // Not a speed goal (benchmarks hold those): unbounded or quadratic work took minutes here, or never ended.
        Assert.True(watch.ElapsedMilliseconds < 5000, $"{name} took {watch.ElapsedMilliseconds} ms");
        Assert.Equal(HttpStatusCode.OK, (await _app.Http().GetAsync("/health")).StatusCode);
    }

    [Fact]
    public async Task A_mail_too_deep_to_read_is_stored_with_what_could_be_read_and_the_original_attached()
    {
        var raw = Build("deep html");
        var response = await _app.PostSignedAsync($"/api/webhooks/email/{_channel}", raw, Secret, "message/rfc822");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var conversationId = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("conversationId").GetInt64();
        var message = (await _admin.Http.GetFromJsonAsync<JsonElement>($"/api/conversations/{conversationId}")).GetProperty("messages")[0];
        Assert.Contains("Where is my parcel?", message.GetProperty("body").GetString());
        var original = Assert.Single(message.GetProperty("attachments").EnumerateArray(),
            a => a.GetProperty("fileName").GetString() == "original.eml");
        Assert.Equal("message/rfc822", original.GetProperty("contentType").GetString());
        Assert.Equal(raw, await _admin.Http.GetByteArrayAsync(original.GetProperty("url").GetString()));
    }

    [Fact]
    public async Task A_zip_of_zips_is_kept_as_the_one_file_it_is_and_never_opened()
    {
        var zip = ZipOfZips(4);
        var response = await _app.PostSignedAsync($"/api/webhooks/email/{_channel}",
            Encoding.UTF8.GetBytes(WithAttachment("zip-kept", zip, "photos.zip", "application/zip")), Secret, "message/rfc822");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var conversationId = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("conversationId").GetInt64();
        var message = (await _admin.Http.GetFromJsonAsync<JsonElement>($"/api/conversations/{conversationId}")).GetProperty("messages")[0];
        var file = Assert.Single(message.GetProperty("attachments").EnumerateArray());
        Assert.Equal("photos.zip", file.GetProperty("fileName").GetString());
        Assert.Equal(zip.Length, file.GetProperty("size").GetInt64());
    }
}
