using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Helpdesk.Infrastructure.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ShopperContext : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "browser",
                table: "visitors",
                type: "character varying(40)",
                maxLength: 40,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "contextupdatedat",
                table: "visitors",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "devicekind",
                table: "visitors",
                type: "character varying(16)",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "operatingsystem",
                table: "visitors",
                type: "character varying(40)",
                maxLength: 40,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "pagetitle",
                table: "visitors",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "pageurl",
                table: "visitors",
                type: "character varying(2048)",
                maxLength: 2048,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "referrer",
                table: "visitors",
                type: "character varying(2048)",
                maxLength: 2048,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "browser",
                table: "visitors");

            migrationBuilder.DropColumn(
                name: "contextupdatedat",
                table: "visitors");

            migrationBuilder.DropColumn(
                name: "devicekind",
                table: "visitors");

            migrationBuilder.DropColumn(
                name: "operatingsystem",
                table: "visitors");

            migrationBuilder.DropColumn(
                name: "pagetitle",
                table: "visitors");

            migrationBuilder.DropColumn(
                name: "pageurl",
                table: "visitors");

            migrationBuilder.DropColumn(
                name: "referrer",
                table: "visitors");
        }
    }
}
