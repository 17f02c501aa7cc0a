using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;
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
using SosPost.Gateway.Supervision;
using SosPost.Gateway.Tests.Support;

namespace SosPost.Gateway.Tests.Storage.Contract;

/// <summary>The stores on a SQLite file in a temp directory of their own.</summary>
public sealed class SqliteBackend : StoreBackend
{
    private readonly TempDirectory _directory;
    private readonly bool _ownsDirectory;

    private SqliteBackend(TempDirectory directory, bool ownsDirectory)
    {
        _directory = directory;
        _ownsDirectory = ownsDirectory;
        Database = new SqliteDatabase(directory.DatabasePath);
        Alarms = new SqliteAlarmStore(Database);
        Outbox = new SqliteDispatchOutbox(Database);
        Posts = new SqlitePostStore(Database);
        Events = new SqliteEventStore(Database);
        SelfTests = new SqliteSelfTestStore(Database);
        Resolutions = new SqliteAlarmResolutionStore(Database);
        Audit = new SqliteAuditLog(Database);
        Escalation = new SqliteEscalationStore(Database);
        MaintenanceAlerts = new SqliteMaintenanceAlertStore(Database);
        Supervision = new SqliteSupervisionStore(Database);
        SelfTestHistory = new SqliteSelfTestHistory(Database);
        LoginFailures = new SqliteLoginFailureStore(Database);
        Snapshots = new SqliteSnapshotStore(Database);
        PostCounters = new SqlitePostCounterStore(Database, TimeProvider.System);
    }

    public SqliteDatabase Database { get; }

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

    public static Task<StoreBackend> CreateAsync() => Task.FromResult<StoreBackend>(new SqliteBackend(new TempDirectory(), ownsDirectory: true));

    public override async Task<DbConnection> OpenAsync() => await Database.OpenAsync(CancellationToken.None);

    public override StoreBackend Reopen() => new SqliteBackend(_directory, ownsDirectory: false);

    public override async Task<long> SchemaVersionAsync()
    {
        await using var connection = await Database.OpenAsync(CancellationToken.None);
        return await connection.ExecuteScalarAsync<long>("PRAGMA user_version");
    }

    public override async Task<long> MarkSchemaNewerAsync()
    {
        await using var connection = new SqliteConnection($"Data Source={_directory.DatabasePath}");
        await connection.OpenAsync();
        await connection.ExecuteAsync($"PRAGMA user_version = {Schema.Version + 1};");
        return Schema.Version + 1;
    }

    public override ValueTask DisposeAsync()
    {
        if (_ownsDirectory)
        {
            _directory.Dispose();
        }

        return ValueTask.CompletedTask;
    }
}
