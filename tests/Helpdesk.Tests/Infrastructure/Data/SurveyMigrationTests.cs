using Helpdesk.Infrastructure.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Helpdesk.Tests.Infrastructure.Data;

public sealed class SurveyMigrationTests
{
    [Fact]
    public async Task Upgrading_keeps_an_admins_own_text_under_the_shipped_shortcut_and_adds_the_rest()
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("helpdesk-migrate-").FullName, "helpdesk.db");
        var options = new DbContextOptionsBuilder<HelpdeskDbContext>().UseSqlite($"Data Source={file}").Options;
        await using (var before = new HelpdeskDbContext(options))
        {
            await before.GetService<IMigrator>().MigrateAsync("20261123214646_ChannelsAndOutbox");
            await before.Database.ExecuteSqlRawAsync("""
                INSERT INTO CannedResponses (Shortcut, Title, Locale, Body, Purpose, UpdatedAt)
                VALUES ('survey-invitation', 'Our own', 'en', 'Rate us: {{{{survey.url}}}}', 'survey-invitation', '2026-11-01 00:00:00')
                """);
        }

        await using var after = new HelpdeskDbContext(options);
        await after.Database.MigrateAsync();
        var texts = await after.CannedResponses.Where(c => c.Purpose == "survey-invitation").ToListAsync();
        Assert.Equal(["da", "de", "en", "lv", "nb"], texts.Select(t => t.Locale).Order());
        Assert.Equal("Rate us: {{survey.url}}", texts.Single(t => t.Locale == "en").Body);
        Assert.Contains("{{survey.url}}", texts.Single(t => t.Locale == "da").Body);
        Assert.True((await after.SurveySettings.SingleAsync()).Enabled);
        SqliteConnection.ClearAllPools();
    }

    [Fact]
    public async Task Upgrading_adds_the_question_after_a_resolution_beside_an_admins_own_shortcut_and_going_back_takes_only_it_away()
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("helpdesk-migrate-").FullName, "helpdesk.db");
        var options = new DbContextOptionsBuilder<HelpdeskDbContext>().UseSqlite($"Data Source={file}").Options;
        const string before = "20261205141555_ReportsAndConversationSurveys";
        await using (var db = new HelpdeskDbContext(options))
        {
            await db.GetService<IMigrator>().MigrateAsync(before);
            await db.Database.ExecuteSqlRawAsync("""
                INSERT INTO CannedResponses (Shortcut, Title, Locale, Body, Purpose, UpdatedAt)
                VALUES ('resolution-survey', 'How we resolve things', 'en', 'We resolve most questions within a day.', 'macro', '2026-12-01 00:00:00')
                """);
        }

        await using (var db = new HelpdeskDbContext(options))
        {
            await db.Database.MigrateAsync();
            var questions = await db.CannedResponses.Where(c => c.Purpose == "resolution-survey").ToListAsync();
            Assert.Equal(["da", "de", "lv", "nb"], questions.Select(t => t.Locale).Order());
            Assert.StartsWith("Tak fordi du kontaktede {{store.name}}", questions.Single(t => t.Locale == "da").Body);
            Assert.Equal("macro", (await db.CannedResponses.SingleAsync(c => c.Shortcut == "resolution-survey" && c.Locale == "en")).Purpose);

            await db.GetService<IMigrator>().MigrateAsync(before);
            Assert.False(await db.CannedResponses.AnyAsync(c => c.Purpose == "resolution-survey"));
            Assert.True(await db.CannedResponses.AnyAsync(c => c.Shortcut == "resolution-survey" && c.Purpose == "macro"));
        }
        SqliteConnection.ClearAllPools();
    }
}
