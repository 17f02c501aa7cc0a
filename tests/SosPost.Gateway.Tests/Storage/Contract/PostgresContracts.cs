namespace SosPost.Gateway.Tests.Storage.Contract;

// The store contracts on PostgreSQL: a database per test class (PostgresServer), emptied before each test.
public sealed class PostgresAlarmStoreContract(PostgresServer server) : AlarmStoreContract, IClassFixture<PostgresServer>
{
    protected override Task<StoreBackend> OpenStoreAsync() => PostgresBackend.OpenCleanAsync(server);
}

public sealed class PostgresDispatchOutboxContract(PostgresServer server) : DispatchOutboxContract, IClassFixture<PostgresServer>
{
    protected override Task<StoreBackend> OpenStoreAsync() => PostgresBackend.OpenCleanAsync(server);
}

public sealed class PostgresPostStoreContract(PostgresServer server) : PostStoreContract, IClassFixture<PostgresServer>
{
    protected override Task<StoreBackend> OpenStoreAsync() => PostgresBackend.OpenCleanAsync(server);
}

public sealed class PostgresEventStoreContract(PostgresServer server) : EventStoreContract, IClassFixture<PostgresServer>
{
    protected override Task<StoreBackend> OpenStoreAsync() => PostgresBackend.OpenCleanAsync(server);
}

public sealed class PostgresSelfTestStoreContract(PostgresServer server) : SelfTestStoreContract, IClassFixture<PostgresServer>
{
    protected override Task<StoreBackend> OpenStoreAsync() => PostgresBackend.OpenCleanAsync(server);
}

public sealed class PostgresSchemaContract(PostgresServer server) : SchemaContract, IClassFixture<PostgresServer>
{
    protected override Task<StoreBackend> OpenStoreAsync() => PostgresBackend.OpenCleanAsync(server);
}

public sealed class PostgresAlarmResolutionStoreContract(PostgresServer server) : AlarmResolutionStoreContract, IClassFixture<PostgresServer>
{
    protected override Task<StoreBackend> OpenStoreAsync() => PostgresBackend.OpenCleanAsync(server);
}

public sealed class PostgresAuditLogContract(PostgresServer server) : AuditLogContract, IClassFixture<PostgresServer>
{
    protected override Task<StoreBackend> OpenStoreAsync() => PostgresBackend.OpenCleanAsync(server);
}

public sealed class PostgresEscalationStoreContract(PostgresServer server) : EscalationStoreContract, IClassFixture<PostgresServer>
{
    protected override Task<StoreBackend> OpenStoreAsync() => PostgresBackend.OpenCleanAsync(server);
}

public sealed class PostgresMaintenanceAlertStoreContract(PostgresServer server) : MaintenanceAlertStoreContract, IClassFixture<PostgresServer>
{
    protected override Task<StoreBackend> OpenStoreAsync() => PostgresBackend.OpenCleanAsync(server);
}

public sealed class PostgresSupervisionStoreContract(PostgresServer server) : SupervisionStoreContract, IClassFixture<PostgresServer>
{
    protected override Task<StoreBackend> OpenStoreAsync() => PostgresBackend.OpenCleanAsync(server);
}

public sealed class PostgresSelfTestHistoryContract(PostgresServer server) : SelfTestHistoryContract, IClassFixture<PostgresServer>
{
    protected override Task<StoreBackend> OpenStoreAsync() => PostgresBackend.OpenCleanAsync(server);
}

public sealed class PostgresSnapshotStoreContract(PostgresServer server) : SnapshotStoreContract, IClassFixture<PostgresServer>
{
    protected override Task<StoreBackend> OpenStoreAsync() => PostgresBackend.OpenCleanAsync(server);
}

public sealed class PostgresLoginFailureStoreContract(PostgresServer server) : LoginFailureStoreContract, IClassFixture<PostgresServer>
{
    protected override Task<StoreBackend> OpenStoreAsync() => PostgresBackend.OpenCleanAsync(server);
}

public sealed class PostgresPostCounterStoreContract(PostgresServer server) : PostCounterStoreContract, IClassFixture<PostgresServer>
{
    protected override Task<StoreBackend> OpenStoreAsync() => PostgresBackend.OpenCleanAsync(server);
}
