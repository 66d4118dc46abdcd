using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Helpdesk.Infrastructure.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class TeamProfiles : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "avatarcolor",
                table: "agents",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "avatarversion",
                table: "agents",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "displayname",
                table: "agents",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "invitationexpiresat",
                table: "agents",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "invitationhash",
                table: "agents",
                type: "bytea",
                maxLength: 32,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "agentavatars",
                columns: table => new
                {
                    agentid = table.Column<long>(type: "bigint", nullable: false),
                    contenttype = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    image = table.Column<byte[]>(type: "bytea", nullable: false),
                    updatedat = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_agentavatars", x => x.agentid);
                    table.ForeignKey(
                        name: "fk_agentavatars_agents_agentid",
                        column: x => x.agentid,
                        principalTable: "agents",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_agents_invitationhash",
                table: "agents",
                column: "invitationhash");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "agentavatars");

            migrationBuilder.DropIndex(
                name: "ix_agents_invitationhash",
                table: "agents");

            migrationBuilder.DropColumn(
                name: "avatarcolor",
                table: "agents");

            migrationBuilder.DropColumn(
                name: "avatarversion",
                table: "agents");

            migrationBuilder.DropColumn(
                name: "displayname",
                table: "agents");

            migrationBuilder.DropColumn(
                name: "invitationexpiresat",
                table: "agents");

            migrationBuilder.DropColumn(
                name: "invitationhash",
                table: "agents");
        }
    }
}
