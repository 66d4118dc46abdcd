using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Helpdesk.Tests.Infrastructure;

namespace Helpdesk.Tests.Features.BusinessHours;

public sealed class BusinessHoursApiTests : IAsyncLifetime
{
    private readonly HelpdeskApp _app = new();
    private Agent _admin = null!;
    private long _channelId;

    private static readonly object Saved = new
    {
        timeZone = "Europe/Riga",
        weekly = new[]
        {
            new { day = "monday", open = "09:00", close = "12:00" },
            new { day = "monday", open = "13:00", close = "18:00" },
            new { day = "saturday", open = "22:00", close = "02:00" },
        },
        exceptions = new object[]
        {
            new { date = "2026-12-24", name = "Ziemassvētku vakars", closed = false, hours = new[] { new { open = "10:00", close = "13:00" } } },
            new { date = "2026-12-25", name = "Ziemassvētki", closed = true },
        },
    };

    public async Task InitializeAsync()
    {
        _admin = await _app.SignInAsync();
        _channelId = await _app.CreateStorefrontAsync(_admin);
    }

    public async Task DisposeAsync()
    {
        await _admin.DisposeAsync();
        await _app.DisposeAsync();
    }

    private string Path => $"/api/channels/{_channelId}/business-hours";

    private async Task<string> SavedJsonAsync() => await _admin.Http.GetStringAsync(Path);

    [Fact]
    public async Task A_channel_without_hours_is_always_open()
    {
        var hours = await _admin.Http.GetFromJsonAsync<JsonElement>(Path);
        var status = await _admin.Http.GetFromJsonAsync<JsonElement>(Path + "/status");

        Assert.Equal(0, hours.GetProperty("weekly").GetArrayLength());
        Assert.True(status.GetProperty("open").GetBoolean());
        Assert.Equal(JsonValueKind.Null, status.GetProperty("nextOpenAt").ValueKind);
    }

    [Fact]
    public async Task Saved_hours_answer_the_status_for_any_instant()
    {
        (await _admin.Http.PutAsJsonAsync(Path, Saved)).EnsureSuccessStatusCode();

        // Monday 23 November 2026 12:30 in Riga (UTC+2): lunch.
        var lunch = await _admin.Http.GetFromJsonAsync<JsonElement>(Path + "/status?at=2026-11-23T10:30:00Z");
        Assert.False(lunch.GetProperty("open").GetBoolean());
        Assert.Equal("2026-11-23T11:00:00Z", lunch.GetProperty("nextOpenAt").GetString());
        Assert.Equal("2026-11-23T16:00:00Z", lunch.GetProperty("nextCloseAt").GetString());

        var saturdayNight = await _admin.Http.GetFromJsonAsync<JsonElement>(Path + "/status?at=2026-11-28T23:30:00Z");
        Assert.True(saturdayNight.GetProperty("open").GetBoolean());
        Assert.Equal("2026-11-29T00:00:00Z", saturdayNight.GetProperty("nextCloseAt").GetString());
    }

    public static TheoryData<string, string> BadSchedules => new()
    {
        { """{ "timeZone": "Europe/Atlantis", "weekly": [], "exceptions": [] }""", "timeZone" },
        { """{ "timeZone": "Europe/Oslo", "weekly": [{ "day": "monday", "open": "25:00", "close": "17:00" }], "exceptions": [] }""", "weekly[0].open" },
        { """{ "timeZone": "Europe/Oslo", "weekly": [{ "day": "monday", "open": "09:00", "close": "17:60" }], "exceptions": [] }""", "weekly[0].close" },
        { """{ "timeZone": "Europe/Oslo", "weekly": [{ "day": "someday", "open": "09:00", "close": "17:00" }], "exceptions": [] }""", "weekly[0].day" },
        { """{ "timeZone": "Europe/Oslo", "weekly": [{ "day": "monday", "open": "09:00", "close": "12:00" }, { "day": "monday", "open": "11:00", "close": "17:00" }], "exceptions": [] }""", "weekly[1]" },
        { """{ "timeZone": "Europe/Oslo", "weekly": [{ "day": "monday", "open": "01:00", "close": "05:00" }, { "day": "sunday", "open": "22:00", "close": "02:00" }], "exceptions": [] }""", "weekly[0]" },
        { """{ "timeZone": "Europe/Oslo", "weekly": [], "exceptions": [{ "date": "2026-12-24", "name": "A", "closed": true }, { "date": "2026-12-24", "name": "B", "closed": true }] }""", "exceptions[1].date" },
        { """{ "timeZone": "Europe/Oslo", "weekly": [], "exceptions": [{ "date": "24.12.2026", "name": "A", "closed": true }] }""", "exceptions[0].date" },
        { """{ "timeZone": "Europe/Oslo", "weekly": [], "exceptions": [{ "date": "2026-12-24", "name": "A", "closed": false }] }""", "exceptions[0].hours" },
        { """{ "timeZone": "Europe/Oslo", "weekly": [], "exceptions": [{ "date": "2026-12-24", "name": "A", "closed": false, "hours": [{ "open": "10:00", "close": "13:00" }, { "open": "12:00", "close": "14:00" }] }] }""", "exceptions[0].hours[1]" },
        { """{ "timeZone": "Europe/Oslo", "weekly": [], "exceptions": [{ "date": "2026-12-24", "name": " ", "closed": true }] }""", "exceptions[0].name" },
    };

    [Theory]
    [MemberData(nameof(BadSchedules))]
    public async Task A_bad_schedule_is_refused_naming_the_field_and_the_saved_one_stays(string body, string field)
    {
        (await _admin.Http.PutAsJsonAsync(Path, Saved)).EnsureSuccessStatusCode();
        var before = await SavedJsonAsync();

        var response = await _admin.Http.PutAsync(Path, new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"Expected an error for {field}: {problem}");
        Assert.Equal(before, await SavedJsonAsync());
    }

    [Fact]
    public async Task Only_admins_change_business_hours()
    {
        (await _admin.Http.PostAsJsonAsync("/api/agents", new { name = "Mia", email = "mia@example.com", password = "mia-password-1", role = "agent", chatCapacity = 3 }))
            .EnsureSuccessStatusCode();
        await using var agent = await _app.SignInAsync("mia@example.com", "mia-password-1");

        Assert.Equal(HttpStatusCode.OK, (await agent.Http.GetAsync(Path)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.Http.PutAsJsonAsync(Path, Saved)).StatusCode);
    }

    private Task<HttpResponseMessage> ImportAsync(string calendar) =>
        _admin.Http.PostAsync(Path + "/holidays", new StringContent(calendar, Encoding.UTF8, "text/calendar"));

    private const string Holidays =
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Public holidays//LV\r\n" +
        "BEGIN:VEVENT\r\nUID:1\r\nDTSTART;VALUE=DATE:20261224\r\nSUMMARY:Ziemassvētku vakars\r\nEND:VEVENT\r\n" +
        "BEGIN:VEVENT\r\nUID:2\r\nDTSTART;VALUE=DATE:20261226\r\nDTEND;VALUE=DATE:20261227\r\nSUMMARY:Otrie Ziemassvētki\r\nEND:VEVENT\r\n" +
        "BEGIN:VEVENT\r\nUID:3\r\nDTSTART;VALUE=DATE:20991231\r\nSUMMARY:Vecgada vakars\r\nEND:VEVENT\r\n" +
        "END:VCALENDAR\r\n";

    [Fact]
    public async Task Holidays_import_from_an_icalendar_file_and_keep_special_hours_already_set()
    {
        (await _admin.Http.PutAsJsonAsync(Path, Saved)).EnsureSuccessStatusCode();

        var response = await ImportAsync(Holidays);

        response.EnsureSuccessStatusCode();
        var import = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(["2026-12-26", "2099-12-31"], import.GetProperty("added").EnumerateArray().Select(a => a.GetProperty("date").GetString()));
        Assert.Contains(import.GetProperty("skipped").EnumerateArray(), s => s.GetProperty("date").GetString() == "2026-12-24");
        var hours = await _admin.Http.GetFromJsonAsync<JsonElement>(Path);
        var christmasEve = hours.GetProperty("exceptions").EnumerateArray().Single(e => e.GetProperty("date").GetString() == "2026-12-24");
        Assert.False(christmasEve.GetProperty("closed").GetBoolean());
        Assert.Equal(4, hours.GetProperty("exceptions").GetArrayLength());
    }

    [Fact]
    public async Task A_malformed_calendar_is_refused_and_changes_nothing()
    {
        (await _admin.Http.PutAsJsonAsync(Path, Saved)).EnsureSuccessStatusCode();
        var before = await SavedJsonAsync();

        var response = await ImportAsync(Holidays.Replace("DTSTART;VALUE=DATE:20261226", "DTSTART;VALUE=DATE:2026-12-26"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("Line 11", problem.GetProperty("errors").GetProperty("file")[0].GetString());
        Assert.Equal(before, await SavedJsonAsync());
    }

    [Fact]
    public async Task Holidays_need_the_channels_time_zone_first()
    {
        var response = await ImportAsync(Holidays);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("timeZone", out _));
    }
}
