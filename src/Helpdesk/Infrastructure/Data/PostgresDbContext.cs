using Microsoft.EntityFrameworkCore.Design;

namespace Helpdesk.Infrastructure.Data;

/// <summary>
/// The helpdesk's model on PostgreSQL: the same entities and indexes, with its own migrations
/// (Migrations/Postgres) generated from that one model. Every table, column, key and index is named
/// in lower case, as PostgreSQL folds unquoted names, so the few hand-written statements
/// (<see cref="RawSql"/>) read the same on both databases without quoting a name.
/// </summary>
public sealed class PostgresDbContext(DbContextOptions<PostgresDbContext> options) : HelpdeskDbContext(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        base.ConfigureConventions(configurationBuilder);
        // PostgreSQL's text cannot hold the NUL character, which SQLite stores and no reader wants:
        // it is left out of every string written or compared, as RawSql.Bind does for its own statements.
        configurationBuilder.Properties<string>().HaveConversion<WithoutNul>();
    }

    private sealed class WithoutNul() : Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter<string, string>(
        v => RawSql.WithoutNul(v), v => v);

    protected override void OnModelCreating(ModelBuilder b)
    {
        base.OnModelCreating(b);
        foreach (var entity in b.Model.GetEntityTypes())
        {
            entity.SetTableName(entity.GetTableName()!.ToLowerInvariant());
            foreach (var property in entity.GetProperties())
                property.SetColumnName(property.GetColumnName().ToLowerInvariant());
            foreach (var key in entity.GetKeys())
                key.SetName(key.GetName()!.ToLowerInvariant());
            foreach (var foreignKey in entity.GetForeignKeys())
                foreignKey.SetConstraintName(foreignKey.GetConstraintName()!.ToLowerInvariant());
            foreach (var index in entity.GetIndexes())
                index.SetDatabaseName(index.GetDatabaseName()!.ToLowerInvariant());
        }
    }

    /// <summary>For `dotnet ef migrations add … --context PostgresDbContext`: the model only, no server needed.</summary>
    public sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresDbContext>
    {
        public PostgresDbContext CreateDbContext(string[] args) =>
            new(new DbContextOptionsBuilder<PostgresDbContext>().UseNpgsql("Host=localhost;Database=helpdesk").Options);
    }
}
