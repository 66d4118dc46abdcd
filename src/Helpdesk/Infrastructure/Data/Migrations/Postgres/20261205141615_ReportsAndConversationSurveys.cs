using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Helpdesk.Infrastructure.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ReportsAndConversationSurveys : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "afterresolutiondelayminutes",
                table: "surveysettings",
                type: "integer",
                nullable: false,
                defaultValue: 5);

            migrationBuilder.AddColumn<bool>(
                name: "afterresolutionenabled",
                table: "surveysettings",
                type: "boolean",
                nullable: false,
                defaultValue: true);

            migrationBuilder.AlterColumn<long>(
                name: "orderid",
                table: "surveys",
                type: "bigint",
                nullable: true,
                oldClrType: typeof(long),
                oldType: "bigint");

            migrationBuilder.AddColumn<long>(
                name: "agentid",
                table: "surveys",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "conversationid",
                table: "surveys",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "kind",
                table: "surveys",
                type: "character varying(20)",
                maxLength: 20,
                nullable: false,
                defaultValue: "purchase");

            migrationBuilder.AddColumn<DateTime>(
                name: "resolvedat",
                table: "surveys",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "reportdays",
                columns: table => new
                {
                    day = table.Column<DateOnly>(type: "date", nullable: false),
                    builtat = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_reportdays", x => x.day);
                });

            migrationBuilder.CreateTable(
                name: "reportevents",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    conversationid = table.Column<long>(type: "bigint", nullable: false),
                    channelid = table.Column<long>(type: "bigint", nullable: false),
                    customerid = table.Column<long>(type: "bigint", nullable: false),
                    agentid = table.Column<long>(type: "bigint", nullable: true),
                    tier = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    seconds = table.Column<double>(type: "double precision", nullable: true),
                    businessseconds = table.Column<double>(type: "double precision", nullable: true),
                    score = table.Column<int>(type: "integer", nullable: true),
                    surveykind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    surveyid = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_reportevents", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "reportrollups",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    day = table.Column<DateOnly>(type: "date", nullable: false),
                    kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    channelid = table.Column<long>(type: "bigint", nullable: false),
                    agentid = table.Column<long>(type: "bigint", nullable: false),
                    tier = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    surveykind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    count = table.Column<int>(type: "integer", nullable: false),
                    scoresum = table.Column<long>(type: "bigint", nullable: false),
                    satisfied = table.Column<int>(type: "integer", nullable: false),
                    wall = table.Column<string>(type: "text", nullable: false),
                    business = table.Column<string>(type: "text", nullable: false),
                    hours = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_reportrollups", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_surveys_conversationid_resolvedat",
                table: "surveys",
                columns: new[] { "conversationid", "resolvedat" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_orders_placedat_customerid",
                table: "orders",
                columns: new[] { "placedat", "customerid" });

            migrationBuilder.CreateIndex(
                name: "ix_reportevents_conversationid_kind",
                table: "reportevents",
                columns: new[] { "conversationid", "kind" });

            migrationBuilder.CreateIndex(
                name: "ix_reportevents_kind_at",
                table: "reportevents",
                columns: new[] { "kind", "at" });

            migrationBuilder.CreateIndex(
                name: "ix_reportrollups_kind_day_channelid_agentid_tier_surveykind",
                table: "reportrollups",
                columns: new[] { "kind", "day", "channelid", "agentid", "tier", "surveykind" },
                unique: true);

            migrationBuilder.AddForeignKey(
                name: "fk_surveys_conversations_conversationid",
                table: "surveys",
                column: "conversationid",
                principalTable: "conversations",
                principalColumn: "id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_surveys_conversations_conversationid",
                table: "surveys");

            migrationBuilder.DropTable(
                name: "reportdays");

            migrationBuilder.DropTable(
                name: "reportevents");

            migrationBuilder.DropTable(
                name: "reportrollups");

            migrationBuilder.DropIndex(
                name: "ix_surveys_conversationid_resolvedat",
                table: "surveys");

            migrationBuilder.DropIndex(
                name: "ix_orders_placedat_customerid",
                table: "orders");

            migrationBuilder.DropColumn(
                name: "afterresolutiondelayminutes",
                table: "surveysettings");

            migrationBuilder.DropColumn(
                name: "afterresolutionenabled",
                table: "surveysettings");

            migrationBuilder.DropColumn(
                name: "agentid",
                table: "surveys");

            migrationBuilder.DropColumn(
                name: "conversationid",
                table: "surveys");

            migrationBuilder.DropColumn(
                name: "kind",
                table: "surveys");

            migrationBuilder.DropColumn(
                name: "resolvedat",
                table: "surveys");

            migrationBuilder.AlterColumn<long>(
                name: "orderid",
                table: "surveys",
                type: "bigint",
                nullable: false,
                defaultValue: 0L,
                oldClrType: typeof(long),
                oldType: "bigint",
                oldNullable: true);
        }
    }
}
