using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Helpdesk.Infrastructure.Data.Migrations.Sqlite
{
    /// <summary>
    /// Conversation search (Features/Conversations/Search): FTS5 tables over messages, subjects and one
    /// record per customer, filled from what is stored and kept by triggers in the writing transaction.
    /// unicode61 with remove_diacritics 2 folds case and accents ("pasutijums" finds "pasūtījums"),
    /// keeps letters that are no accented Latin letter ("ø", "æ", "ß") as they are. The prefix indexes
    /// answer a word being typed ("re", "ref") without merging every word it begins. Automatic and
    /// system messages are the same templates in every conversation and are left out.
    /// A later migration that rebuilds one of these tables drops its triggers with it: they must be created again.
    /// </summary>
    public partial class ConversationSearch : Migration
    {
        public const string UpSql = """
            CREATE VIRTUAL TABLE MessageSearch USING fts5(Body, Quoted, content='Messages', content_rowid='Id', tokenize='unicode61 remove_diacritics 2', prefix='2 3');
            INSERT INTO MessageSearch (rowid, Body, Quoted) SELECT Id, Body, Quoted FROM Messages WHERE Sender IN ('customer', 'agent');
            CREATE TRIGGER MessageSearchInsert AFTER INSERT ON Messages WHEN NEW.Sender IN ('customer', 'agent') BEGIN
                INSERT INTO MessageSearch (rowid, Body, Quoted) VALUES (NEW.Id, NEW.Body, NEW.Quoted);
            END;
            CREATE TRIGGER MessageSearchDelete AFTER DELETE ON Messages WHEN OLD.Sender IN ('customer', 'agent') BEGIN
                INSERT INTO MessageSearch (MessageSearch, rowid, Body, Quoted) VALUES ('delete', OLD.Id, OLD.Body, OLD.Quoted);
            END;
            CREATE TRIGGER MessageSearchUpdate AFTER UPDATE OF Body, Quoted ON Messages WHEN NEW.Sender IN ('customer', 'agent') BEGIN
                INSERT INTO MessageSearch (MessageSearch, rowid, Body, Quoted) VALUES ('delete', OLD.Id, OLD.Body, OLD.Quoted);
                INSERT INTO MessageSearch (rowid, Body, Quoted) VALUES (NEW.Id, NEW.Body, NEW.Quoted);
            END;

            CREATE VIRTUAL TABLE SubjectSearch USING fts5(Subject, content='Conversations', content_rowid='Id', tokenize='unicode61 remove_diacritics 2', prefix='2 3');
            INSERT INTO SubjectSearch (SubjectSearch) VALUES ('rebuild');
            CREATE TRIGGER SubjectSearchInsert AFTER INSERT ON Conversations BEGIN
                INSERT INTO SubjectSearch (rowid, Subject) VALUES (NEW.Id, NEW.Subject);
            END;
            CREATE TRIGGER SubjectSearchDelete AFTER DELETE ON Conversations BEGIN
                INSERT INTO SubjectSearch (SubjectSearch, rowid, Subject) VALUES ('delete', OLD.Id, OLD.Subject);
            END;
            CREATE TRIGGER SubjectSearchUpdate AFTER UPDATE OF Subject ON Conversations WHEN OLD.Subject IS NOT NEW.Subject BEGIN
                INSERT INTO SubjectSearch (SubjectSearch, rowid, Subject) VALUES ('delete', OLD.Id, OLD.Subject);
                INSERT INTO SubjectSearch (rowid, Subject) VALUES (NEW.Id, NEW.Subject);
            END;

            -- A customer as an agent would look them up: name, addresses, phone numbers (in full, and their last
            -- 6 digits and more, as typed without the country code) and order numbers.
            CREATE VIEW CustomerSearchSource AS
            SELECT cu.Id AS CustomerId, cu.Name AS Name,
                trim(coalesce(cu.Email, '') || ' ' || coalesce((SELECT group_concat(i.Value, ' ') FROM CustomerIdentities i
                    WHERE i.CustomerId = cu.Id AND i.Kind = 'email' AND i.Value IS NOT cu.Email), '')) AS Emails,
                coalesce((SELECT group_concat(i.Value || ' ' || coalesce((SELECT group_concat(substr(i.Value, -n.Digits), ' ')
                    FROM (SELECT 6 AS Digits UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9 UNION ALL SELECT 10
                          UNION ALL SELECT 11 UNION ALL SELECT 12 UNION ALL SELECT 13 UNION ALL SELECT 14) n
                    WHERE n.Digits < length(i.Value) - 1), ''), ' ')
                    FROM CustomerIdentities i WHERE i.CustomerId = cu.Id AND i.Kind = 'phone'), '') AS Phones,
                coalesce((SELECT group_concat(o.Number, ' ') FROM Orders o WHERE o.CustomerId = cu.Id), '') AS Orders
            FROM Customers cu;
            CREATE VIRTUAL TABLE CustomerSearch USING fts5(Name, Emails, Phones, Orders, tokenize='unicode61 remove_diacritics 2', prefix='2 3');
            INSERT INTO CustomerSearch (rowid, Name, Emails, Phones, Orders) SELECT CustomerId, Name, Emails, Phones, Orders FROM CustomerSearchSource;
            CREATE TRIGGER CustomerSearchInsert AFTER INSERT ON Customers BEGIN
                INSERT INTO CustomerSearch (rowid, Name, Emails, Phones, Orders) SELECT CustomerId, Name, Emails, Phones, Orders FROM CustomerSearchSource WHERE CustomerId = NEW.Id;
            END;
            CREATE TRIGGER CustomerSearchUpdate AFTER UPDATE OF Name, Email ON Customers BEGIN
                DELETE FROM CustomerSearch WHERE rowid = NEW.Id;
                INSERT INTO CustomerSearch (rowid, Name, Emails, Phones, Orders) SELECT CustomerId, Name, Emails, Phones, Orders FROM CustomerSearchSource WHERE CustomerId = NEW.Id;
            END;
            CREATE TRIGGER CustomerSearchDelete AFTER DELETE ON Customers BEGIN
                DELETE FROM CustomerSearch WHERE rowid = OLD.Id;
            END;
            CREATE TRIGGER CustomerSearchIdentityInsert AFTER INSERT ON CustomerIdentities BEGIN
                DELETE FROM CustomerSearch WHERE rowid = NEW.CustomerId;
                INSERT INTO CustomerSearch (rowid, Name, Emails, Phones, Orders) SELECT CustomerId, Name, Emails, Phones, Orders FROM CustomerSearchSource WHERE CustomerId = NEW.CustomerId;
            END;
            CREATE TRIGGER CustomerSearchIdentityUpdate AFTER UPDATE ON CustomerIdentities BEGIN
                DELETE FROM CustomerSearch WHERE rowid IN (OLD.CustomerId, NEW.CustomerId);
                INSERT INTO CustomerSearch (rowid, Name, Emails, Phones, Orders) SELECT CustomerId, Name, Emails, Phones, Orders FROM CustomerSearchSource WHERE CustomerId IN (OLD.CustomerId, NEW.CustomerId);
            END;
            CREATE TRIGGER CustomerSearchIdentityDelete AFTER DELETE ON CustomerIdentities BEGIN
                DELETE FROM CustomerSearch WHERE rowid = OLD.CustomerId;
                INSERT INTO CustomerSearch (rowid, Name, Emails, Phones, Orders) SELECT CustomerId, Name, Emails, Phones, Orders FROM CustomerSearchSource WHERE CustomerId = OLD.CustomerId;
            END;
            CREATE TRIGGER CustomerSearchOrderInsert AFTER INSERT ON Orders BEGIN
                DELETE FROM CustomerSearch WHERE rowid = NEW.CustomerId;
                INSERT INTO CustomerSearch (rowid, Name, Emails, Phones, Orders) SELECT CustomerId, Name, Emails, Phones, Orders FROM CustomerSearchSource WHERE CustomerId = NEW.CustomerId;
            END;
            CREATE TRIGGER CustomerSearchOrderUpdate AFTER UPDATE OF Number, CustomerId ON Orders BEGIN
                DELETE FROM CustomerSearch WHERE rowid IN (OLD.CustomerId, NEW.CustomerId);
                INSERT INTO CustomerSearch (rowid, Name, Emails, Phones, Orders) SELECT CustomerId, Name, Emails, Phones, Orders FROM CustomerSearchSource WHERE CustomerId IN (OLD.CustomerId, NEW.CustomerId);
            END;
            CREATE TRIGGER CustomerSearchOrderDelete AFTER DELETE ON Orders BEGIN
                DELETE FROM CustomerSearch WHERE rowid = OLD.CustomerId;
                INSERT INTO CustomerSearch (rowid, Name, Emails, Phones, Orders) SELECT CustomerId, Name, Emails, Phones, Orders FROM CustomerSearchSource WHERE CustomerId = OLD.CustomerId;
            END;
            """;

        public const string DownSql = """
            DROP TRIGGER CustomerSearchOrderDelete; DROP TRIGGER CustomerSearchOrderUpdate; DROP TRIGGER CustomerSearchOrderInsert;
            DROP TRIGGER CustomerSearchIdentityDelete; DROP TRIGGER CustomerSearchIdentityUpdate; DROP TRIGGER CustomerSearchIdentityInsert;
            DROP TRIGGER CustomerSearchDelete; DROP TRIGGER CustomerSearchUpdate; DROP TRIGGER CustomerSearchInsert;
            DROP TABLE CustomerSearch; DROP VIEW CustomerSearchSource;
            DROP TRIGGER SubjectSearchUpdate; DROP TRIGGER SubjectSearchDelete; DROP TRIGGER SubjectSearchInsert; DROP TABLE SubjectSearch;
            DROP TRIGGER MessageSearchUpdate; DROP TRIGGER MessageSearchDelete; DROP TRIGGER MessageSearchInsert; DROP TABLE MessageSearch;
            """;

        protected override void Up(MigrationBuilder migrationBuilder) => migrationBuilder.Sql(UpSql);

        protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.Sql(DownSql);
    }
}
