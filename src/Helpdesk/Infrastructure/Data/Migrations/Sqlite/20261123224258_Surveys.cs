using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Helpdesk.Infrastructure.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Surveys : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "SurveysUnsubscribedAt",
                table: "Customers",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PinReason",
                table: "Conversations",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "PinnedDueAt",
                table: "Conversations",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "Surveys",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    OrderId = table.Column<long>(type: "INTEGER", nullable: false),
                    CustomerId = table.Column<long>(type: "INTEGER", nullable: false),
                    Token = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Status = table.Column<string>(type: "TEXT", nullable: false),
                    ScheduledFor = table.Column<DateTime>(type: "TEXT", nullable: false),
                    DueAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    LockedBy = table.Column<string>(type: "TEXT", nullable: true),
                    LockedUntil = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    Channel = table.Column<string>(type: "TEXT", nullable: true),
                    InvitationConversationId = table.Column<long>(type: "INTEGER", nullable: true),
                    Locale = table.Column<string>(type: "TEXT", nullable: true),
                    SentAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    SkipReason = table.Column<string>(type: "TEXT", nullable: true),
                    AnsweredAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Score = table.Column<int>(type: "INTEGER", nullable: true),
                    Nps = table.Column<int>(type: "INTEGER", nullable: true),
                    Comment = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    FollowUpConversationId = table.Column<long>(type: "INTEGER", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Surveys", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Surveys_Conversations_FollowUpConversationId",
                        column: x => x.FollowUpConversationId,
                        principalTable: "Conversations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Surveys_Conversations_InvitationConversationId",
                        column: x => x.InvitationConversationId,
                        principalTable: "Conversations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Surveys_Customers_CustomerId",
                        column: x => x.CustomerId,
                        principalTable: "Customers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Surveys_Orders_OrderId",
                        column: x => x.OrderId,
                        principalTable: "Orders",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "SurveySettings",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false),
                    Enabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    Trigger = table.Column<string>(type: "TEXT", nullable: false),
                    DelayHours = table.Column<int>(type: "INTEGER", nullable: false),
                    CooldownDays = table.Column<int>(type: "INTEGER", nullable: false),
                    LowScoreThreshold = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SurveySettings", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Surveys_CustomerId_SentAt",
                table: "Surveys",
                columns: new[] { "CustomerId", "SentAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Surveys_FollowUpConversationId",
                table: "Surveys",
                column: "FollowUpConversationId");

            migrationBuilder.CreateIndex(
                name: "IX_Surveys_InvitationConversationId",
                table: "Surveys",
                column: "InvitationConversationId");

            migrationBuilder.CreateIndex(
                name: "IX_Surveys_OrderId",
                table: "Surveys",
                column: "OrderId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Surveys_SentAt",
                table: "Surveys",
                column: "SentAt");

            migrationBuilder.CreateIndex(
                name: "IX_Surveys_Status_DueAt",
                table: "Surveys",
                columns: new[] { "Status", "DueAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Surveys_Token",
                table: "Surveys",
                column: "Token",
                unique: true);

            // The survey invitation every helpdesk starts with, written once here, so texts an admin deleted
            // stay deleted; a text an admin already keeps under the same shortcut and language stays theirs.
            foreach (var text in Features.CannedResponses.DefaultSurveyInvitations.All)
                migrationBuilder.Sql($"""
                    INSERT OR IGNORE INTO CannedResponses (Shortcut, Title, Locale, Body, Purpose, UpdatedAt)
                    VALUES ({Quote(text.Shortcut)}, {Quote(text.Title)}, {Quote(text.Locale)}, {Quote(text.Body)}, {Quote(text.Purpose)},
                        '2026-11-23 00:00:00')
                    """);
            migrationBuilder.InsertData(
                table: "SurveySettings",
                columns: new[] { "Id", "Enabled", "Trigger", "DelayHours", "CooldownDays", "LowScoreThreshold" },
                values: new object[] { 1L, true, "delivered", 24, 30, 2 });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DELETE FROM CannedResponses WHERE Purpose = 'survey-invitation' AND Shortcut = 'survey-invitation' AND UpdatedAt = '2026-11-23 00:00:00'");

            migrationBuilder.DropTable(
                name: "Surveys");

            migrationBuilder.DropTable(
                name: "SurveySettings");

            migrationBuilder.DropColumn(
                name: "SurveysUnsubscribedAt",
                table: "Customers");

            migrationBuilder.DropColumn(
                name: "PinReason",
                table: "Conversations");

            migrationBuilder.DropColumn(
                name: "PinnedDueAt",
                table: "Conversations");
        }

        private static string Quote(string value) => "'" + value.Replace("'", "''") + "'";
    }
}
