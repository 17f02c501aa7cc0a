using System.Data.Common;
using SosPost.Gateway.Alarms;
using SosPost.Gateway.Audit;
using SosPost.Gateway.Console;
using SosPost.Gateway.Dispatch;
using SosPost.Gateway.Escalation;
using SosPost.Gateway.Events;
using SosPost.Gateway.Maintenance;
using SosPost.Gateway.Registry;
using SosPost.Gateway.Reports;
using SosPost.Gateway.Security;
using SosPost.Gateway.SelfTests;
using SosPost.Gateway.Snapshots;
using SosPost.Gateway.Supervision;

namespace SosPost.Gateway.Tests.Storage.Contract;

/// <summary>One database of one kind with the gateway's stores on it, for the contract tests.</summary>
public abstract class StoreBackend : IAsyncDisposable
{
    public abstract IAlarmStore Alarms { get; }

    public abstract IDispatchOutbox Outbox { get; }

    public abstract IPostStore Posts { get; }

    public abstract IEventStore Events { get; }

    public abstract ISelfTestStore SelfTests { get; }

    public abstract IAlarmResolutionStore Resolutions { get; }

    public abstract IAuditLog Audit { get; }

    public abstract IEscalationStore Escalation { get; }

    public abstract IMaintenanceAlertStore MaintenanceAlerts { get; }

    public abstract IPostSupervisionStore Supervision { get; }

    public abstract ISelfTestHistory SelfTestHistory { get; }

    public abstract ISnapshotStore Snapshots { get; }

    public abstract ILoginFailureStore LoginFailures { get; }

    public abstract IPostCounterStore PostCounters { get; }

    /// <summary>A raw connection for checks written in SQL both databases accept.</summary>
    public abstract Task<DbConnection> OpenAsync();

    /// <summary>New store objects on the same database, as a restarted gateway has.</summary>
    public abstract StoreBackend Reopen();

    /// <summary>How many migrations the database records.</summary>
    public abstract Task<long> SchemaVersionAsync();

    /// <summary>Records a schema version above the newest this gateway knows, as a newer gateway would; returns it.</summary>
    public abstract Task<long> MarkSchemaNewerAsync();

    public abstract ValueTask DisposeAsync();
}

/// <summary>The base of every contract test class: a fresh, empty store per test.</summary>
public abstract class StoreContract : IAsyncLifetime
{
    protected static readonly CancellationToken None = CancellationToken.None;

    private StoreBackend? _store;

    protected StoreBackend Store => _store ?? throw new InvalidOperationException("The store is opened in InitializeAsync.");

    public async ValueTask InitializeAsync() => _store = await OpenStoreAsync();

    public async ValueTask DisposeAsync()
    {
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>An empty database of the subclass's kind with every migration.</summary>
    protected abstract Task<StoreBackend> OpenStoreAsync();
}
