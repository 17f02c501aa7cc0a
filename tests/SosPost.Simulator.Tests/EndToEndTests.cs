using System.Net;
using System.Net.Sockets;
using SosPost.Protocol;
using SosPost.Testing;

namespace SosPost.Simulator.Tests;

/// <summary>The simulator's command line against a real Mosquitto and a gateway stand-in.</summary>
public sealed class EndToEndTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Press_reaches_the_gateway_and_the_beacon_follows_its_answers()
    {
        await using var rig = await SimulatorRig.StartAsync(Ct);
        await rig.StartSimulatorAsync(withStateDir: false, Ct);

        var press = await rig.CliAsync("press", "MHC-001");

        Assert.Equal(0, press.Code);
        Assert.Equal("MHC-001 beacon Sending (last alarm 1)", press.Output.Trim());
        await Eventually.WaitUntilAsync(() => rig.AlarmsOf("MHC-001").Count > 0, SimulatorRig.Timeout, "the gateway gets the alarm", Ct);
        var alarm = rig.AlarmsOf("MHC-001")[0];
        Assert.Equal(1, alarm.AlarmId);
        Assert.Equal(1, alarm.Presses);
        Assert.True(alarm.Snapshot);
        Assert.InRange(alarm.PressedAt, DateTime.UtcNow.AddMinutes(-1), DateTime.UtcNow.AddSeconds(1));

        await rig.AnswerAsync("MHC-001", 1, AlarmState.Received, Ct);
        await rig.WaitForBeaconAsync("MHC-001", "Received", Ct);
        await rig.AnswerAsync("MHC-001", 1, AlarmState.Dispatched, Ct);
        await rig.WaitForBeaconAsync("MHC-001", "Dispatched", Ct);

        var status = await rig.CliAsync("status");
        Assert.Equal(0, status.Code);
        var lines = status.Output.Trim().Split('\n');
        Assert.Equal(3, lines.Length);
        Assert.Matches(@"^MHC-001\s+Dispatched\s+yes\s+0\s+1$", lines[1]);
        Assert.Matches(@"^MHC-002\s+Idle\s+yes\s+0\s+0$", lines[2]);

        Assert.Equal(0, await rig.StopSimulatorAsync());
        var output = rig.OutputText;
        Assert.Contains("MHC-001 beacon Sending alarm 1", output, StringComparison.Ordinal);
        Assert.Contains("MHC-001 beacon Received alarm 1", output, StringComparison.Ordinal);
        Assert.Contains("MHC-001 beacon Dispatched alarm 1", output, StringComparison.Ordinal);
        Assert.Contains("MHC-002 beacon Idle", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Posts_announce_online_with_their_firmware_and_offline_when_the_simulator_stops()
    {
        await using var rig = await SimulatorRig.StartAsync(Ct);
        await rig.StartSimulatorAsync(withStateDir: false, Ct);
        await Eventually.WaitUntilAsync(() => rig.StatusesOf("MHC-002").Count > 0, SimulatorRig.Timeout, "MHC-002 announces itself", Ct);
        var online = rig.StatusesOf("MHC-002")[0];
        Assert.True(online.Online);
        Assert.Equal(RunCommand.FirmwareVersion, online.Firmware);

        Assert.Equal(0, await rig.StopSimulatorAsync());

        await Eventually.WaitUntilAsync(() => rig.StatusesOf("MHC-002") is [.., { Online: false }], SimulatorRig.Timeout, "MHC-002 says offline", Ct);
    }

    [Fact]
    public async Task Press_wait_returns_once_the_gateway_has_received_the_alarm()
    {
        await using var rig = await SimulatorRig.StartAsync(Ct);
        rig.AutoAnswer = AlarmState.Received;
        await rig.StartSimulatorAsync(withStateDir: false, Ct);

        var press = await rig.CliAsync("press", "MHC-002", "--wait", "received", "--timeout", "10");

        Assert.Equal(0, press.Code);
        Assert.EndsWith("MHC-002 beacon Received (last alarm 1)", press.Output.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Press_wait_times_out_with_exit_code_1_when_no_gateway_answers()
    {
        await using var rig = await SimulatorRig.StartAsync(Ct);
        await rig.StartSimulatorAsync(withStateDir: false, Ct);

        var press = await rig.CliAsync("press", "MHC-001", "--wait", "Dispatched", "--timeout", "1");

        Assert.Equal(1, press.Code);
        Assert.Contains("MHC-001 beacon still Sending after 1 s, not Dispatched", press.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Restart_with_state_dir_resends_the_pending_alarm_and_continues_the_counter()
    {
        await using var rig = await SimulatorRig.StartAsync(Ct);
        await rig.StartSimulatorAsync(withStateDir: true, Ct);
        Assert.Equal(0, (await rig.CliAsync("press", "MHC-001")).Code);
        await Eventually.WaitUntilAsync(() => rig.AlarmsOf("MHC-001").Count > 0, SimulatorRig.Timeout, "the first send of the alarm", Ct);
        var first = rig.AlarmsOf("MHC-001")[0];
        Assert.Equal(0, await rig.StopSimulatorAsync());
        var sentBefore = rig.AlarmsOf("MHC-001").Count;

        await rig.StartSimulatorAsync(withStateDir: true, Ct);
        Assert.Equal("Sending", (await rig.StatusAsync("MHC-001", Ct)).Beacon);
        await Eventually.WaitUntilAsync(() => rig.AlarmsOf("MHC-001").Count > sentBefore, SimulatorRig.Timeout, "the alarm is re-sent after the restart", Ct);
        var resent = rig.AlarmsOf("MHC-001")[sentBefore];
        Assert.Equal(first.AlarmId, resent.AlarmId);
        Assert.Equal(first.UptimeMs, resent.UptimeMs);
        Assert.Equal(first.PressedAt, resent.PressedAt);

        await rig.AnswerAsync("MHC-001", first.AlarmId, AlarmState.Dispatched, Ct);
        await rig.WaitForBeaconAsync("MHC-001", "Dispatched", Ct);
        var press = await rig.CliAsync("press", "MHC-001");

        Assert.Equal("MHC-001 beacon Sending (last alarm 2)", press.Output.Trim());
        await Eventually.WaitUntilAsync(() => rig.AlarmsOf("MHC-001").Any(a => a.AlarmId == 2), SimulatorRig.Timeout, "alarm 2 arrives", Ct);
    }

    [Fact]
    public async Task Unknown_post_gives_exit_code_4_and_missing_simulator_exit_code_3()
    {
        await using var rig = await SimulatorRig.StartAsync(Ct);

        var unreachable = await rig.CliAsync("status");
        Assert.Equal(3, unreachable.Code);
        Assert.Contains("no simulator answers", unreachable.Error, StringComparison.Ordinal);

        await rig.StartSimulatorAsync(withStateDir: false, Ct);
        Assert.Equal(4, (await rig.CliAsync("press", "BKK-999")).Code);
        Assert.Equal(4, (await rig.CliAsync("status", "BKK-999")).Code);
    }

    [Fact]
    public async Task Run_refuses_posts_without_credentials_and_a_taken_control_port()
    {
        await using var rig = await SimulatorRig.StartAsync(Ct);
        var partial = Path.Combine(Path.GetDirectoryName(rig.CredentialsPath)!, "partial.json");
        await File.WriteAllTextAsync(partial, System.Text.Json.JsonSerializer.Serialize(TestKeys.Credentials(new Dictionary<string, string> { ["MHC-001"] = "pw-MHC-001" })), Ct);
        using var error = new StringWriter();

        var code = await Cli.RunAsync(["run", "--posts", rig.PostsPath, "--credentials", partial, "--broker", rig.Broker], TextWriter.Null, error, Ct);

        Assert.Equal(2, code);
        Assert.Contains("no password in " + partial + " for MHC-002", error.ToString(), StringComparison.Ordinal);

        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var start = await Cli.RunAsync(["run", "--posts", rig.PostsPath, "--credentials", rig.CredentialsPath, "--broker", rig.Broker, "--control-port", port], TextWriter.Null, TextWriter.Null, Ct);
        Assert.Equal(5, start);
    }

    [Theory]
    [InlineData(2, "press")]
    [InlineData(2, "press", "A", "B")]
    [InlineData(2, "press", "MHC-001", "--wait", "Burning")]
    [InlineData(2, "press", "MHC-001", "--timeout", "5")]
    [InlineData(2, "press", "MHC-001", "--wait", "Idle", "--timeout", "0")]
    [InlineData(2, "status", "--color", "red")]
    [InlineData(2, "run", "--posts", "p.json")]
    [InlineData(2, "run", "--posts", "p.json", "--credentials", "c.json", "--broker", "nohost")]
    [InlineData(2, "fly")]
    [InlineData(2)]
    [InlineData(0, "--help")]
    [InlineData(0, "press", "--help")]
    public async Task Command_line_errors_give_exit_code_2_and_help_gives_0(int expected, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        Assert.Equal(expected, await Cli.RunAsync(args, output, error, Ct));
        Assert.Equal(expected == 0, output.ToString().Contains("Exit codes:", StringComparison.Ordinal));
    }
}
