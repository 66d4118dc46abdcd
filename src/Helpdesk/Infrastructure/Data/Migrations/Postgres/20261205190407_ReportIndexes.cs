using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Helpdesk.Infrastructure.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ReportIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_orders_placedat_customerid",
                table: "orders");

            migrationBuilder.CreateIndex(
                name: "ix_surveys_sentat_kind",
                table: "surveys",
                columns: new[] { "sentat", "kind" });

            migrationBuilder.CreateIndex(
                name: "ix_reportevents_at",
                table: "reportevents",
                column: "at");

            migrationBuilder.CreateIndex(
                name: "ix_orders_placedat_status_customerid",
                table: "orders",
                columns: new[] { "placedat", "status", "customerid" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_surveys_sentat_kind",
                table: "surveys");

            migrationBuilder.DropIndex(
                name: "ix_reportevents_at",
                table: "reportevents");

            migrationBuilder.DropIndex(
                name: "ix_orders_placedat_status_customerid",
                table: "orders");

            migrationBuilder.CreateIndex(
                name: "ix_orders_placedat_customerid",
                table: "orders",
                columns: new[] { "placedat", "customerid" });
        }
    }
}
