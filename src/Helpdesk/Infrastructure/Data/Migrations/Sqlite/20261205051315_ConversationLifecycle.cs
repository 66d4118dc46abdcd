using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Helpdesk.Infrastructure.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ConversationLifecycle : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<decimal>(
                name: "PriorityValue",
                table: "Conversations",
                type: "TEXT",
                nullable: false,
                defaultValue: 0m);

            migrationBuilder.AddColumn<string>(
                name: "PriorityCurrency",
                table: "Conversations",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "PriorityOrderCount",
                table: "Conversations",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateTime>(
                name: "SnoozedUntil",
                table: "Conversations",
                type: "TEXT",
                nullable: true);

            // The priority's reason was English text; it is now the facts it was worded from, taken
            // from each conversation's customer as they stand (before the drop, which rebuilds the table).
            migrationBuilder.Sql("""
                UPDATE Conversations SET
                    PriorityOrderCount = (SELECT c.OrderCount FROM Customers c WHERE c.Id = Conversations.CustomerId),
                    PriorityValue = (SELECT c.LifetimeValue FROM Customers c WHERE c.Id = Conversations.CustomerId),
                    PriorityCurrency = (SELECT c.Currency FROM Customers c WHERE c.Id = Conversations.CustomerId)
                """);

            migrationBuilder.DropColumn(
                name: "PriorityReason",
                table: "Conversations");

            migrationBuilder.CreateIndex(
                name: "IX_Conversations_Status_SnoozedUntil",
                table: "Conversations",
                columns: new[] { "Status", "SnoozedUntil" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Conversations_Status_SnoozedUntil",
                table: "Conversations");

            migrationBuilder.DropColumn(
                name: "PriorityCurrency",
                table: "Conversations");

            migrationBuilder.DropColumn(
                name: "PriorityOrderCount",
                table: "Conversations");

            migrationBuilder.DropColumn(
                name: "SnoozedUntil",
                table: "Conversations");

            migrationBuilder.DropColumn(
                name: "PriorityValue",
                table: "Conversations");

            migrationBuilder.AddColumn<string>(
                name: "PriorityReason",
                table: "Conversations",
                type: "TEXT",
                nullable: false,
                defaultValue: "");
        }
    }
}
