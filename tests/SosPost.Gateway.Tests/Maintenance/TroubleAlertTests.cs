using SosPost.Gateway.Tests.Support;
using SosPost.Protocol;

namespace SosPost.Gateway.Tests.Maintenance;

/// <summary>Trouble events become maintenance alerts, opened and cleared by the post's latest event of each type.</summary>
public sealed class TroubleAlertTests : IAsyncLifetime
{
    private const string PostId = "MHC-001";
    private readonly TempDirectory _directory = new();
    private ClockedGateway _gateway = null!;

    public async ValueTask InitializeAsync() => _gateway = await ClockedGateway.StartAsync(_directory);

    public async ValueTask DisposeAsync()
    {
        await _gateway.DisposeAsync();
        _directory.Dispose();
    }

    [Fact]
    public async Task A_trouble_raises_one_alert_and_its_restore_clears_it()
    {
        var raisedAt = _gateway.Clock.GetUtcNow();
        await _gateway.EventAsync(PostId, 17, TroubleType.Tamper, active: true);
        await _gateway.EventAsync(PostId, 17, TroubleType.Tamper, active: true); // re-sent

        var open = Assert.Single((await _gateway.GetJsonAsync("/api/maintenance?open=true")).EnumerateArray());
        Assert.Equal((PostId, "Mahachai Market north gate", "tamper", "event:17"), (open.GetProperty("postId").GetString(), open.GetProperty("postName").GetString(), open.GetProperty("type").GetString(), open.GetProperty("source").GetString()));
        Assert.Equal(raisedAt, open.GetProperty("raisedAt").GetDateTimeOffset());

        _gateway.Clock.Advance(TimeSpan.FromMinutes(3));
        await _gateway.EventAsync(PostId, 18, TroubleType.Tamper, active: false);

        Assert.Empty((await _gateway.GetJsonAsync("/api/maintenance?open=true")).EnumerateArray());
        var cleared = Assert.Single((await _gateway.GetJsonAsync("/api/maintenance")).EnumerateArray());
        Assert.Equal(("event:18", false), (cleared.GetProperty("clearedBy").GetString(), cleared.GetProperty("open").GetBoolean()));
        Assert.Equal(raisedAt + TimeSpan.FromMinutes(3), cleared.GetProperty("clearedAt").GetDateTimeOffset());
        Assert.Contains("sospost_maintenance_alerts_total{type=\"tamper\"} 1\n", await _gateway.MetricsAsync(), StringComparison.Ordinal);
        _gateway.App.Logs.AssertNoErrors();
    }

    [Fact]
    public async Task Events_count_by_event_id_so_a_raise_that_arrives_after_its_restore_opens_nothing()
    {
        await _gateway.EventAsync(PostId, 21, TroubleType.BatteryLow, active: false);
        await _gateway.EventAsync(PostId, 20, TroubleType.BatteryLow, active: true);
        await _gateway.EventAsync(PostId, 22, TroubleType.Mains, active: true);
        await _gateway.EventAsync(PostId, 23, TroubleType.Lamp, active: true);
        await _gateway.EventAsync(PostId, 24, TroubleType.StuckButton, active: true);
        await _gateway.EventAsync(PostId, 25, "door-forced", active: true); // a type from a newer post

        var open = (await _gateway.GetJsonAsync("/api/maintenance?open=true")).EnumerateArray().Select(a => a.GetProperty("type").GetString()).Order(StringComparer.Ordinal);
        Assert.Equal(["door-forced", "lamp", "mains", "stuck-button"], open);
        var metrics = await _gateway.MetricsAsync();
        Assert.DoesNotContain("type=\"battery-low\"", metrics, StringComparison.Ordinal);
        Assert.Contains("sospost_maintenance_alerts_total{type=\"other\"} 1\n", metrics, StringComparison.Ordinal);
        Assert.Contains("sospost_maintenance_alerts_total{type=\"stuck-button\"} 1\n", metrics, StringComparison.Ordinal);
    }
}
