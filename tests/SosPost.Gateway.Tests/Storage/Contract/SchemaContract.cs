using SosPost.Gateway.Events;

namespace SosPost.Gateway.Tests.Storage.Contract;

/// <summary>Migrations, the same way on every database.</summary>
public abstract class SchemaContract : StoreContract
{
    [Fact]
    public async Task Opening_a_migrated_database_again_changes_nothing()
    {
        var version = await Store.SchemaVersionAsync();
        var tamper = new PostEvent("MHC-001", 1, "tamper", true, 5, null, new DateTimeOffset(2026, 11, 22, 3, 15, 42, 180, TimeSpan.Zero));
        await Store.Events.RecordAsync(tamper, None);

        await using var again = Store.Reopen();

        Assert.Equal([tamper], await again.Events.ListAsync("MHC-001", 10, None));
        Assert.Equal(version, await again.SchemaVersionAsync());
        Assert.True(version > 0);
    }

    [Fact]
    public async Task A_database_written_by_a_newer_gateway_is_refused()
    {
        var newerVersion = await Store.MarkSchemaNewerAsync();
        await using var newer = Store.Reopen();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => newer.Alarms.PingAsync(None));
        Assert.Contains($"schema version {newerVersion}", error.Message, StringComparison.Ordinal);
    }
}
