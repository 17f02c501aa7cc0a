using Dapper;
using SosPost.Gateway.Storage.Postgres;
using SosPost.Gateway.Tests.Support;

namespace SosPost.Gateway.Tests.Storage.Contract;

/// <summary>What only several gateways on one PostgreSQL database need: each plays a gateway with its own connections.</summary>
public sealed class PostgresSeveralGatewaysTests(PostgresServer server) : IClassFixture<PostgresServer>
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly DateTimeOffset T0 = TestAlarms.ReceivedAt;

    [Fact]
    public async Task Two_gateways_taking_due_rows_at_once_never_get_the_same_row()
    {
        await using var first = await PostgresBackend.OpenCleanAsync(server);
        await using var second = new PostgresBackend(server.ConnectionString);
        const int alarms = 60;
        for (var id = 1; id <= alarms; id++)
        {
            await first.Alarms.RecordAsync(TestAlarms.Market42() with { AlarmId = id, ReceivedAt = T0.AddMilliseconds(id) }, ["webhook", "cap"], None);
        }

        // Both gateways take in rounds, each round's two takes running at once, until neither finds a due row.
        // Taking in lockstep makes the two really compete in every round whatever the scheduler does.
        var takenByFirst = new List<long>();
        var takenBySecond = new List<long>();
        while (true)
        {
            var round = await Task.WhenAll(TakeAsync(first), TakeAsync(second));
            if (round[0].Count == 0 && round[1].Count == 0)
            {
                break;
            }

            takenByFirst.AddRange(round[0]);
            takenBySecond.AddRange(round[1]);
        }

        var all = takenByFirst.Concat(takenBySecond).ToList();
        Assert.Equal(alarms * 2, all.Count);
        Assert.Equal(all.Count, all.Distinct().Count());
        Assert.NotEmpty(takenByFirst);
        Assert.NotEmpty(takenBySecond);

        static async Task<List<long>> TakeAsync(StoreBackend gateway) =>
            (await gateway.Outbox.TakeDueAsync(["webhook", "cap"], T0.AddMinutes(1), 3, None)).Select(e => e.OutboxId).ToList();
    }

    [Fact]
    public async Task Two_gateways_answering_one_post_at_once_never_issue_the_same_reply_counter()
    {
        await using var first = await PostgresBackend.OpenCleanAsync(server);
        await using var second = new PostgresBackend(server.ConnectionString);

        var counters = await Task.WhenAll(Enumerable.Range(0, 40).Select(i =>
            Task.Run(() => (i % 2 == 0 ? first : second).PostCounters.NextReplyCounterAsync("MHC-001", T0.AddMilliseconds(i), None))));

        Assert.Equal(40, counters.Distinct().Count());

        // One sequence: the post's 64-counter window takes them all, in whatever order they arrive.
        Assert.Equal(counters.Min() + 39, counters.Max());
    }

    [Fact]
    public async Task A_row_taken_by_a_gateway_that_died_is_taken_by_another_when_its_lease_runs_out()
    {
        await using var dying = await PostgresBackend.OpenCleanAsync(server);
        await using var survivor = new PostgresBackend(server.ConnectionString, outboxLease: TimeSpan.FromSeconds(30));
        await dying.Alarms.RecordAsync(TestAlarms.Market42(), ["webhook"], None);

        var taken = Assert.Single(await dying.Outbox.TakeDueAsync(["webhook"], T0, 10, None));

        // The dying gateway's lease (2 minutes by default) has not run out: nobody else takes the row.
        Assert.Empty(await survivor.Outbox.TakeDueAsync(["webhook"], T0.AddMinutes(2).AddMilliseconds(-1), 10, None));
        var retaken = Assert.Single(await survivor.Outbox.TakeDueAsync(["webhook"], T0.AddMinutes(2), 10, None));
        Assert.Equal((taken.OutboxId, taken.IdempotencyKey, 0), (retaken.OutboxId, retaken.IdempotencyKey, retaken.Attempts));
    }

    [Fact]
    public async Task The_same_alarm_recorded_by_two_gateways_at_once_is_recorded_once()
    {
        await using var first = await PostgresBackend.OpenCleanAsync(server);
        await using var second = new PostgresBackend(server.ConnectionString);

        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(i =>
            Task.Run(() => (i % 2 == 0 ? first : second).Alarms.RecordAsync(TestAlarms.Market42(), ["webhook", "cap"], None))));

        Assert.Single(results, r => r.IsNew);
        Assert.Single(results.Select(r => r.RowId).Distinct());
        await using var connection = await first.OpenAsync();
        Assert.Equal(1, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM alarms"));
        Assert.Equal(2, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM dispatch_outbox"));
    }

    [Fact]
    public async Task Gateways_starting_together_on_an_empty_database_migrate_it_once()
    {
        var connectionString = await server.CreateDatabaseAsync();
        var gateways = Enumerable.Range(0, 4).Select(_ => new PostgresBackend(connectionString)).ToList();
        try
        {
            Assert.All(await Task.WhenAll(gateways.Select(g => Task.Run(() => g.Alarms.PingAsync(None)))), Assert.True);

            await using var connection = await gateways[0].OpenAsync();
            Assert.Equal(Enumerable.Range(1, PostgresSchema.Version), await connection.QueryAsync<int>("SELECT version FROM sospost_schema ORDER BY version"));
        }
        finally
        {
            foreach (var gateway in gateways)
            {
                await gateway.DisposeAsync();
            }
        }
    }
}
