using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Helpdesk.Infrastructure.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ShopperVerification : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "ClaimedCustomerId",
                table: "Visitors",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "VerificationFailures",
                table: "Visitors",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateTime>(
                name: "VerificationLockedUntil",
                table: "Visitors",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "VerifiedAt",
                table: "Visitors",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "VerifiedBy",
                table: "Visitors",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "TrackingJson",
                table: "Orders",
                type: "TEXT",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "OrderNumber",
                table: "Messages",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "CustomerVerified",
                table: "Conversations",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<DateTime>(
                name: "VerificationRequestedAt",
                table: "Conversations",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "VerificationCodes",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    VisitorId = table.Column<long>(type: "INTEGER", nullable: false),
                    Email = table.Column<string>(type: "TEXT", maxLength: 320, nullable: false),
                    Salt = table.Column<byte[]>(type: "BLOB", nullable: false),
                    Hash = table.Column<byte[]>(type: "BLOB", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ExpiresAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UsedAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_VerificationCodes", x => x.Id);
                    table.ForeignKey(
                        name: "FK_VerificationCodes_Visitors_VisitorId",
                        column: x => x.VisitorId,
                        principalTable: "Visitors",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Visitors_ClaimedCustomerId",
                table: "Visitors",
                column: "ClaimedCustomerId");

            migrationBuilder.CreateIndex(
                name: "IX_VerificationCodes_Email_CreatedAt",
                table: "VerificationCodes",
                columns: new[] { "Email", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_VerificationCodes_VisitorId_CreatedAt",
                table: "VerificationCodes",
                columns: new[] { "VisitorId", "CreatedAt" });

            // Run before the foreign key is added: on SQLite that key rebuilds Visitors, and statements written
            // while a rebuild is pending run against a table about to be replaced (EF Core warns, 30200).
            // Existing visitors signed in by their store are proven; so is every conversation whose
            // channel vouches for its customer (Messenger, marketplaces, a mail its relay did not refute, a signed-in chat).
            migrationBuilder.Sql("""
                UPDATE Visitors SET VerifiedAt = LastSeenAt, VerifiedBy = 'store-login'
                WHERE CustomerId IN (SELECT CustomerId FROM CustomerIdentities WHERE Kind IN ('store-customer-id', 'widget-verified-id'));
                UPDATE Conversations SET CustomerVerified = 1
                WHERE ChannelId IN (SELECT Id FROM Channels WHERE Kind IN ('messenger', 'marketplace'))
                   OR (ChannelId IN (SELECT Id FROM Channels WHERE Kind = 'email')
                       AND NOT EXISTS (SELECT 1 FROM Messages m WHERE m.ConversationId = Conversations.Id AND m.Sender = 'customer' AND m.SenderProof = 'unproven'))
                   OR VisitorId IN (SELECT Id FROM Visitors WHERE VerifiedAt IS NOT NULL);
                """);

            migrationBuilder.AddForeignKey(
                name: "FK_Visitors_Customers_ClaimedCustomerId",
                table: "Visitors",
                column: "ClaimedCustomerId",
                principalTable: "Customers",
                principalColumn: "Id",
                onDelete: ReferentialAction.SetNull);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Visitors_Customers_ClaimedCustomerId",
                table: "Visitors");

            migrationBuilder.DropTable(
                name: "VerificationCodes");

            migrationBuilder.DropIndex(
                name: "IX_Visitors_ClaimedCustomerId",
                table: "Visitors");

            migrationBuilder.DropColumn(
                name: "ClaimedCustomerId",
                table: "Visitors");

            migrationBuilder.DropColumn(
                name: "VerificationFailures",
                table: "Visitors");

            migrationBuilder.DropColumn(
                name: "VerificationLockedUntil",
                table: "Visitors");

            migrationBuilder.DropColumn(
                name: "VerifiedAt",
                table: "Visitors");

            migrationBuilder.DropColumn(
                name: "VerifiedBy",
                table: "Visitors");

            migrationBuilder.DropColumn(
                name: "TrackingJson",
                table: "Orders");

            migrationBuilder.DropColumn(
                name: "OrderNumber",
                table: "Messages");

            migrationBuilder.DropColumn(
                name: "CustomerVerified",
                table: "Conversations");

            migrationBuilder.DropColumn(
                name: "VerificationRequestedAt",
                table: "Conversations");
        }
    }
}
