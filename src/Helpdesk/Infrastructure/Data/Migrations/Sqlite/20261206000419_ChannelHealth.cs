using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Helpdesk.Infrastructure.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ChannelHealth : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "LastDeliveredAt",
                table: "Channels",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "LastDeliveryError",
                table: "Channels",
                type: "TEXT",
                maxLength: 300,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "LastDeliveryErrorAt",
                table: "Channels",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "LastReceivedAt",
                table: "Channels",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "LastRejectedAt",
                table: "Channels",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "LastRejectedReason",
                table: "Channels",
                type: "TEXT",
                maxLength: 40,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "LastDeliveredAt",
                table: "Channels");

            migrationBuilder.DropColumn(
                name: "LastDeliveryError",
                table: "Channels");

            migrationBuilder.DropColumn(
                name: "LastDeliveryErrorAt",
                table: "Channels");

            migrationBuilder.DropColumn(
                name: "LastReceivedAt",
                table: "Channels");

            migrationBuilder.DropColumn(
                name: "LastRejectedAt",
                table: "Channels");

            migrationBuilder.DropColumn(
                name: "LastRejectedReason",
                table: "Channels");
        }
    }
}
