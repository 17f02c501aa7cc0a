using System.Data.Common;
using System.Globalization;
using Dapper;
using SosPost.Gateway.Audit;
using SosPost.Gateway.Events;
using SosPost.Gateway.Maintenance;
using SosPost.Gateway.Registry;
using SosPost.Gateway.SelfTests;

namespace SosPost.Gateway.Storage;

/// <summary>How a provider keeps a time: SQLite as text (<see cref="UtcTime"/>), PostgreSQL as timestamptz (<see cref="Postgres.PgTime"/>).</summary>
internal delegate DateTimeOffset ReadTime(DbDataReader reader, int ordinal);

/// <summary>
/// One column-by-name view of the current row. Integers and flags read alike from both providers
/// (SQLite keeps flags as 0/1 integers, PostgreSQL as booleans); only times differ, through <see cref="ReadTime"/>.
/// </summary>
internal readonly struct StoreRow(DbDataReader reader, ReadTime readTime)
{
    public string Text(string column) => reader.GetString(reader.GetOrdinal(column));

    public string? TextOrNull(string column) =>
        reader.GetOrdinal(column) is var i && reader.IsDBNull(i) ? null : reader.GetString(i);

    public long Long(string column) => Convert.ToInt64(reader.GetValue(reader.GetOrdinal(column)), CultureInfo.InvariantCulture);

    public long? LongOrNull(string column) =>
        reader.GetOrdinal(column) is var i && reader.IsDBNull(i) ? null : Convert.ToInt64(reader.GetValue(i), CultureInfo.InvariantCulture);

    public bool Flag(string column) => Convert.ToBoolean(reader.GetValue(reader.GetOrdinal(column)), CultureInfo.InvariantCulture);

    public DateTimeOffset Time(string column) => readTime(reader, reader.GetOrdinal(column));

    public DateTimeOffset? TimeOrNull(string column) =>
        reader.GetOrdinal(column) is var i && reader.IsDBNull(i) ? null : readTime(reader, i);
}

/// <summary>
/// The mapping of query rows (columns named as the records' members) to records, shared by the SQLite
/// and PostgreSQL stores so both read a row the same way.
/// </summary>
internal static class StoreRows
{
    /// <summary>The columns of a <see cref="SelfTests.SelfTestReport"/> from <c>selftests</c>, for <see cref="SelfTest"/>.</summary>
    public const string SelfTestColumns = """
        post_id AS PostId, test_id AS TestId, started_by AS Trigger, ok AS Ok, lamp AS Lamp, camera AS Camera,
        link AS Link, storage AS Storage, link_rtt_ms AS LinkRttMs, uptime_ms AS UptimeMs, at AS At,
        received_at AS ReceivedAt
        """;

    /// <summary>A post's presence and last health from <c>posts_online</c>, for <see cref="Presence"/>.</summary>
    public const string PresenceSelect = """
        SELECT post_id AS PostId, online AS Online, firmware AS Firmware, last_seen AS LastSeen, uptime_ms AS UptimeMs,
               uptime_at AS UptimeAt, config_hash AS ConfigHash, link AS Link, rssi_dbm AS RssiDbm, mains AS Mains,
               battery_mv AS BatteryMv, tamper AS Tamper, lamp AS Lamp, free_mem AS FreeMem, reset_reason AS ResetReason,
               outbox AS Outbox, refused AS Refused, health_at AS HealthAt
        FROM posts_online
        """;

    public static readonly ReadTime SqliteTime = (reader, i) => UtcTime.Parse(reader.GetString(i));

    public static readonly ReadTime PostgresTime = (reader, i) => Postgres.PgTime.Read(reader.GetDateTime(i));

    /// <summary>Runs the query and maps every row it returns.</summary>
    public static async Task<List<T>> QueryRowsAsync<T>(
        this DbConnection connection, CommandDefinition command, ReadTime readTime, Func<StoreRow, T> map)
    {
        await using var reader = await connection.ExecuteReaderAsync(command);
        var row = new StoreRow(reader, readTime);
        var rows = new List<T>();
        while (await reader.ReadAsync(command.CancellationToken))
        {
            rows.Add(map(row));
        }

        return rows;
    }

    /// <summary>The one row the query returns (as an UPDATE or INSERT ... RETURNING), or null when none.</summary>
    public static async Task<T?> QuerySingleRowOrDefaultAsync<T>(
        this DbConnection connection, CommandDefinition command, ReadTime readTime, Func<StoreRow, T> map)
        where T : class =>
        (await connection.QueryRowsAsync(command, readTime, map)).SingleOrDefault();

    public static PostEvent Event(StoreRow row) => new(
        row.Text("PostId"),
        row.Long("EventId"),
        row.Text("Type"),
        row.Flag("Active"),
        row.Long("UptimeMs"),
        row.TimeOrNull("At"),
        row.Time("ReceivedAt"));

    public static SelfTestReport SelfTest(StoreRow row) => new(
        row.Text("PostId"),
        row.Text("TestId"),
        row.Text("Trigger"),
        row.Flag("Ok"),
        row.Text("Lamp"),
        row.Text("Camera"),
        row.Text("Link"),
        row.Text("Storage"),
        row.LongOrNull("LinkRttMs"),
        row.Long("UptimeMs"),
        row.TimeOrNull("At"),
        row.Time("ReceivedAt"));

    public static MaintenanceAlert MaintenanceAlert(StoreRow row) => new(
        row.Long("Id"),
        row.Text("PostId"),
        row.Text("Type"),
        row.Text("Source"),
        row.Time("RaisedAt"),
        row.TimeOrNull("ClearedAt"),
        row.TextOrNull("ClearedBy"));

    public static AuditRecord Audit(StoreRow row) => new(
        row.Long("Id"),
        row.Time("At"),
        row.Text("UserName"),
        row.Text("Action"),
        row.TextOrNull("Subject"),
        row.TextOrNull("Detail"));

    public static PostPresence Presence(StoreRow row) => new(
        row.Text("PostId"),
        row.Flag("Online"),
        row.TextOrNull("Firmware"),
        row.TimeOrNull("LastSeen"),
        row.LongOrNull("UptimeMs"),
        row.TimeOrNull("UptimeAt"),
        row.TextOrNull("ConfigHash"),
        Health(row));

    /// <summary>Null until the post's first health report; the report's columns are written together.</summary>
    private static PostHealth? Health(StoreRow row) => row.TimeOrNull("HealthAt") is not { } reportedAt
        ? null
        : new PostHealth(
            row.Text("Link"),
            (int?)row.LongOrNull("RssiDbm"),
            row.Flag("Mains"),
            (int)row.Long("BatteryMv"),
            row.Flag("Tamper"),
            row.Text("Lamp"),
            row.Long("FreeMem"),
            row.Text("ResetReason"),
            (int)row.Long("Outbox"),
            reportedAt,
            row.LongOrNull("Refused"));
}
