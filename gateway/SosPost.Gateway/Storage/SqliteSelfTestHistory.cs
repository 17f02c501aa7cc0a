using Dapper;
using SosPost.Gateway.Reports;
using SosPost.Gateway.SelfTests;

namespace SosPost.Gateway.Storage;

public sealed class SqliteSelfTestHistory(SqliteDatabase database) : ISelfTestHistory
{
    public async Task<IReadOnlyList<SelfTestReport>> LastPassedAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QueryRowsAsync(new CommandDefinition(
            $"""
            SELECT {StoreRows.SelfTestColumns}
            FROM (
                SELECT s.*, ROW_NUMBER() OVER (PARTITION BY post_id ORDER BY received_at DESC, id DESC) AS newest
                FROM selftests s WHERE ok = 1)
            WHERE newest = 1
            ORDER BY post_id
            """,
            cancellationToken: cancellationToken),
            StoreRows.SqliteTime,
            StoreRows.SelfTest);
    }
}
