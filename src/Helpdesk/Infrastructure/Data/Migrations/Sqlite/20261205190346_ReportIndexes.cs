using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Helpdesk.Infrastructure.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ReportIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Orders_PlacedAt_CustomerId",
                table: "Orders");

            migrationBuilder.CreateIndex(
                name: "IX_Surveys_SentAt_Kind",
                table: "Surveys",
                columns: new[] { "SentAt", "Kind" });

            migrationBuilder.CreateIndex(
                name: "IX_ReportEvents_At",
                table: "ReportEvents",
                column: "At");

            migrationBuilder.CreateIndex(
                name: "IX_Orders_PlacedAt_Status_CustomerId",
                table: "Orders",
                columns: new[] { "PlacedAt", "Status", "CustomerId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Surveys_SentAt_Kind",
                table: "Surveys");

            migrationBuilder.DropIndex(
                name: "IX_ReportEvents_At",
                table: "ReportEvents");

            migrationBuilder.DropIndex(
                name: "IX_Orders_PlacedAt_Status_CustomerId",
                table: "Orders");

            migrationBuilder.CreateIndex(
                name: "IX_Orders_PlacedAt_CustomerId",
                table: "Orders",
                columns: new[] { "PlacedAt", "CustomerId" });
        }
    }
}
