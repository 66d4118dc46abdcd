using System;
using Helpdesk.Features.CannedResponses;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Helpdesk.Infrastructure.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class BusinessHoursAndCannedResponses : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "CannedResponses",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Shortcut = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Locale = table.Column<string>(type: "TEXT", maxLength: 35, nullable: false),
                    Body = table.Column<string>(type: "TEXT", nullable: false),
                    Purpose = table.Column<string>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CannedResponses", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ChannelHours",
                columns: table => new
                {
                    ChannelId = table.Column<long>(type: "INTEGER", nullable: false),
                    Json = table.Column<string>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ChannelHours", x => x.ChannelId);
                    table.ForeignKey(
                        name: "FK_ChannelHours_Channels_ChannelId",
                        column: x => x.ChannelId,
                        principalTable: "Channels",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_CannedResponses_Shortcut_Locale",
                table: "CannedResponses",
                columns: new[] { "Shortcut", "Locale" },
                unique: true);

            // Every helpdesk starts with good texts; written once here, so texts an admin deleted stay deleted.
            var shipped = new DateTime(2026, 11, 23, 0, 0, 0, DateTimeKind.Utc);
            foreach (var text in DefaultCannedResponses.All)
                migrationBuilder.InsertData(
                    table: "CannedResponses",
                    columns: new[] { "Shortcut", "Title", "Locale", "Body", "Purpose", "UpdatedAt" },
                    values: new object[] { text.Shortcut, text.Title, text.Locale, text.Body, text.Purpose, shipped });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CannedResponses");

            migrationBuilder.DropTable(
                name: "ChannelHours");
        }
    }
}
