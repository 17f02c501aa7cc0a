using Dapper;
using Microsoft.Data.Sqlite;
using SosPost.Gateway.Storage;
using SosPost.Gateway.Tests.Support;
using SosPost.Protocol;

namespace SosPost.Gateway.Tests.Storage;

public sealed class AlarmStoreTests : IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly TempDirectory _directory = new();
    private readonly SqliteDatabase _database;
    private readonly SqliteAlarmStore _store;

    public AlarmStoreTests()
    {
        _database = new SqliteDatabase(_directory.DatabasePath);
        _store = new SqliteAlarmStore(_database);
    }

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Recording_an_alarm_writes_it_with_one_pending_outbox_row_per_target()
    {
        var result = await _store.RecordAsync(TestAlarms.Market42(), ["webhook", "cap"], None);

        Assert.True(result.IsNew);
        Assert.Equal(AlarmState.Received, result.State);
        Assert.Equal(TestAlarms.ReceivedAt, result.StateAt);

        await using var connection = await _database.OpenAsync(None);
        var alarm = await connection.QuerySingleAsync<(string PostId, long AlarmId, long Presses, string PressedAt, string ReceivedAt, string State)>(
            "SELECT post_id, alarm_id, presses, pressed_at, received_at, state FROM alarms");
        Assert.Equal(("MHC-001", 42L, 1L, "2026-11-22T03:15:42.120Z", "2026-11-22T03:15:42.180Z", "received"), alarm);

        var outbox = (await connection.QueryAsync<(long AlarmRowId, string Target, string Key, string Status, long Attempts, string NextAttemptAt)>(
            "SELECT alarm_row_id, target, idempotency_key, status, attempts, next_attempt_at FROM dispatch_outbox ORDER BY id")).ToList();
        Assert.Equal(
            [
                (result.RowId, "webhook", "MHC-001/42/webhook", "pending", 0L, "2026-11-22T03:15:42.180Z"),
                (result.RowId, "cap", "MHC-001/42/cap", "pending", 0L, "2026-11-22T03:15:42.180Z"),
            ],
            outbox);
    }

    [Fact]
    public async Task An_alarm_whose_outbox_row_cannot_be_written_is_not_recorded_at_all()
    {
        // The second row repeats the first one's idempotency key, so its insert fails inside the transaction.
        await Assert.ThrowsAsync<SqliteException>(() => _store.RecordAsync(TestAlarms.Market42(), ["webhook", "webhook"], None));

        await using var connection = await _database.OpenAsync(None);
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM alarms"));
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM dispatch_outbox"));

        // And the alarm can still be recorded when it is sent again.
        Assert.True((await _store.RecordAsync(TestAlarms.Market42(), ["webhook"], None)).IsNew);
    }

    [Fact]
    public async Task A_resent_alarm_is_recorded_once_and_answered_with_its_current_state()
    {
        var first = await _store.RecordAsync(TestAlarms.Market42(), ["webhook"], None);
        var again = await _store.RecordAsync(TestAlarms.Market42() with { ReceivedAt = TestAlarms.ReceivedAt.AddSeconds(5) }, ["webhook"], None);

        Assert.False(again.IsNew);
        Assert.Equal(first.RowId, again.RowId);
        Assert.Equal(AlarmState.Received, again.State);
        Assert.Equal(TestAlarms.ReceivedAt, again.StateAt);

        var dispatchedAt = TestAlarms.ReceivedAt.AddSeconds(30);
        await _store.AcknowledgeAsync(first.RowId, "dispatcher", dispatchedAt, None);
        var afterAcknowledge = await _store.RecordAsync(TestAlarms.Market42(), ["webhook"], None);
        Assert.Equal((false, AlarmState.Dispatched, dispatchedAt), (afterAcknowledge.IsNew, afterAcknowledge.State, afterAcknowledge.StateAt));

        await using var connection = await _database.OpenAsync(None);
        Assert.Equal(1, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM alarms"));
        Assert.Equal(1, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM dispatch_outbox"));
    }

    [Fact]
    public async Task A_resent_alarm_with_more_presses_raises_the_press_count_and_never_lowers_it()
    {
        await _store.RecordAsync(TestAlarms.Market42(presses: 1), ["webhook"], None);
        await _store.RecordAsync(TestAlarms.Market42(presses: 4), ["webhook"], None);
        await _store.RecordAsync(TestAlarms.Market42(presses: 2), ["webhook"], None);

        var stored = Assert.Single(await _store.ListAsync(10, None));
        Assert.Equal(4, stored.Alarm.Presses);
        Assert.Single(stored.Deliveries);
    }

    [Fact]
    public async Task An_alarm_id_a_replaced_post_board_uses_again_is_recorded_as_a_new_alarm_not_dropped_as_a_resend()
    {
        var old = await _store.RecordAsync(TestAlarms.Market42(), ["webhook"], None);

        // A new board with empty flash counts from 1 again: same post and alarm id, another first press.
        var fresh = await _store.RecordAsync(TestAlarms.Market42() with { UptimeMs = 812 }, ["webhook"], None);

        Assert.True(fresh.IsNew);
        Assert.True(fresh.AlarmIdReused);
        Assert.NotEqual(old.RowId, fresh.RowId);
        Assert.Equal(2, (await _store.ListAsync(10, None)).Count);
        await using var connection = await _database.OpenAsync(None);
        var idempotencyKeys = (await connection.QueryAsync<string>("SELECT idempotency_key FROM dispatch_outbox ORDER BY id")).ToList();
        Assert.Equal(["MHC-001/42/webhook", $"MHC-001/42-{fresh.RowId}/webhook"], idempotencyKeys);
        Assert.False(old.AlarmIdReused);
    }

    [Fact]
    public async Task The_same_alarm_arriving_at_once_on_many_connections_is_recorded_once()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(() => _store.RecordAsync(TestAlarms.Market42(), ["webhook"], None))));

        Assert.Single(results, r => r.IsNew);
        Assert.Single(results.Select(r => r.RowId).Distinct());
    }

    [Fact]
    public async Task Acknowledging_marks_the_alarm_dispatched_once_and_unknown_ids_are_not_found()
    {
        var recorded = await _store.RecordAsync(TestAlarms.Market42(), [], None);
        var at = TestAlarms.ReceivedAt.AddMinutes(1);

        var first = await _store.AcknowledgeAsync(recorded.RowId, "dispatcher", at, None);
        var second = await _store.AcknowledgeAsync(recorded.RowId, "someone-else", at.AddMinutes(1), None);

        Assert.NotNull(first);
        Assert.False(first.AlreadyDispatched);
        Assert.Equal(("MHC-001", 42L, at, "dispatcher"), (first.PostId, first.AlarmId, first.DispatchedAt, first.DispatchedBy));
        Assert.NotNull(second);
        Assert.True(second.AlreadyDispatched);
        Assert.Equal((at, "dispatcher"), (second.DispatchedAt, second.DispatchedBy));
        Assert.Null(await _store.AcknowledgeAsync(recorded.RowId + 1000, "dispatcher", at, None));
    }

    [Fact]
    public async Task Alarms_are_listed_newest_first()
    {
        await _store.RecordAsync(TestAlarms.Market42(), [], None);
        await _store.RecordAsync(TestAlarms.Market42() with { AlarmId = 43, ReceivedAt = TestAlarms.ReceivedAt.AddMinutes(2) }, [], None);
        await _store.RecordAsync(TestAlarms.Market42() with { PostId = "BKK-001", AlarmId = 7, ReceivedAt = TestAlarms.ReceivedAt.AddMinutes(1) }, [], None);

        var listed = await _store.ListAsync(10, None);

        Assert.Equal([43L, 7L, 42L], listed.Select(a => a.Alarm.AlarmId));
    }

    [Fact]
    public async Task The_database_uses_write_ahead_logging()
    {
        await using var connection = await _database.OpenAsync(None);
        Assert.Equal("wal", await connection.ExecuteScalarAsync<string>("PRAGMA journal_mode"));
    }
}
