using System.Data.Common;
using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;
using SosPost.Gateway.Alarms;
using SosPost.Gateway.Audit;
using SosPost.Gateway.Console;
using SosPost.Gateway.Dispatch;
using SosPost.Gateway.Escalation;
using SosPost.Gateway.Events;
using SosPost.Gateway.Maintenance;
using SosPost.Gateway.Registry;
using SosPost.Gateway.Reports;
using SosPost.Gateway.SelfTests;
using SosPost.Gateway.Security;
using SosPost.Gateway.Snapshots;
using SosPost.Gateway.Storage;
using SosPost.Gateway.Storage.Postgres;
using SosPost.Gateway.Supervision;

namespace SosPost.Gateway.Tests.Storage.Contract;

/// <summary>The stores on a PostgreSQL database; one per gateway when a test plays several.</summary>
public sealed class PostgresBackend : StoreBackend
{
    private readonly string _connectionString;

    public PostgresBackend(string connectionString, TimeSpan? outboxLease = null)
    {
        _connectionString = connectionString;
        Database = new PostgresDatabase(connectionString);
        Alarms = new PostgresAlarmStore(Database);
        Outbox = new PostgresDispatchOutbox(Database, Options.Create(new StoreOptions { OutboxLease = outboxLease ?? TimeSpan.FromMinutes(2) }));
        Posts = new PostgresPostStore(Database);
        Events = new PostgresEventStore(Database);
        SelfTests = new PostgresSelfTestStore(Database);
        Resolutions = new PostgresAlarmResolutionStore(Database);
        Audit = new PostgresAuditLog(Database);
        Escalation = new PostgresEscalationStore(Database);
        MaintenanceAlerts = new PostgresMaintenanceAlertStore(Database);
        Supervision = new PostgresSupervisionStore(Database);
        SelfTestHistory = new PostgresSelfTestHistory(Database);
        LoginFailures = new PostgresLoginFailureStore(Database);
        Snapshots = new PostgresSnapshotStore(Database);
        PostCounters = new PostgresPostCounterStore(Database, TimeProvider.System);
    }

    public PostgresDatabase Database { get; }

    public override IAlarmStore Alarms { get; }

    public override IDispatchOutbox Outbox { get; }

    public override IPostStore Posts { get; }

    public override IEventStore Events { get; }

    public override ISelfTestStore SelfTests { get; }

    public override IAlarmResolutionStore Resolutions { get; }

    public override IAuditLog Audit { get; }

    public override IEscalationStore Escalation { get; }

    public override IMaintenanceAlertStore MaintenanceAlerts { get; }

    public override IPostSupervisionStore Supervision { get; }

    public override ISelfTestHistory SelfTestHistory { get; }

    public override ISnapshotStore Snapshots { get; }

    public override ILoginFailureStore LoginFailures { get; }

    public override IPostCounterStore PostCounters { get; }

    /// <summary>The class's database, migrated and emptied, so each test starts as on a new database.</summary>
    public static async Task<StoreBackend> OpenCleanAsync(PostgresServer server)
    {
        server.SkipUnlessAvailable();
        var backend = new PostgresBackend(server.ConnectionString);
        await using var connection = await backend.Database.OpenAsync(CancellationToken.None);
        await connection.ExecuteAsync($"TRUNCATE {string.Join(", ", PostgresSchema.Tables)} RESTART IDENTITY CASCADE");
        return backend;
    }

    public override async Task<DbConnection> OpenAsync() => await Database.OpenAsync(CancellationToken.None);

    public override StoreBackend Reopen() => new PostgresBackend(_connectionString);

    public override async Task<long> SchemaVersionAsync()
    {
        await using var connection = await Database.OpenAsync(CancellationToken.None);
        return await connection.ExecuteScalarAsync<long>("SELECT MAX(version) FROM sospost_schema");
    }

    public override async Task<long> MarkSchemaNewerAsync()
    {
        await using var connection = await Database.OpenAsync(CancellationToken.None);
        await connection.ExecuteAsync("INSERT INTO sospost_schema (version) VALUES (@Version)", new { Version = PostgresSchema.Version + 1 });
        return PostgresSchema.Version + 1;
    }

    public override async ValueTask DisposeAsync()
    {
        // The class's next test shares this database: take back a newer version a test recorded.
        await using (var connection = new NpgsqlConnection(_connectionString))
        {
            await connection.OpenAsync();
            await connection.ExecuteAsync("DELETE FROM sospost_schema WHERE version > @Version", new { Version = PostgresSchema.Version });
        }

        await Database.DisposeAsync();
    }
}
