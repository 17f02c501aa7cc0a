namespace SosPost.Gateway.Tests.Storage.Contract;

// The store contracts on SQLite: a fresh temp file per test.
public sealed class SqliteAlarmStoreContract : AlarmStoreContract
{
    protected override Task<StoreBackend> OpenStoreAsync() => SqliteBackend.CreateAsync();
}

public sealed class SqliteDispatchOutboxContract : DispatchOutboxContract
{
    protected override Task<StoreBackend> OpenStoreAsync() => SqliteBackend.CreateAsync();
}

public sealed class SqlitePostStoreContract : PostStoreContract
{
    protected override Task<StoreBackend> OpenStoreAsync() => SqliteBackend.CreateAsync();
}

public sealed class SqliteEventStoreContract : EventStoreContract
{
    protected override Task<StoreBackend> OpenStoreAsync() => SqliteBackend.CreateAsync();
}

public sealed class SqliteSelfTestStoreContract : SelfTestStoreContract
{
    protected override Task<StoreBackend> OpenStoreAsync() => SqliteBackend.CreateAsync();
}

public sealed class SqliteSchemaContract : SchemaContract
{
    protected override Task<StoreBackend> OpenStoreAsync() => SqliteBackend.CreateAsync();
}

public sealed class SqliteAlarmResolutionStoreContract : AlarmResolutionStoreContract
{
    protected override Task<StoreBackend> OpenStoreAsync() => SqliteBackend.CreateAsync();
}

public sealed class SqliteAuditLogContract : AuditLogContract
{
    protected override Task<StoreBackend> OpenStoreAsync() => SqliteBackend.CreateAsync();
}

public sealed class SqliteEscalationStoreContract : EscalationStoreContract
{
    protected override Task<StoreBackend> OpenStoreAsync() => SqliteBackend.CreateAsync();
}

public sealed class SqliteMaintenanceAlertStoreContract : MaintenanceAlertStoreContract
{
    protected override Task<StoreBackend> OpenStoreAsync() => SqliteBackend.CreateAsync();
}

public sealed class SqliteSupervisionStoreContract : SupervisionStoreContract
{
    protected override Task<StoreBackend> OpenStoreAsync() => SqliteBackend.CreateAsync();
}

public sealed class SqliteSelfTestHistoryContract : SelfTestHistoryContract
{
    protected override Task<StoreBackend> OpenStoreAsync() => SqliteBackend.CreateAsync();
}

public sealed class SqliteSnapshotStoreContract : SnapshotStoreContract
{
    protected override Task<StoreBackend> OpenStoreAsync() => SqliteBackend.CreateAsync();
}

public sealed class SqliteLoginFailureStoreContract : LoginFailureStoreContract
{
    protected override Task<StoreBackend> OpenStoreAsync() => SqliteBackend.CreateAsync();
}

public sealed class SqlitePostCounterStoreContract : PostCounterStoreContract
{
    protected override Task<StoreBackend> OpenStoreAsync() => SqliteBackend.CreateAsync();
}
