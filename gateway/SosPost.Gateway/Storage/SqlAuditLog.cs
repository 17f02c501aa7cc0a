using System.Data.Common;
using Dapper;
using SosPost.Gateway.Audit;

namespace SosPost.Gateway.Storage;

/// <summary><see cref="IAuditLog"/> on SQLite and PostgreSQL alike: the operator actions of every gateway, newest first by id.</summary>
public abstract class SqlAuditLog : IAuditLog
{
    // A typed user name or a note could be anything; the log keeps a bounded amount of it.
    private const int MaxText = 2000;

    private readonly Func<CancellationToken, Task<DbConnection>> _open;
    private readonly StoreDialect _dialect;

    private protected SqlAuditLog(Func<CancellationToken, Task<DbConnection>> open, StoreDialect dialect)
    {
        _open = open;
        _dialect = dialect;
    }

    public async Task RecordAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        await using var connection = await _open(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO audit_log (at, user_name, action, subject, detail) VALUES (@At, @UserName, @Action, @Subject, @Detail)",
            new
            {
                At = _dialect.WriteTime(entry.At),
                UserName = Bounded(entry.UserName),
                entry.Action,
                Subject = Bounded(entry.Subject),
                Detail = Bounded(entry.Detail),
            },
            cancellationToken: cancellationToken));
    }

    public async Task<IReadOnlyList<AuditRecord>> ListAsync(int limit, long? beforeId, CancellationToken cancellationToken)
    {
        await using var connection = await _open(cancellationToken);

        // The cast gives PostgreSQL the parameter's type when it is null; SQLite takes it as it is.
        return await connection.QueryRowsAsync(new CommandDefinition(
            """
            SELECT id AS Id, at AS At, user_name AS UserName, action AS Action, subject AS Subject, detail AS Detail
            FROM audit_log WHERE CAST(@BeforeId AS bigint) IS NULL OR id < @BeforeId ORDER BY id DESC LIMIT @Limit
            """,
            new { Limit = limit, BeforeId = beforeId },
            cancellationToken: cancellationToken),
            _dialect.ReadTime,
            StoreRows.Audit);
    }

    private static string? Bounded(string? text) => text is { Length: > MaxText } ? text[..MaxText] : text;
}
