using Dapper;
using SosPost.Gateway.Alarms;
using SosPost.Gateway.Maintenance;
using SosPost.Gateway.Snapshots;
using SosPost.Gateway.Supervision;
using SosPost.Gateway.Tests.Support;

namespace SosPost.Gateway.Tests.Storage.Contract;

/// <summary>
/// Two gateways on one PostgreSQL database doing the same feature step at once (escalation, supervision,
/// maintenance alerts, resolutions, camera pictures): each thing happens once.
/// </summary>
public sealed class PostgresSeveralGatewaysFeatureTests(PostgresServer server) : IClassFixture<PostgresServer>
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly DateTimeOffset T0 = TestAlarms.ReceivedAt;

    [Fact]
    public async Task Two_gateways_escalating_at_once_escalate_each_alarm_once()
    {
        await using var first = await PostgresBackend.OpenCleanAsync(server);
        await using var second = new PostgresBackend(server.ConnectionString);
        const int alarms = 40;
        for (var id = 1; id <= alarms; id++)
        {
            await first.Alarms.RecordAsync(TestAlarms.Market42() with { AlarmId = id, ReceivedAt = T0.AddMilliseconds(id) }, [], None);
        }

        var escalated = await Task.WhenAll(EscalateAllAsync(first), EscalateAllAsync(second));

        var ids = escalated.SelectMany(e => e).ToList();
        Assert.Equal(alarms, ids.Count);
        Assert.Equal(alarms, ids.Distinct().Count());
        Assert.Equal(alarms, await ScalarAsync(first, "SELECT COUNT(*) FROM dispatch_outbox WHERE target = 'escalation'"));

        static async Task<List<long>> EscalateAllAsync(StoreBackend gateway)
        {
            var ids = new List<long>();
            while ((await gateway.Escalation.EscalateDueAsync(T0.AddMinutes(1), T0.AddMinutes(3), "escalation", 3, None)) is { Count: > 0 } batch)
            {
                ids.AddRange(batch.Select(a => a.Id));
                await Task.Yield();
            }

            return ids;
        }
    }

    [Fact]
    public async Task A_picture_stored_on_one_gateway_while_another_marks_the_delivery_gives_exactly_one_follow_up()
    {
        await using var first = await PostgresBackend.OpenCleanAsync(server);
        await using var second = new PostgresBackend(server.ConnectionString);
        const int alarms = 80;
        var rows = new List<(long AlarmRowId, long OutboxId)>();
        for (var id = 1; id <= alarms; id++)
        {
            var alarm = await first.Alarms.RecordAsync(TestAlarms.Market42() with { AlarmId = id }, ["webhook"], None);
            rows.Add((alarm.RowId, Assert.Single(await first.Outbox.TakeDueAsync(["webhook"], T0, 1, None)).OutboxId));
        }

        // Whichever of the two commits second must see the first: without that, neither adds the follow-up.
        await RacePairsAsync(
            rows,
            row => first.Snapshots.SaveAsync(row.AlarmRowId, new SnapshotImage([0xFF, 0xD8, 0xFF, 0xD9], "image/jpeg", T0.AddSeconds(1)), 1, ["webhook"], None),
            row => second.Snapshots.MarkDeliveredWithoutSnapshotAsync(row.OutboxId, 1, T0.AddSeconds(1), None));

        Assert.Equal(alarms, await ScalarAsync(first, "SELECT COUNT(DISTINCT alarm_row_id) FROM dispatch_outbox WHERE kind = 'snapshot'"));
        Assert.Equal(alarms, await ScalarAsync(first, "SELECT COUNT(*) FROM dispatch_outbox WHERE kind = 'snapshot'"));
    }

    [Fact]
    public async Task Two_gateways_raising_the_same_alert_at_once_open_it_once()
    {
        await using var first = await PostgresBackend.OpenCleanAsync(server);
        await using var second = new PostgresBackend(server.ConnectionString);
        var posts = Enumerable.Range(1, 30).Select(i => $"MHC-{i:000}").ToList();

        var raised = new System.Collections.Concurrent.ConcurrentBag<MaintenanceAlert?>();

        await RacePairsAsync(
            posts,
            async post => raised.Add(await first.MaintenanceAlerts.RaiseAsync(new NewMaintenanceAlert(post, "tamper", "event:1", T0), None)),
            async post => raised.Add(await second.MaintenanceAlerts.RaiseAsync(new NewMaintenanceAlert(post, "tamper", "event:1", T0), None)));

        Assert.Equal(posts.Count, raised.Count(a => a is not null));
        Assert.Equal(posts.Count, (await first.MaintenanceAlerts.ListAsync(openOnly: true, 100, None)).Count);
    }

    [Fact]
    public async Task Two_gateways_supervising_at_once_mark_each_silent_post_once_and_end_a_spell_once()
    {
        await using var first = await PostgresBackend.OpenCleanAsync(server);
        await using var second = new PostgresBackend(server.ConnectionString);
        for (var i = 1; i <= 30; i++)
        {
            await first.Supervision.MarkHeardAsync($"MHC-{i:000}", T0, None);
        }

        var silent = await Task.WhenAll(
            Task.Run(() => first.Supervision.MarkSilentAsync(T0.AddMinutes(1), T0.AddMinutes(2), None)),
            Task.Run(() => second.Supervision.MarkSilentAsync(T0.AddMinutes(1), T0.AddMinutes(2), None)));

        Assert.Equal(30, silent.Sum(s => s.Count));
        Assert.All(silent.SelectMany(s => s), post => Assert.True(post.AlertRaised));
        var ended = await Task.WhenAll(
            Task.Run(() => first.Supervision.MarkHeardAsync("MHC-001", T0.AddMinutes(3), None)),
            Task.Run(() => second.Supervision.MarkHeardAsync("MHC-001", T0.AddMinutes(3), None)));
        Assert.Equal([OfflineReason.MissedHeartbeats], ended.Where(s => s is not null).Select(s => s!.Reason));
    }

    [Fact]
    public async Task Two_dispatchers_resolving_one_alarm_at_once_store_one_resolution()
    {
        await using var first = await PostgresBackend.OpenCleanAsync(server);
        await using var second = new PostgresBackend(server.ConnectionString);
        var alarm = await first.Alarms.RecordAsync(TestAlarms.Market42(), [], None);
        await first.Alarms.AcknowledgeAsync(alarm.RowId, "anna", T0.AddSeconds(5), None);

        var results = await Task.WhenAll(
            Task.Run(() => first.Resolutions.ResolveAsync(alarm.RowId, new AlarmResolution(AlarmOutcome.Real, null, "anna", T0.AddMinutes(1)), None)),
            Task.Run(() => second.Resolutions.ResolveAsync(alarm.RowId, new AlarmResolution(AlarmOutcome.Prank, null, "bert", T0.AddMinutes(1)), None)));

        Assert.Equal([ResolveOutcome.Resolved, ResolveOutcome.AlreadyResolved], results.Select(r => r.Outcome).Order());
        Assert.Equal(results[0].Resolution, results[1].Resolution);
    }

    /// <summary>Runs <paramref name="first"/> and <paramref name="second"/> of each item at the same time, a few items at once (the server's connections are few).</summary>
    private static Task RacePairsAsync<T>(IEnumerable<T> items, Func<T, Task> first, Func<T, Task> second) =>
        Parallel.ForEachAsync(
            items,
            new ParallelOptions { MaxDegreeOfParallelism = 8 },
            async (item, cancellationToken) => await Task.WhenAll(Task.Run(() => first(item), cancellationToken), Task.Run(() => second(item), cancellationToken)));

    private static async Task<long> ScalarAsync(StoreBackend store, string sql)
    {
        await using var connection = await store.OpenAsync();
        return await connection.ExecuteScalarAsync<long>(sql);
    }
}
