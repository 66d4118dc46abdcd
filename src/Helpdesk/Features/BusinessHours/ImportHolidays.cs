using System.Globalization;
using System.Text;
using FluentValidation.Results;
using Helpdesk.Features.Agents;

namespace Helpdesk.Features.BusinessHours;

/// <summary>
/// Adds the all-day events of an iCalendar file to a channel's exceptions as closed days. Dates the
/// channel already has an exception for keep it: an admin's special hours win over a calendar.
/// </summary>
public sealed record ImportHolidays(long ChannelId, string Calendar) : IRequest<HolidayImport>, IEndpoint
{
    public const int MaxBytes = 1024 * 1024;

    /// <summary>How far ahead yearly holidays are written out.</summary>
    public const int YearsAhead = 3;

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/api/channels/{id:long}/business-hours/holidays", async (long id, HttpRequest request, IMediator m, CancellationToken ct) =>
            {
                var body = await RawBody.ReadAsync(request, MaxBytes);
                return await m.Send(new ImportHolidays(id, Encoding.UTF8.GetString(body)), ct);
            })
            .RequireAuthorization(AgentRoles.Admin).WithTags("Business hours")
            .Accepts<string>("text/calendar");
}

public sealed record HolidayImport(IReadOnlyList<CalendarHoliday> Added, IReadOnlyList<SkippedHoliday> Skipped, BusinessHoursDto BusinessHours);

public sealed class ImportHolidaysHandler(HelpdeskDbContext db, ChannelSchedules schedules, TimeProvider time)
    : IRequestHandler<ImportHolidays, HolidayImport>
{
    public async Task<HolidayImport> Handle(ImportHolidays r, CancellationToken ct)
    {
        if (!await db.Channels.AnyAsync(c => c.Id == r.ChannelId, ct)) throw new NotFoundException("Channel");
        var json = await db.ChannelHours.Where(h => h.ChannelId == r.ChannelId).Select(h => h.Json).FirstOrDefaultAsync(ct);
        if (json is null)
            throw Invalid("timeZone", "Save the channel's business hours with its time zone before importing holidays.");
        var hours = BusinessHoursDto.Read(json);

        var today = hours.ToSchedule().LocalDate(time.GetUtcNow().UtcDateTime);
        CalendarHolidays calendar;
        try
        {
            calendar = ICalendarHolidays.Parse(r.Calendar, today, today.AddYears(ImportHolidays.YearsAhead));
        }
        catch (ICalendarFormatException e)
        {
            throw Invalid("file", e.Message);
        }

        var exceptions = hours.Exceptions!.ToList();
        var taken = exceptions.Select(e => e.Date!).ToHashSet();
        var added = new List<CalendarHoliday>();
        var skipped = calendar.Skipped.ToList();
        foreach (var holiday in calendar.Holidays)
        {
            var date = holiday.Date.ToString(Dates.Format, CultureInfo.InvariantCulture);
            if (!taken.Add(date))
            {
                skipped.Add(new SkippedHoliday(holiday.Date, holiday.Name, SkippedHoliday.AlreadySet));
                continue;
            }
            exceptions.Add(new HoursExceptionDto(date, holiday.Name, Closed: true, Hours: null));
            added.Add(holiday);
        }
        if (exceptions.Count > SetBusinessHoursValidator.MaxExceptions)
            throw Invalid("file", $"The channel would have more than {SetBusinessHoursValidator.MaxExceptions} exceptions.");

        var updated = (hours with { Exceptions = exceptions }).Normalized();
        if (added.Count > 0)
        {
            await SetBusinessHoursHandler.Save(db, r.ChannelId, updated, time, ct);
            schedules.Forget(r.ChannelId);
        }
        return new HolidayImport(added, skipped, updated);
    }

    private static ValidationException Invalid(string field, string message) => new([new ValidationFailure(field, message)]);
}
