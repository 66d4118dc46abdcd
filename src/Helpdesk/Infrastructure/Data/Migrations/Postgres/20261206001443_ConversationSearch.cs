using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Helpdesk.Infrastructure.Data.Migrations.Postgres
{
    /// <summary>
    /// Conversation search (Features/Conversations/Search) on PostgreSQL: a text search configuration
    /// that is 'simple' with unaccent (case and accents folded, "ß" as "ss", no stemming or stop words of
    /// one language), GIN indexes over message bodies and subjects, and one record per customer of name,
    /// addresses, phone numbers and order numbers, filled from what is stored and kept by triggers.
    /// Punctuation is made a space first, so that "anna@example.com" and "SO-1042" are words as SQLite's
    /// tokenizer sees them. Automatic and system messages are the same templates everywhere and are left out.
    /// </summary>
    public partial class ConversationSearch : Migration
    {
        public const string UpSql = """
            CREATE EXTENSION IF NOT EXISTS unaccent;
            CREATE TEXT SEARCH CONFIGURATION helpdesk_search (COPY = simple);
            ALTER TEXT SEARCH CONFIGURATION helpdesk_search ALTER MAPPING FOR asciiword, word, numword, asciihword, hword, numhword, hword_part, hword_asciipart, hword_numpart WITH unaccent, simple;
            CREATE FUNCTION helpdesk_search_vector(text) RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE
                RETURN to_tsvector('helpdesk_search'::regconfig, regexp_replace(coalesce($1, ''), '[[:punct:][:space:]]+', ' ', 'g'));
            CREATE FUNCTION helpdesk_message_vector(body text, quoted text) RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE
                RETURN setweight(helpdesk_search_vector(body), 'A') || setweight(helpdesk_search_vector(quoted), 'D');

            CREATE INDEX ix_messages_search ON messages USING gin (helpdesk_message_vector(body, quoted)) WHERE sender IN ('customer', 'agent');
            CREATE INDEX ix_conversations_search ON conversations USING gin (helpdesk_search_vector(subject));

            -- A customer as an agent would look them up: name, addresses, phone numbers (in full, and their last
            -- 6 digits and more, as typed without the country code) and order numbers.
            CREATE VIEW customersearchsource AS
            SELECT cu.id AS customerid, cu.name,
                concat_ws(' ', cu.email, (SELECT string_agg(i.value, ' ') FROM customeridentities i
                    WHERE i.customerid = cu.id AND i.kind = 'email' AND i.value IS DISTINCT FROM cu.email)) AS emails,
                coalesce((SELECT string_agg(concat_ws(' ', i.value,
                        (SELECT string_agg(right(i.value, n), ' ') FROM generate_series(6, length(i.value) - 2) n)), ' ')
                    FROM customeridentities i WHERE i.customerid = cu.id AND i.kind = 'phone'), '') AS phones,
                coalesce((SELECT string_agg(o.number, ' ') FROM orders o WHERE o.customerid = cu.id), '') AS orders
            FROM customers cu;
            CREATE TABLE customersearch (
                customerid bigint PRIMARY KEY, name text NOT NULL, emails text NOT NULL, phones text NOT NULL, orders text NOT NULL,
                document tsvector GENERATED ALWAYS AS (
                    helpdesk_search_vector(name) || helpdesk_search_vector(emails) || helpdesk_search_vector(phones) || helpdesk_search_vector(orders)) STORED);
            CREATE INDEX ix_customersearch_document ON customersearch USING gin (document);
            INSERT INTO customersearch (customerid, name, emails, phones, orders) SELECT customerid, name, emails, phones, orders FROM customersearchsource;

            CREATE FUNCTION refresh_customer_search(customer bigint) RETURNS void LANGUAGE sql AS $$
                DELETE FROM customersearch WHERE customerid = customer AND NOT EXISTS (SELECT 1 FROM customers WHERE id = customer);
                INSERT INTO customersearch (customerid, name, emails, phones, orders)
                SELECT customerid, name, emails, phones, orders FROM customersearchsource WHERE customerid = customer
                ON CONFLICT (customerid) DO UPDATE SET name = excluded.name, emails = excluded.emails, phones = excluded.phones, orders = excluded.orders;
            $$;
            CREATE FUNCTION customer_search_changed() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF TG_TABLE_NAME = 'customers' THEN
                    IF TG_OP = 'DELETE' THEN PERFORM refresh_customer_search(OLD.id); ELSE PERFORM refresh_customer_search(NEW.id); END IF;
                ELSE
                    IF TG_OP <> 'INSERT' THEN PERFORM refresh_customer_search(OLD.customerid); END IF;
                    IF TG_OP <> 'DELETE' THEN PERFORM refresh_customer_search(NEW.customerid); END IF;
                END IF;
                RETURN NULL;
            END $$;
            CREATE TRIGGER customers_search AFTER INSERT OR DELETE OR UPDATE OF name, email ON customers
                FOR EACH ROW EXECUTE FUNCTION customer_search_changed();
            CREATE TRIGGER customeridentities_search AFTER INSERT OR DELETE OR UPDATE ON customeridentities
                FOR EACH ROW EXECUTE FUNCTION customer_search_changed();
            CREATE TRIGGER orders_search AFTER INSERT OR DELETE OR UPDATE OF number, customerid ON orders
                FOR EACH ROW EXECUTE FUNCTION customer_search_changed();
            """;

        public const string DownSql = """
            DROP TRIGGER orders_search ON orders; DROP TRIGGER customeridentities_search ON customeridentities; DROP TRIGGER customers_search ON customers;
            DROP FUNCTION customer_search_changed(); DROP FUNCTION refresh_customer_search(bigint);
            DROP TABLE customersearch; DROP VIEW customersearchsource;
            DROP INDEX ix_conversations_search; DROP INDEX ix_messages_search;
            DROP FUNCTION helpdesk_message_vector(text, text); DROP FUNCTION helpdesk_search_vector(text);
            DROP TEXT SEARCH CONFIGURATION helpdesk_search;
            """;

        protected override void Up(MigrationBuilder migrationBuilder) => migrationBuilder.Sql(UpSql);

        protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.Sql(DownSql);
    }
}
