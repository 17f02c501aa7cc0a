using Dapper;
using SosPost.Gateway.Audit;

namespace SosPost.Gateway.Storage.Postgres;

/// <summary><see cref="IAuditLog"/> in PostgreSQL: the operator actions of every gateway in one log, newest first by id.</summary>
public sealed class PostgresAuditLog(PostgresDatabase database) : IAuditLog
{
    // A typed user name or a note could be anything; the log keeps a bounded amount of it.
    private const int MaxText = 2000;

    public async Task RecordAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO audit_log (at, user_name, action, subject, detail) VALUES (@At, @UserName, @Action, @Subject, @Detail)",
            new
            {
                At = PgTime.Of(entry.At),
                UserName = Bounded(entry.UserName),
                entry.Action,
                Subject = Bounded(entry.Subject),
                Detail = Bounded(entry.Detail),
            },
            cancellationToken: cancellationToken));
    }

    public async Task<IReadOnlyList<AuditRecord>> ListAsync(int limit, long? beforeId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QueryRowsAsync(new CommandDefinition(
            """
            SELECT id AS Id, at AS At, user_name AS UserName, action AS Action, subject AS Subject, detail AS Detail
            FROM audit_log WHERE CAST(@BeforeId AS bigint) IS NULL OR id < @BeforeId ORDER BY id DESC LIMIT @Limit
            """,
            new { Limit = limit, BeforeId = beforeId },
            cancellationToken: cancellationToken),
            StoreRows.PostgresTime,
            StoreRows.Audit);
    }

    private static string? Bounded(string? text) => text is { Length: > MaxText } ? text[..MaxText] : text;
}
