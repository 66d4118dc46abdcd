using System.Diagnostics;
using Bogus;
using Microsoft.Data.Sqlite;

namespace Helpdesk.Benchmarks;

/// <summary>
/// A year of a busy shop's reporting, written straight into a database the helpdesk has created and migrated:
/// customers, two years of orders (retention compares a period with the one before it), a year of conversations
/// and every reporting event the helpdesk would have recorded for them (opened, first response, each reply with
/// how long the customer waited, resolution, reopening and its second resolution, survey answers), and the
/// surveys sent after purchases and after resolutions. Not written: messages, visitors and identities, which no
/// report reads. Roll-ups are not written either: the helpdesk builds them itself with its own roll-up loop.
/// </summary>
/// <remarks>
/// Rows are what the helpdesk writes: times TEXT 'yyyy-MM-dd HH:mm:ss.FFFFFFF' in UTC, decimals TEXT (see
/// <see cref="QueueData"/>). Every conversation is played out on its own timeline from when it opened; whatever
/// would happen after the moment of writing is left out, so the last days hold conversations still open or
/// waiting, and today is a part day. Durations are log-normal around plausible medians per channel (a chat is
/// answered in about a minute, an email in hours, a marketplace message in half a day, VIPs sooner); business
/// hours are round the clock for chat and Messenger, Monday to Friday 8–17 in the store's zone for email and the
/// marketplace. A fixed seed writes the same year for the same "now" and size.
/// </remarks>
public static class ReportData
{
    public sealed record Result(
        int Customers, int Orders, int Conversations, long Events, int Surveys, DateTime From, DateTime Now, TimeSpan Elapsed, long FileBytes);

    private const int Seed = 20261205;
    private const int Days = 365;
    private const long StorefrontId = 1, EmailId = 2, MessengerId = 3, MarketplaceId = 4, ShopId = 5;
    private static readonly long[] ChannelIds = [StorefrontId, EmailId, MessengerId, MarketplaceId];
    private static readonly double[] ChannelShares = [0.50, 0.30, 0.12, 0.08];
    /// <summary>Median first response in seconds per channel, in the order of <see cref="ChannelIds"/>.</summary>
    private static readonly double[] FirstResponseMedian = [75, 3 * 3600, 15 * 60, 6 * 3600];
    /// <summary>How long a customer takes to write again, median seconds.</summary>
    private static readonly double[] CustomerGapMedian = [90, 5 * 3600, 20 * 60, 8 * 3600];
    private static readonly string[] Tiers = ["new", "first-time", "returning", "vip"];
    private static readonly string[] Locales = ["en", "da", "de", "nb", "lv"];
    /// <summary>New conversations per hour of the store's day: quiet at night, busiest in the evening.</summary>
    private static readonly double[] HourWeights =
        [0.8, 0.5, 0.3, 0.2, 0.2, 0.3, 0.8, 1.6, 2.6, 3.4, 3.8, 3.9, 3.8, 3.7, 3.6, 3.6, 3.7, 3.9, 4.2, 4.7, 5.0, 4.6, 3.4, 1.8];
    /// <summary>Monday first.</summary>
    private static readonly double[] WeekdayWeights = [1.20, 1.10, 1.05, 1.00, 0.95, 0.80, 0.90];
    private static readonly int[] Scores = [5, 4, 3, 2, 1];
    private static readonly double[] ScoreShares = [0.52, 0.24, 0.10, 0.06, 0.08];
    private static readonly string[] Subjects =
        ["Where is my order?", "Change of size", "Damaged on arrival", "Shipping to Norway", "Return", "Back in stock?", "Charged twice"];

    public static Result Generate(
        BenchDatabase database, TimeZoneInfo zone, IReadOnlyList<long> agentIds, int customers, int orders, int conversations,
        CancellationToken ct)
    {
        var elapsed = Stopwatch.StartNew();
        var now = DateTime.UtcNow;
        var random = new Random(Seed);
        var f = new Faker("en") { Random = new Randomizer(Seed) };
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(now, zone));
        var firstDay = today.AddDays(-(Days - 1));
        DateTime StartOf(DateOnly day) => TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(TimeOnly.MinValue), zone);

        using var connection = database.Open(readOnly: false);
        // Nothing to recover: if the load fails the file is thrown away. The helpdesk turns WAL back on as it opens it.
        QueueData.Execute(connection, "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-524288;");

        using (var channelRows = QueueData.Rows.For(connection, "Channels", "Id", "Kind", "Name", "PublicKey", "SettingsJson", "CreatedAt"))
        {
            QueueData.InTransactions(connection, 1, [channelRows], ct, _ =>
            {
                var created = now.AddYears(-3);
                channelRows.Row(StorefrontId, "storefront", "Web shop chat", "pk_reports", "{}", created);
                channelRows.Row(EmailId, "email", "Support email", null, "{}", created);
                channelRows.Row(MessengerId, "messenger", "Facebook page", null, "{}", created);
                channelRows.Row(MarketplaceId, "marketplace", "Marketplace", null, "{}", created);
                channelRows.Row(ShopId, "shopify", "Shop", null, "{}", created);
            });
        }

        // Orders over two years, a third of them from a tenth of the customers (the regulars), growing over time.
        var orderFrom = now - TimeSpan.FromDays(2 * Days);
        var orderCustomer = new int[orders];
        var orderPlaced = new DateTime[orders];
        var orderCount = new int[customers + 1];
        var orderValue = new decimal[customers + 1];
        var lastOrder = new DateTime[customers + 1];
        var regulars = Math.Max(1, customers / 10);
        for (var i = 0; i < orders; i++)
        {
            // Ordered by time as the shop sent them; sqrt gives more orders in the second year than in the first.
            orderPlaced[i] = orderFrom + Math.Sqrt((i + random.NextDouble()) / orders) * (now - orderFrom);
            orderCustomer[i] = random.NextDouble() < 0.35 ? 1 + random.Next(regulars) : 1 + random.Next(customers);
        }

        var customerTier = new byte[customers + 1];
        var orderStatus = new string[orders];
        var orderDelivered = new DateTime?[orders];
        for (var i = 0; i < orders; i++)
        {
            var age = now - orderPlaced[i];
            var roll = random.NextDouble();
            orderStatus[i] = roll < 0.06 ? "cancelled" : roll < 0.10 ? "refunded"
                : age < TimeSpan.FromDays(1) ? "paid" : age < TimeSpan.FromDays(4) ? "fulfilled" : "delivered";
            if (orderStatus[i] == "delivered") orderDelivered[i] = orderPlaced[i] + TimeSpan.FromHours(48 + random.Next(72));
            if (orderStatus[i] is "cancelled" or "refunded") continue;
            var c = orderCustomer[i];
            orderCount[c]++;
            orderValue[c] += 60;
            lastOrder[c] = orderPlaced[i];
        }

        using (var customerRows = QueueData.Rows.For(connection, "Customers",
                   "Id", "Name", "Email", "Locale", "CreatedAt", "Tier", "OrderCount", "LifetimeValue", "Currency", "LastOrderAt"))
        {
            QueueData.InTransactions(connection, customers, [customerRows], ct, i =>
            {
                var id = i + 1;
                var first = f.Name.FirstName();
                var last = f.Name.LastName();
                var n = orderCount[id];
                // The helpdesk's default tiers: first-time from one order, returning from 2, VIP from 5.
                customerTier[id] = (byte)(n == 0 ? 0 : n == 1 ? 1 : n < 5 ? 2 : 3);
                customerRows.Row((long)id, $"{first} {last}", $"{first}.{last}.{id}@example.com".ToLowerInvariant(), Locales[id % Locales.Length],
                    now - TimeSpan.FromDays(2 * Days + random.Next(Days)), Tiers[customerTier[id]], n, orderValue[id],
                    n > 0 ? "EUR" : null, n > 0 ? lastOrder[id] : null);
            });
        }
        Report.Progress($"report data: {customers:N0} customers written ({elapsed.Elapsed.TotalSeconds:N1} s)");

        using (var orderRows = QueueData.Rows.For(connection, "Orders",
                   "Id", "ChannelId", "ExternalId", "Number", "CustomerId", "PlacedAt", "FulfilledAt", "DeliveredAt", "Status", "Total",
                   "Currency", "LinesJson", "UpdatedAt", "TrackingJson"))
        {
            QueueData.InTransactions(connection, orders, [orderRows], ct, i =>
            {
                long id = i + 1;
                var placed = orderPlaced[i];
                var fulfilled = orderStatus[i] is "fulfilled" or "delivered" ? placed + TimeSpan.FromHours(20) : (DateTime?)null;
                orderRows.Row(id, ShopId, (5_000_000_000L + id).ToString(), $"#{1000 + id}", (long)orderCustomer[i], placed, fulfilled,
                    orderDelivered[i], orderStatus[i], Math.Round(15m + (decimal)(random.NextDouble() * 180), 2), "EUR",
                    """[{"sku":"SKU-1","name":"Item","quantity":1,"price":60.00}]""", orderDelivered[i] ?? fulfilled ?? placed, "[]");
            });
        }
        Report.Progress($"report data: {orders:N0} orders written ({elapsed.Elapsed.TotalSeconds:N1} s in all)");

        // Conversations per store day: weekdays busier than weekends, the year growing towards its end, and
        // late November to Christmas half as busy again.
        var weights = new double[Days];
        for (var d = 0; d < Days; d++)
        {
            var day = firstDay.AddDays(d);
            var w = WeekdayWeights[((int)day.DayOfWeek + 6) % 7] * (0.8 + 0.4 * d / Days);
            if (day.Month == 12 && day.Day <= 22 || day.Month == 11 && day.Day >= 24) w *= 1.5;
            if (d == Days - 1) w *= Math.Clamp((now - StartOf(day)).TotalHours / 24, 0, 1);
            weights[d] = w;
        }
        var perDay = new int[Days];
        var total = weights.Sum();
        for (var d = 0; d < Days; d++) perDay[d] = (int)(conversations * weights[d] / total);
        perDay[Days - 2] += conversations - perDay.Sum();
        var hourTotal = HourWeights.Sum();

        var agentShares = agentIds.Select((_, i) => i < 3 ? 1.6 : i < 8 ? 1.0 : 0.5).ToArray();
        long events = 0;
        var surveys = 0;
        var year = StartOf(firstDay);
        using (var conversationRows = QueueData.Rows.For(connection, "Conversations",
                   "Id", "ChannelId", "CustomerId", "Subject", "Status", "AssigneeId", "Tier", "DueAt", "PriorityOrderCount",
                   "PriorityValue", "WaitingSince", "CreatedAt", "LastMessageAt", "LastMessagePreview", "ResolvedAt", "FirstResponseAt",
                   "AgentReadUpToId", "CustomerReadUpToId", "CustomerVerified"))
        using (var eventRows = QueueData.Rows.For(connection, "ReportEvents",
                   "Kind", "At", "ConversationId", "ChannelId", "CustomerId", "AgentId", "Tier", "Seconds", "BusinessSeconds", "Score",
                   "SurveyKind", "SurveyId"))
        using (var surveyRows = QueueData.Rows.For(connection, "Surveys",
                   "Id", "Kind", "OrderId", "ConversationId", "ResolvedAt", "AgentId", "CustomerId", "Token", "Status", "ScheduledFor",
                   "DueAt", "Attempts", "Channel", "InvitationConversationId", "Locale", "SentAt", "AnsweredAt", "UpdatedAt", "Score",
                   "CreatedAt"))
        {
            var day = 0;
            var left = perDay[0];
            var dayStart = StartOf(firstDay);
            var dayEnd = StartOf(firstDay.AddDays(1));
            QueueData.InTransactions(connection, conversations, [conversationRows, eventRows, surveyRows], ct, i =>
            {
                while (left == 0 && day < Days - 1)
                {
                    day++;
                    left = perDay[day];
                    dayStart = dayEnd;
                    dayEnd = StartOf(firstDay.AddDays(day + 1));
                }
                left--;
                long id = i + 1;
                var opened = day == Days - 1
                    ? dayStart + random.NextDouble() * (now - dayStart)
                    : dayStart + (Pick(random, HourWeights, hourTotal) + random.NextDouble()) / 24 * (dayEnd - dayStart);
                var channel = Pick(random, ChannelShares, 1);
                var channelId = ChannelIds[channel];
                var customerId = 1 + (random.NextDouble() < 0.3 ? random.Next(regulars) : random.Next(customers));
                var tier = Tiers[customerTier[customerId]];
                var agent = agentIds[Pick(random, agentShares, agentShares.Sum())];
                var speed = tier == "vip" ? 0.6 : tier == "new" ? 1.1 : 1.0;

                void Event(string kind, DateTime at, long? agentId, double? seconds, double? business, int? score = null, string? surveyKind = null,
                    long? surveyId = null)
                {
                    eventRows.Row(kind, at, id, channelId, (long)customerId, agentId, tier, seconds, business, score, surveyKind, surveyId);
                    events++;
                }

                Event("opened", opened, null, null, null);
                object?[]? survey = null;
                string status;
                DateTime? firstResponseAt = null, resolvedAt = null, waitingSince = opened;
                var last = opened;
                // One in fifty is spam or a thank-you that is closed without an answer.
                var answered = random.NextDouble() >= 0.02;
                if (answered)
                {
                    var at = opened + Seconds(random, FirstResponseMedian[channel] * speed, 1.0);
                    if (at <= now)
                    {
                        firstResponseAt = at;
                        var wall = (at - opened).TotalSeconds;
                        var business = Business(channel, opened, at, zone);
                        Event("first-response", at, agent, wall, business);
                        Event("reply", at, agent, wall, business);
                        last = at;
                        waitingSince = null;
                        // Further rounds: the customer writes again, an agent answers.
                        var rounds = Pick(random, [0.35, 0.30, 0.20, 0.10, 0.05], 1);
                        for (var r = 0; r < rounds; r++)
                        {
                            var wrote = last + Seconds(random, CustomerGapMedian[channel], 1.0);
                            if (wrote > now) break;
                            waitingSince = wrote;
                            var reply = wrote + Seconds(random, FirstResponseMedian[channel] * speed * 0.7, 1.0);
                            if (reply > now) break;
                            Event("reply", reply, agent, (reply - wrote).TotalSeconds, Business(channel, wrote, reply, zone));
                            last = reply;
                            waitingSince = null;
                        }
                    }
                }
                var resolveAt = last + Seconds(random, channel == 0 ? 240 : 3 * 3600, 1.0);
                if (waitingSince is null && resolveAt <= now)
                {
                    Event("resolved", resolveAt, agent, (resolveAt - opened).TotalSeconds, Business(channel, opened, resolveAt, zone));
                    resolvedAt = resolveAt;
                    status = "resolved";
                    // One in fourteen comes back: the customer writes again, it is answered and resolved once more.
                    if (random.NextDouble() < 0.07)
                    {
                        var reopened = resolveAt + Seconds(random, 26 * 3600, 1.0);
                        if (reopened <= now)
                        {
                            Event("reopened", reopened, agent, null, null);
                            status = "open";
                            resolvedAt = null;
                            waitingSince = reopened;
                            var reply = reopened + Seconds(random, FirstResponseMedian[channel] * speed * 0.7, 1.0);
                            if (reply <= now)
                            {
                                Event("reply", reply, agent, (reply - reopened).TotalSeconds, Business(channel, reopened, reply, zone));
                                last = reply;
                                waitingSince = null;
                                status = "pending";
                                var again = reply + Seconds(random, channel == 0 ? 240 : 3 * 3600, 1.0);
                                if (again <= now)
                                {
                                    Event("resolved", again, agent, (again - reopened).TotalSeconds, Business(channel, reopened, again, zone));
                                    resolvedAt = again;
                                    status = "resolved";
                                }
                            }
                        }
                    }
                    // Asked after the last resolution (30 minutes later) four times in ten; a third of those answer.
                    if (resolvedAt is { } resolved && random.NextDouble() < 0.4 && resolved.AddMinutes(30) <= now)
                    {
                        var sent = resolved.AddMinutes(30);
                        var answer = sent + Seconds(random, 2 * 3600, 1.2);
                        int? score = answer <= now && random.NextDouble() < 0.33 ? Scores[Pick(random, ScoreShares, 1)] : null;
                        surveys++;
                        long surveyId = surveys;
                        // Written after the conversation, which it refers to.
                        survey = [surveyId, "conversation", null, id, resolved, agent, (long)customerId, Token(random), "sent", sent, sent, 1,
                            channel == 0 ? "widget" : channel == 2 ? "messenger" : "email", id, Locales[customerId % Locales.Length], sent,
                            score is null ? null : answer, score is null ? null : answer, score, resolved];
                        if (score is not null) Event("survey", answer, agent, null, null, score, "conversation", surveyId);
                    }
                }
                else status = waitingSince is null ? "pending" : "open";

                var waiting = status == "open";
                conversationRows.Row(id, channelId, (long)customerId, channel == 0 ? "Chat" : Subjects[i % Subjects.Length], status,
                    status == "open" && firstResponseAt is null && random.NextDouble() < 0.5 ? null : agent, tier,
                    waiting ? (waitingSince ?? opened).AddHours(channel == 0 ? 0.05 : 4) : new DateTime(9999, 12, 31, 0, 0, 0, DateTimeKind.Utc),
                    0, 0m, waiting ? waitingSince : null, opened, last, "Thanks, that answers it.", resolvedAt, firstResponseAt, 0L, 0L, true);
                if (survey is not null) surveyRows.Row(survey);
            });
        }
        Report.Progress($"report data: {conversations:N0} conversations and {events:N0} reporting events written ({elapsed.Elapsed.TotalSeconds:N1} s in all)");

        // Purchase surveys: half of the delivered orders of the year are asked a day after delivery; a quarter answer.
        // The invitation goes by email outside any conversation, so the answer's event names neither conversation nor channel.
        var purchaseEvents = 0L;
        using (var surveyRows = QueueData.Rows.For(connection, "Surveys",
                   "Id", "Kind", "OrderId", "CustomerId", "Token", "Status", "ScheduledFor", "DueAt", "Attempts", "Channel", "Locale",
                   "SentAt", "AnsweredAt", "UpdatedAt", "Score", "CreatedAt"))
        using (var eventRows = QueueData.Rows.For(connection, "ReportEvents",
                   "Kind", "At", "ConversationId", "ChannelId", "CustomerId", "AgentId", "Tier", "Seconds", "BusinessSeconds", "Score",
                   "SurveyKind", "SurveyId"))
        {
            QueueData.InTransactions(connection, orders, [surveyRows, eventRows], ct, i =>
            {
                if (orderDelivered[i] is not { } delivered || delivered < year || random.NextDouble() >= 0.5) return;
                var sent = delivered.AddHours(24);
                if (sent > now) return;
                var answer = sent + Seconds(random, 5 * 3600, 1.2);
                int? score = answer <= now && random.NextDouble() < 0.25 ? Scores[Pick(random, ScoreShares, 1)] : null;
                var customerId = orderCustomer[i];
                surveys++;
                long surveyId = surveys;
                surveyRows.Row(surveyId, "purchase", (long)(i + 1), (long)customerId, Token(random), "sent", sent, sent, 1, "email",
                    Locales[customerId % Locales.Length], sent, score is null ? null : answer, score is null ? null : answer, score, delivered);
                if (score is null) return;
                eventRows.Row("survey", answer, 0L, 0L, (long)customerId, null, Tiers[customerTier[customerId]], null, null, score, "purchase",
                    surveyId);
                purchaseEvents++;
            });
        }
        events += purchaseEvents;
        Report.Progress($"report data: {surveys:N0} surveys written ({elapsed.Elapsed.TotalSeconds:N1} s in all)");
        QueueData.Execute(connection, "ANALYZE");
        connection.Close();
        SqliteConnection.ClearAllPools();
        return new Result(customers, orders, conversations, events, surveys, year, now, elapsed.Elapsed, database.SizeBytes());
    }

    /// <summary>An index drawn by weight.</summary>
    private static int Pick(Random random, double[] weights, double total)
    {
        var x = random.NextDouble() * total;
        for (var i = 0; i < weights.Length; i++)
            if ((x -= weights[i]) < 0) return i;
        return weights.Length - 1;
    }

    /// <summary>A log-normal duration around <paramref name="median"/> seconds, at least five seconds.</summary>
    private static TimeSpan Seconds(Random random, double median, double sigma)
    {
        // Box–Muller: one standard normal draw.
        var normal = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        return TimeSpan.FromSeconds(Math.Max(5, median * Math.Exp(sigma * normal)));
    }

    /// <summary>
    /// The part of [from, to) inside the channel's business hours: all of it for chat and Messenger, Monday to
    /// Friday 8–17 in the store's zone for email and the marketplace.
    /// </summary>
    private static double Business(int channel, DateTime from, DateTime to, TimeZoneInfo zone)
    {
        if (channel is 0 or 2) return (to - from).TotalSeconds;
        var seconds = 0.0;
        var local = TimeZoneInfo.ConvertTimeFromUtc(from, zone).Date;
        var end = TimeZoneInfo.ConvertTimeFromUtc(to, zone);
        for (; local <= end; local = local.AddDays(1))
        {
            if (local.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday) continue;
            var open = TimeZoneInfo.ConvertTimeToUtc(local.AddHours(8), zone);
            var close = TimeZoneInfo.ConvertTimeToUtc(local.AddHours(17), zone);
            var overlap = (Min(close, to) - Max(open, from)).TotalSeconds;
            if (overlap > 0) seconds += overlap;
        }
        return seconds;
    }

    private static DateTime Min(DateTime a, DateTime b) => a < b ? a : b;
    private static DateTime Max(DateTime a, DateTime b) => a > b ? a : b;

    private static string Token(Random random)
    {
        Span<byte> bytes = stackalloc byte[24];
        random.NextBytes(bytes);
        return Convert.ToHexStringLower(bytes);
    }
}
