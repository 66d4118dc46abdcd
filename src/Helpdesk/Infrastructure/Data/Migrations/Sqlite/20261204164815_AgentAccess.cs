using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Helpdesk.Infrastructure.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AgentAccess : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "LockedUntil",
                table: "Agents");

            // Failed sign-ins are counted in memory now (SignInThrottle), per account and address.
            migrationBuilder.DropColumn(
                name: "FailedSignIns",
                table: "Agents");

            migrationBuilder.AddColumn<bool>(
                name: "Disabled",
                table: "Agents",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "SecurityStamp",
                table: "Agents",
                type: "TEXT",
                maxLength: 64,
                nullable: false,
                defaultValue: "");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "SecurityStamp",
                table: "Agents");

            migrationBuilder.DropColumn(
                name: "Disabled",
                table: "Agents");

            migrationBuilder.AddColumn<int>(
                name: "FailedSignIns",
                table: "Agents",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateTime>(
                name: "LockedUntil",
                table: "Agents",
                type: "TEXT",
                nullable: true);
        }
    }
}
