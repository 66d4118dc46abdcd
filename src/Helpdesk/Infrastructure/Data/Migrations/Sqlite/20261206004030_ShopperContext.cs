using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Helpdesk.Infrastructure.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ShopperContext : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Browser",
                table: "Visitors",
                type: "TEXT",
                maxLength: 40,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "ContextUpdatedAt",
                table: "Visitors",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "DeviceKind",
                table: "Visitors",
                type: "TEXT",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "OperatingSystem",
                table: "Visitors",
                type: "TEXT",
                maxLength: 40,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PageTitle",
                table: "Visitors",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PageUrl",
                table: "Visitors",
                type: "TEXT",
                maxLength: 2048,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Referrer",
                table: "Visitors",
                type: "TEXT",
                maxLength: 2048,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Browser",
                table: "Visitors");

            migrationBuilder.DropColumn(
                name: "ContextUpdatedAt",
                table: "Visitors");

            migrationBuilder.DropColumn(
                name: "DeviceKind",
                table: "Visitors");

            migrationBuilder.DropColumn(
                name: "OperatingSystem",
                table: "Visitors");

            migrationBuilder.DropColumn(
                name: "PageTitle",
                table: "Visitors");

            migrationBuilder.DropColumn(
                name: "PageUrl",
                table: "Visitors");

            migrationBuilder.DropColumn(
                name: "Referrer",
                table: "Visitors");
        }
    }
}
