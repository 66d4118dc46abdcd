using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Helpdesk.Infrastructure.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ChannelHealth : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "lastdeliveredat",
                table: "channels",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "lastdeliveryerror",
                table: "channels",
                type: "character varying(300)",
                maxLength: 300,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "lastdeliveryerrorat",
                table: "channels",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "lastreceivedat",
                table: "channels",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "lastrejectedat",
                table: "channels",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "lastrejectedreason",
                table: "channels",
                type: "character varying(40)",
                maxLength: 40,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "lastdeliveredat",
                table: "channels");

            migrationBuilder.DropColumn(
                name: "lastdeliveryerror",
                table: "channels");

            migrationBuilder.DropColumn(
                name: "lastdeliveryerrorat",
                table: "channels");

            migrationBuilder.DropColumn(
                name: "lastreceivedat",
                table: "channels");

            migrationBuilder.DropColumn(
                name: "lastrejectedat",
                table: "channels");

            migrationBuilder.DropColumn(
                name: "lastrejectedreason",
                table: "channels");
        }
    }
}
