using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Helpdesk.Infrastructure.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Mentions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "mentions",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    messageid = table.Column<long>(type: "bigint", nullable: false),
                    conversationid = table.Column<long>(type: "bigint", nullable: false),
                    agentid = table.Column<long>(type: "bigint", nullable: false),
                    byagentid = table.Column<long>(type: "bigint", nullable: false),
                    createdat = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    readat = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_mentions", x => x.id);
                    table.ForeignKey(
                        name: "fk_mentions_agents_agentid",
                        column: x => x.agentid,
                        principalTable: "agents",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_mentions_agents_byagentid",
                        column: x => x.byagentid,
                        principalTable: "agents",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_mentions_conversations_conversationid",
                        column: x => x.conversationid,
                        principalTable: "conversations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_mentions_messages_messageid",
                        column: x => x.messageid,
                        principalTable: "messages",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_mentions_agentid_readat_id",
                table: "mentions",
                columns: new[] { "agentid", "readat", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_mentions_byagentid",
                table: "mentions",
                column: "byagentid");

            migrationBuilder.CreateIndex(
                name: "ix_mentions_conversationid",
                table: "mentions",
                column: "conversationid");

            migrationBuilder.CreateIndex(
                name: "ix_mentions_messageid_agentid",
                table: "mentions",
                columns: new[] { "messageid", "agentid" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "mentions");
        }
    }
}
