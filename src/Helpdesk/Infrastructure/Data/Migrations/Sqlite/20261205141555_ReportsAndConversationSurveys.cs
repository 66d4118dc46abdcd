using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Helpdesk.Infrastructure.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ReportsAndConversationSurveys : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "AfterResolutionDelayMinutes",
                table: "SurveySettings",
                type: "INTEGER",
                nullable: false,
                defaultValue: 5);

            migrationBuilder.AddColumn<bool>(
                name: "AfterResolutionEnabled",
                table: "SurveySettings",
                type: "INTEGER",
                nullable: false,
                defaultValue: true);

            migrationBuilder.AlterColumn<long>(
                name: "OrderId",
                table: "Surveys",
                type: "INTEGER",
                nullable: true,
                oldClrType: typeof(long),
                oldType: "INTEGER");

            migrationBuilder.AddColumn<long>(
                name: "AgentId",
                table: "Surveys",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "ConversationId",
                table: "Surveys",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Kind",
                table: "Surveys",
                type: "TEXT",
                maxLength: 20,
                nullable: false,
                defaultValue: "purchase");

            migrationBuilder.AddColumn<DateTime>(
                name: "ResolvedAt",
                table: "Surveys",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "ReportDays",
                columns: table => new
                {
                    Day = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    BuiltAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReportDays", x => x.Day);
                });

            migrationBuilder.CreateTable(
                name: "ReportEvents",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    At = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ConversationId = table.Column<long>(type: "INTEGER", nullable: false),
                    ChannelId = table.Column<long>(type: "INTEGER", nullable: false),
                    CustomerId = table.Column<long>(type: "INTEGER", nullable: false),
                    AgentId = table.Column<long>(type: "INTEGER", nullable: true),
                    Tier = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Seconds = table.Column<double>(type: "REAL", nullable: true),
                    BusinessSeconds = table.Column<double>(type: "REAL", nullable: true),
                    Score = table.Column<int>(type: "INTEGER", nullable: true),
                    SurveyKind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    SurveyId = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReportEvents", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ReportRollups",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Day = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    ChannelId = table.Column<long>(type: "INTEGER", nullable: false),
                    AgentId = table.Column<long>(type: "INTEGER", nullable: false),
                    Tier = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    SurveyKind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Count = table.Column<int>(type: "INTEGER", nullable: false),
                    ScoreSum = table.Column<long>(type: "INTEGER", nullable: false),
                    Satisfied = table.Column<int>(type: "INTEGER", nullable: false),
                    Wall = table.Column<string>(type: "TEXT", nullable: false),
                    Business = table.Column<string>(type: "TEXT", nullable: false),
                    Hours = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReportRollups", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Surveys_ConversationId_ResolvedAt",
                table: "Surveys",
                columns: new[] { "ConversationId", "ResolvedAt" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Orders_PlacedAt_CustomerId",
                table: "Orders",
                columns: new[] { "PlacedAt", "CustomerId" });

            migrationBuilder.CreateIndex(
                name: "IX_ReportEvents_ConversationId_Kind",
                table: "ReportEvents",
                columns: new[] { "ConversationId", "Kind" });

            migrationBuilder.CreateIndex(
                name: "IX_ReportEvents_Kind_At",
                table: "ReportEvents",
                columns: new[] { "Kind", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_ReportRollups_Kind_Day_ChannelId_AgentId_Tier_SurveyKind",
                table: "ReportRollups",
                columns: new[] { "Kind", "Day", "ChannelId", "AgentId", "Tier", "SurveyKind" },
                unique: true);

            migrationBuilder.AddForeignKey(
                name: "FK_Surveys_Conversations_ConversationId",
                table: "Surveys",
                column: "ConversationId",
                principalTable: "Conversations",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Surveys_Conversations_ConversationId",
                table: "Surveys");

            migrationBuilder.DropTable(
                name: "ReportDays");

            migrationBuilder.DropTable(
                name: "ReportEvents");

            migrationBuilder.DropTable(
                name: "ReportRollups");

            migrationBuilder.DropIndex(
                name: "IX_Surveys_ConversationId_ResolvedAt",
                table: "Surveys");

            migrationBuilder.DropIndex(
                name: "IX_Orders_PlacedAt_CustomerId",
                table: "Orders");

            migrationBuilder.DropColumn(
                name: "AfterResolutionDelayMinutes",
                table: "SurveySettings");

            migrationBuilder.DropColumn(
                name: "AfterResolutionEnabled",
                table: "SurveySettings");

            migrationBuilder.DropColumn(
                name: "AgentId",
                table: "Surveys");

            migrationBuilder.DropColumn(
                name: "ConversationId",
                table: "Surveys");

            migrationBuilder.DropColumn(
                name: "Kind",
                table: "Surveys");

            migrationBuilder.DropColumn(
                name: "ResolvedAt",
                table: "Surveys");

            migrationBuilder.AlterColumn<long>(
                name: "OrderId",
                table: "Surveys",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L,
                oldClrType: typeof(long),
                oldType: "INTEGER",
                oldNullable: true);
        }
    }
}
