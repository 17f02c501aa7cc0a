using SosPost.Protocol;
using SosPost.Testing;

namespace SosPost.Simulator.Tests;

/// <summary>
/// The troubles a technician drives from the command line (cabinet, lamp, mains, battery, held button),
/// seen by the gateway stand-in on a real Mosquitto.
/// </summary>
public sealed class PostInputTests
{
    // The simulator runs the core's default limits: a button is stuck after 30 s.
    private static readonly TimeSpan CoreLimitTimeout = TimeSpan.FromSeconds(60);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Opening_the_cabinet_raises_tamper_at_the_gateway_and_closing_it_restores_it()
    {
        await using var rig = await SimulatorRig.StartAsync(Ct);
        await rig.StartSimulatorAsync(withStateDir: false, Ct);

        var open = await rig.CliAsync("tamper", "MHC-001", "--open");

        Assert.Equal(0, open.Code);
        Assert.StartsWith("MHC-001 beacon Idle", open.Output, StringComparison.Ordinal);
        await Eventually.WaitUntilAsync(() => rig.EventsOf("MHC-001").Any(e => e is { Type: TroubleType.Tamper, Active: true }), SimulatorRig.Timeout, "the gateway gets the tamper event", Ct);
        var raised = await rig.WaitForStatusAsync("MHC-001", s => s.Troubles is [TroubleType.Tamper] && s.PendingEvents == 0, SimulatorRig.Timeout, "the acknowledged tamper event leaves the outbox", Ct);
        Assert.Equal([TroubleType.Tamper], raised.Troubles);

        Assert.Equal(0, (await rig.CliAsync("tamper", "MHC-001", "--closed")).Code);
        await Eventually.WaitUntilAsync(() => rig.EventsOf("MHC-001").Any(e => e is { Type: TroubleType.Tamper, Active: false }), SimulatorRig.Timeout, "the gateway gets the restore", Ct);
        await rig.WaitForStatusAsync("MHC-001", s => s.Troubles is [] && s.PendingEvents == 0, SimulatorRig.Timeout, "no trouble left and nothing pending", Ct);
        Assert.Empty(rig.EventsOf("MHC-002"));

        Assert.Equal(0, await rig.StopSimulatorAsync());
        var output = rig.OutputText;
        Assert.Contains("MHC-001 trouble tamper raised", output, StringComparison.Ordinal);
        Assert.Contains("MHC-001 trouble tamper restored", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failed_lamp_raises_a_lamp_event_and_a_new_lamp_restores_it()
    {
        await using var rig = await SimulatorRig.StartAsync(Ct);
        await rig.StartSimulatorAsync(withStateDir: false, Ct);

        // The idle blip (50 ms every 5 s, the first 20 ms not looked at) sums 200 ms of dark lit time only in
        // about a minute; an unanswered alarm keeps the beacon flashing "Sending", which shows it in a second.
        Assert.Equal(0, (await rig.CliAsync("lamp", "MHC-002", "--failed")).Code);
        Assert.Equal(0, (await rig.CliAsync("press", "MHC-002")).Code);

        await Eventually.WaitUntilAsync(() => rig.EventsOf("MHC-002").Any(e => e is { Type: TroubleType.Lamp, Active: true }), SimulatorRig.Timeout, "the gateway gets the lamp event", Ct);
        await rig.WaitForStatusAsync("MHC-002", s => s.Troubles is [TroubleType.Lamp], SimulatorRig.Timeout, "the post lists the lamp trouble", Ct);

        Assert.Equal(0, (await rig.CliAsync("lamp", "MHC-002", "--ok")).Code);
        await Eventually.WaitUntilAsync(() => rig.EventsOf("MHC-002").Any(e => e is { Type: TroubleType.Lamp, Active: false }), SimulatorRig.Timeout, "the gateway gets the lamp restore", Ct);
    }

    [Fact]
    public async Task Lost_mains_and_a_low_battery_are_raised_and_restored()
    {
        await using var rig = await SimulatorRig.StartAsync(Ct);
        await rig.StartSimulatorAsync(withStateDir: false, Ct);

        Assert.Equal(0, (await rig.CliAsync("mains", "MHC-001", "--lost")).Code);
        Assert.Equal(0, (await rig.CliAsync("battery", "MHC-001", "--mv", "11200")).Code);
        await rig.WaitForStatusAsync("MHC-001", s => s.Troubles is [TroubleType.Mains, TroubleType.BatteryLow], SimulatorRig.Timeout, "mains and battery troubles are open", Ct);
        await Eventually.WaitUntilAsync(
            () => rig.EventsOf("MHC-001") is var events && events.Any(e => e is { Type: TroubleType.Mains, Active: true }) && events.Any(e => e is { Type: TroubleType.BatteryLow, Active: true }),
            SimulatorRig.Timeout,
            "the gateway gets both events",
            Ct);

        Assert.Equal(0, (await rig.CliAsync("mains", "MHC-001", "--restored")).Code);
        Assert.Equal(0, (await rig.CliAsync("battery", "MHC-001", "--mv", "13200")).Code);
        await rig.WaitForStatusAsync("MHC-001", s => s.Troubles is [], SimulatorRig.Timeout, "both troubles are restored", Ct);
    }

    [Fact]
    public async Task A_button_held_past_the_stuck_limit_raises_stuck_button_and_one_alarm_only()
    {
        await using var rig = await SimulatorRig.StartAsync(Ct);
        await rig.StartSimulatorAsync(withStateDir: false, Ct);

        var hold = await rig.CliAsync("hold", "MHC-001", "--ms", "120000");

        Assert.Equal(0, hold.Code);
        await Eventually.WaitUntilAsync(() => rig.EventsOf("MHC-001").Any(e => e is { Type: TroubleType.StuckButton, Active: true }), CoreLimitTimeout, "the gateway gets the stuck-button event", Ct);
        Assert.Equal(1, (await rig.StatusAsync("MHC-001", Ct)).LastAlarmId);

        Assert.Equal(0, (await rig.CliAsync("release", "MHC-001")).Code);
        await Eventually.WaitUntilAsync(() => rig.EventsOf("MHC-001").Any(e => e is { Type: TroubleType.StuckButton, Active: false }), SimulatorRig.Timeout, "the gateway gets the restore on release", Ct);
        Assert.Equal(1, (await rig.StatusAsync("MHC-001", Ct)).LastAlarmId);
        Assert.All(rig.AlarmsOf("MHC-001"), a => Assert.Equal(1, a.AlarmId));
    }

    [Fact]
    public async Task Post_input_commands_give_exit_code_4_for_an_unknown_post_and_3_without_a_simulator()
    {
        await using var rig = await SimulatorRig.StartAsync(Ct);

        Assert.Equal(3, (await rig.CliAsync("tamper", "MHC-001", "--open")).Code);

        await rig.StartSimulatorAsync(withStateDir: false, Ct);
        Assert.Equal(4, (await rig.CliAsync("tamper", "BKK-999", "--open")).Code);
        Assert.Equal(4, (await rig.CliAsync("hold", "BKK-999", "--ms", "100")).Code);
        Assert.Equal(4, (await rig.CliAsync("release", "BKK-999")).Code);
    }

    [Theory]
    [InlineData("tamper", "MHC-001")]
    [InlineData("tamper", "MHC-001", "--open", "--closed")]
    [InlineData("tamper", "--open")]
    [InlineData("mains", "MHC-001", "--open")]
    [InlineData("battery", "MHC-001")]
    [InlineData("battery", "MHC-001", "--mv", "lots")]
    [InlineData("battery", "MHC-001", "--mv", "70000")]
    [InlineData("lamp", "MHC-001", "--broken")]
    [InlineData("hold", "MHC-001", "--ms", "0")]
    [InlineData("release", "MHC-001", "--ms", "5")]
    public async Task Post_input_command_errors_give_exit_code_2(params string[] args)
    {
        using var error = new StringWriter();

        Assert.Equal(2, await Cli.RunAsync(args, TextWriter.Null, error, Ct));
        Assert.Contains("error:", error.ToString(), StringComparison.Ordinal);
    }
}
