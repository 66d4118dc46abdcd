using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Helpdesk.Infrastructure.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "agents",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    email = table.Column<string>(type: "character varying(320)", maxLength: 320, nullable: false),
                    passwordhash = table.Column<string>(type: "text", nullable: false),
                    role = table.Column<string>(type: "text", nullable: false),
                    chatcapacity = table.Column<int>(type: "integer", nullable: false),
                    disabled = table.Column<bool>(type: "boolean", nullable: false),
                    securitystamp = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    createdat = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_agents", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "cannedresponses",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    shortcut = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    title = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    locale = table.Column<string>(type: "character varying(35)", maxLength: 35, nullable: false),
                    body = table.Column<string>(type: "text", nullable: false),
                    purpose = table.Column<string>(type: "text", nullable: false),
                    updatedat = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_cannedresponses", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "channels",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    kind = table.Column<string>(type: "text", nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    secret = table.Column<string>(type: "text", nullable: true),
                    publickey = table.Column<string>(type: "text", nullable: true),
                    settingsjson = table.Column<string>(type: "text", nullable: false),
                    createdat = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_channels", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "customers",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    name = table.Column<string>(type: "text", nullable: false),
                    email = table.Column<string>(type: "text", nullable: true),
                    locale = table.Column<string>(type: "text", nullable: true),
                    timezone = table.Column<string>(type: "text", nullable: true),
                    createdat = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    tier = table.Column<string>(type: "text", nullable: false),
                    ordercount = table.Column<int>(type: "integer", nullable: false),
                    lifetimevalue = table.Column<decimal>(type: "numeric", nullable: false),
                    currency = table.Column<string>(type: "text", nullable: true),
                    lastorderat = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    surveysunsubscribedat = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_customers", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "dataprotectionkeys",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    friendlyname = table.Column<string>(type: "text", nullable: true),
                    xml = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_dataprotectionkeys", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "surveysettings",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false),
                    enabled = table.Column<bool>(type: "boolean", nullable: false),
                    trigger = table.Column<string>(type: "text", nullable: false),
                    delayhours = table.Column<int>(type: "integer", nullable: false),
                    cooldowndays = table.Column<int>(type: "integer", nullable: false),
                    lowscorethreshold = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_surveysettings", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "webhookreceipts",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    channelid = table.Column<long>(type: "bigint", nullable: false),
                    deliveryid = table.Column<string>(type: "text", nullable: false),
                    receivedat = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_webhookreceipts", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "channelhours",
                columns: table => new
                {
                    channelid = table.Column<long>(type: "bigint", nullable: false),
                    json = table.Column<string>(type: "text", nullable: false),
                    updatedat = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_channelhours", x => x.channelid);
                    table.ForeignKey(
                        name: "fk_channelhours_channels_channelid",
                        column: x => x.channelid,
                        principalTable: "channels",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "customeridentities",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    customerid = table.Column<long>(type: "bigint", nullable: false),
                    kind = table.Column<string>(type: "text", nullable: false),
                    value = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_customeridentities", x => x.id);
                    table.ForeignKey(
                        name: "fk_customeridentities_customers_customerid",
                        column: x => x.customerid,
                        principalTable: "customers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "orders",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    channelid = table.Column<long>(type: "bigint", nullable: false),
                    externalid = table.Column<string>(type: "text", nullable: false),
                    number = table.Column<string>(type: "text", nullable: false),
                    customerid = table.Column<long>(type: "bigint", nullable: false),
                    placedat = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    fulfilledat = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    deliveredat = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    status = table.Column<string>(type: "text", nullable: false),
                    total = table.Column<decimal>(type: "numeric", nullable: false),
                    currency = table.Column<string>(type: "text", nullable: false),
                    linesjson = table.Column<string>(type: "text", nullable: false),
                    trackingjson = table.Column<string>(type: "text", nullable: false),
                    updatedat = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    sourceupdatedat = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_orders", x => x.id);
                    table.ForeignKey(
                        name: "fk_orders_channels_channelid",
                        column: x => x.channelid,
                        principalTable: "channels",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_orders_customers_customerid",
                        column: x => x.customerid,
                        principalTable: "customers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "visitors",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    channelid = table.Column<long>(type: "bigint", nullable: false),
                    customerid = table.Column<long>(type: "bigint", nullable: false),
                    createdat = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    lastseenat = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    address = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    revokedat = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    verifiedat = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    verifiedby = table.Column<string>(type: "text", nullable: true),
                    claimedcustomerid = table.Column<long>(type: "bigint", nullable: true),
                    verificationfailures = table.Column<int>(type: "integer", nullable: false),
                    verificationlockeduntil = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_visitors", x => x.id);
                    table.ForeignKey(
                        name: "fk_visitors_channels_channelid",
                        column: x => x.channelid,
                        principalTable: "channels",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_visitors_customers_claimedcustomerid",
                        column: x => x.claimedcustomerid,
                        principalTable: "customers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "fk_visitors_customers_customerid",
                        column: x => x.customerid,
                        principalTable: "customers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "conversations",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    channelid = table.Column<long>(type: "bigint", nullable: false),
                    customerid = table.Column<long>(type: "bigint", nullable: false),
                    visitorid = table.Column<long>(type: "bigint", nullable: true),
                    customerverified = table.Column<bool>(type: "boolean", nullable: false),
                    verificationrequestedat = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    subject = table.Column<string>(type: "text", nullable: false),
                    status = table.Column<string>(type: "text", nullable: false),
                    assigneeid = table.Column<long>(type: "bigint", nullable: true),
                    tier = table.Column<string>(type: "text", nullable: false),
                    dueat = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    priorityordercount = table.Column<int>(type: "integer", nullable: false),
                    priorityvalue = table.Column<decimal>(type: "numeric", nullable: false),
                    prioritycurrency = table.Column<string>(type: "text", nullable: true),
                    pinneddueat = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    pinreason = table.Column<string>(type: "text", nullable: true),
                    waitingsince = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    createdat = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    lastmessageat = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    lastmessagepreview = table.Column<string>(type: "text", nullable: false),
                    firstresponseat = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    resolvedat = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    snoozeduntil = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    threadid = table.Column<string>(type: "text", nullable: true),
                    contactaddress = table.Column<string>(type: "text", nullable: true),
                    agentreaduptoid = table.Column<long>(type: "bigint", nullable: false),
                    customerreaduptoid = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_conversations", x => x.id);
                    table.ForeignKey(
                        name: "fk_conversations_agents_assigneeid",
                        column: x => x.assigneeid,
                        principalTable: "agents",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "fk_conversations_channels_channelid",
                        column: x => x.channelid,
                        principalTable: "channels",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_conversations_customers_customerid",
                        column: x => x.customerid,
                        principalTable: "customers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_conversations_visitors_visitorid",
                        column: x => x.visitorid,
                        principalTable: "visitors",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "verificationcodes",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    visitorid = table.Column<long>(type: "bigint", nullable: false),
                    email = table.Column<string>(type: "character varying(320)", maxLength: 320, nullable: false),
                    salt = table.Column<byte[]>(type: "bytea", nullable: false),
                    hash = table.Column<byte[]>(type: "bytea", nullable: false),
                    createdat = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    expiresat = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    usedat = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_verificationcodes", x => x.id);
                    table.ForeignKey(
                        name: "fk_verificationcodes_visitors_visitorid",
                        column: x => x.visitorid,
                        principalTable: "visitors",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "messages",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    conversationid = table.Column<long>(type: "bigint", nullable: false),
                    sender = table.Column<string>(type: "text", nullable: false),
                    agentid = table.Column<long>(type: "bigint", nullable: true),
                    authorname = table.Column<string>(type: "text", nullable: true),
                    body = table.Column<string>(type: "text", nullable: false),
                    isprivate = table.Column<bool>(type: "boolean", nullable: false),
                    clientmessageid = table.Column<string>(type: "text", nullable: true),
                    providermessageid = table.Column<string>(type: "text", nullable: true),
                    channelid = table.Column<long>(type: "bigint", nullable: false),
                    createdat = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    quoted = table.Column<string>(type: "text", nullable: true),
                    replyto = table.Column<string>(type: "text", nullable: true),
                    senderproof = table.Column<string>(type: "text", nullable: true),
                    ordernumber = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_messages", x => x.id);
                    table.ForeignKey(
                        name: "fk_messages_conversations_conversationid",
                        column: x => x.conversationid,
                        principalTable: "conversations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "surveys",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    orderid = table.Column<long>(type: "bigint", nullable: false),
                    customerid = table.Column<long>(type: "bigint", nullable: false),
                    token = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    status = table.Column<string>(type: "text", nullable: false),
                    scheduledfor = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    dueat = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    lockedby = table.Column<string>(type: "text", nullable: true),
                    lockeduntil = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    attempts = table.Column<int>(type: "integer", nullable: false),
                    channel = table.Column<string>(type: "text", nullable: true),
                    invitationconversationid = table.Column<long>(type: "bigint", nullable: true),
                    locale = table.Column<string>(type: "text", nullable: true),
                    sentat = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    skipreason = table.Column<string>(type: "text", nullable: true),
                    answeredat = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    updatedat = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    score = table.Column<int>(type: "integer", nullable: true),
                    nps = table.Column<int>(type: "integer", nullable: true),
                    comment = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    followupconversationid = table.Column<long>(type: "bigint", nullable: true),
                    createdat = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_surveys", x => x.id);
                    table.ForeignKey(
                        name: "fk_surveys_conversations_followupconversationid",
                        column: x => x.followupconversationid,
                        principalTable: "conversations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_surveys_conversations_invitationconversationid",
                        column: x => x.invitationconversationid,
                        principalTable: "conversations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_surveys_customers_customerid",
                        column: x => x.customerid,
                        principalTable: "customers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_surveys_orders_orderid",
                        column: x => x.orderid,
                        principalTable: "orders",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "attachments",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    messageid = table.Column<long>(type: "bigint", nullable: false),
                    filename = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    contenttype = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    size = table.Column<long>(type: "bigint", nullable: false),
                    inline = table.Column<bool>(type: "boolean", nullable: false),
                    content = table.Column<byte[]>(type: "bytea", nullable: true),
                    url = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_attachments", x => x.id);
                    table.ForeignKey(
                        name: "fk_attachments_messages_messageid",
                        column: x => x.messageid,
                        principalTable: "messages",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "outbox",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    messageid = table.Column<long>(type: "bigint", nullable: false),
                    conversationid = table.Column<long>(type: "bigint", nullable: false),
                    channelid = table.Column<long>(type: "bigint", nullable: false),
                    status = table.Column<string>(type: "text", nullable: false),
                    attempts = table.Column<int>(type: "integer", nullable: false),
                    nextattemptat = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    lockedby = table.Column<string>(type: "text", nullable: true),
                    lockeduntil = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    lasterror = table.Column<string>(type: "text", nullable: true),
                    sentat = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    createdat = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_outbox", x => x.id);
                    table.ForeignKey(
                        name: "fk_outbox_messages_messageid",
                        column: x => x.messageid,
                        principalTable: "messages",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_agents_email",
                table: "agents",
                column: "email",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_attachments_messageid",
                table: "attachments",
                column: "messageid");

            migrationBuilder.CreateIndex(
                name: "ix_cannedresponses_shortcut_locale",
                table: "cannedresponses",
                columns: new[] { "shortcut", "locale" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_channels_publickey",
                table: "channels",
                column: "publickey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_conversations_assigneeid",
                table: "conversations",
                column: "assigneeid");

            migrationBuilder.CreateIndex(
                name: "ix_conversations_channelid_threadid",
                table: "conversations",
                columns: new[] { "channelid", "threadid" },
                unique: true,
                filter: "ThreadId IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_conversations_customerid_status",
                table: "conversations",
                columns: new[] { "customerid", "status" });

            migrationBuilder.CreateIndex(
                name: "ix_conversations_status_assigneeid_channelid_dueat",
                table: "conversations",
                columns: new[] { "status", "assigneeid", "channelid", "dueat" });

            migrationBuilder.CreateIndex(
                name: "ix_conversations_status_assigneeid_dueat",
                table: "conversations",
                columns: new[] { "status", "assigneeid", "dueat" });

            migrationBuilder.CreateIndex(
                name: "ix_conversations_status_dueat",
                table: "conversations",
                columns: new[] { "status", "dueat" });

            migrationBuilder.CreateIndex(
                name: "ix_conversations_status_snoozeduntil",
                table: "conversations",
                columns: new[] { "status", "snoozeduntil" });

            migrationBuilder.CreateIndex(
                name: "ix_conversations_visitorid_id",
                table: "conversations",
                columns: new[] { "visitorid", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_customeridentities_customerid",
                table: "customeridentities",
                column: "customerid");

            migrationBuilder.CreateIndex(
                name: "ix_customeridentities_kind_value",
                table: "customeridentities",
                columns: new[] { "kind", "value" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_messages_channelid_providermessageid",
                table: "messages",
                columns: new[] { "channelid", "providermessageid" },
                unique: true,
                filter: "ProviderMessageId IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_messages_conversationid_id",
                table: "messages",
                columns: new[] { "conversationid", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_messages_conversationid_sender_clientmessageid",
                table: "messages",
                columns: new[] { "conversationid", "sender", "clientmessageid" },
                unique: true,
                filter: "ClientMessageId IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_orders_channelid_externalid",
                table: "orders",
                columns: new[] { "channelid", "externalid" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_orders_customerid_placedat",
                table: "orders",
                columns: new[] { "customerid", "placedat" });

            migrationBuilder.CreateIndex(
                name: "ix_outbox_messageid",
                table: "outbox",
                column: "messageid",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_outbox_status_nextattemptat",
                table: "outbox",
                columns: new[] { "status", "nextattemptat" });

            migrationBuilder.CreateIndex(
                name: "ix_surveys_customerid_sentat",
                table: "surveys",
                columns: new[] { "customerid", "sentat" });

            migrationBuilder.CreateIndex(
                name: "ix_surveys_followupconversationid",
                table: "surveys",
                column: "followupconversationid");

            migrationBuilder.CreateIndex(
                name: "ix_surveys_invitationconversationid",
                table: "surveys",
                column: "invitationconversationid");

            migrationBuilder.CreateIndex(
                name: "ix_surveys_orderid",
                table: "surveys",
                column: "orderid",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_surveys_sentat",
                table: "surveys",
                column: "sentat");

            migrationBuilder.CreateIndex(
                name: "ix_surveys_status_dueat",
                table: "surveys",
                columns: new[] { "status", "dueat" });

            migrationBuilder.CreateIndex(
                name: "ix_surveys_token",
                table: "surveys",
                column: "token",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_verificationcodes_email_createdat",
                table: "verificationcodes",
                columns: new[] { "email", "createdat" });

            migrationBuilder.CreateIndex(
                name: "ix_verificationcodes_visitorid_createdat",
                table: "verificationcodes",
                columns: new[] { "visitorid", "createdat" });

            migrationBuilder.CreateIndex(
                name: "ix_visitors_channelid",
                table: "visitors",
                column: "channelid");

            migrationBuilder.CreateIndex(
                name: "ix_visitors_claimedcustomerid",
                table: "visitors",
                column: "claimedcustomerid");

            migrationBuilder.CreateIndex(
                name: "ix_visitors_customerid",
                table: "visitors",
                column: "customerid");

            migrationBuilder.CreateIndex(
                name: "ix_webhookreceipts_channelid_deliveryid",
                table: "webhookreceipts",
                columns: new[] { "channelid", "deliveryid" },
                unique: true);

            // Every helpdesk starts with good texts and survey settings, as SQLite's migrations give it.
            var shipped = new DateTime(2026, 11, 23, 0, 0, 0, DateTimeKind.Utc);
            foreach (var text in Features.CannedResponses.DefaultCannedResponses.All.Concat(Features.CannedResponses.DefaultSurveyInvitations.All))
                migrationBuilder.InsertData(
                    table: "cannedresponses",
                    columns: new[] { "shortcut", "title", "locale", "body", "purpose", "updatedat" },
                    values: new object[] { text.Shortcut, text.Title, text.Locale, text.Body, text.Purpose, shipped });
            migrationBuilder.InsertData(
                table: "surveysettings",
                columns: new[] { "id", "enabled", "trigger", "delayhours", "cooldowndays", "lowscorethreshold" },
                values: new object[] { 1L, true, "delivered", 24, 30, 2 });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "attachments");

            migrationBuilder.DropTable(
                name: "cannedresponses");

            migrationBuilder.DropTable(
                name: "channelhours");

            migrationBuilder.DropTable(
                name: "customeridentities");

            migrationBuilder.DropTable(
                name: "dataprotectionkeys");

            migrationBuilder.DropTable(
                name: "outbox");

            migrationBuilder.DropTable(
                name: "surveys");

            migrationBuilder.DropTable(
                name: "surveysettings");

            migrationBuilder.DropTable(
                name: "verificationcodes");

            migrationBuilder.DropTable(
                name: "webhookreceipts");

            migrationBuilder.DropTable(
                name: "messages");

            migrationBuilder.DropTable(
                name: "orders");

            migrationBuilder.DropTable(
                name: "conversations");

            migrationBuilder.DropTable(
                name: "agents");

            migrationBuilder.DropTable(
                name: "visitors");

            migrationBuilder.DropTable(
                name: "channels");

            migrationBuilder.DropTable(
                name: "customers");
        }
    }
}
