using System.Text.RegularExpressions;
using SosPost.Firmware.Core.Device;
using SosPost.Mqtt;
using SosPost.Testing;

namespace SosPost.Cli.Tests;

/// <summary>Provisioning against a real, running Mosquitto laid out as scripts/lib.sh lays it out.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed partial class ProvisionTests : IAsyncLifetime
{
    private readonly TempFolder _out = new();
    private readonly string _monitorPassword = TestSecrets.NewPassword();
    private MosquittoBroker _broker = null!;

    public async ValueTask InitializeAsync()
    {
        // The ACL starts without the per-post patterns: provision must add them.
        _broker = await MosquittoBroker.StartAsync(
            new MosquittoBrokerOptions { AclLines = ["user gateway", "topic readwrite sos/v1/#", "user monitor", "topic read sos/v1/#"] }
                .AddUser("gateway", "gateway-secret").AddUser("monitor", _monitorPassword),
            TestContext.Current.CancellationToken);
        File.WriteAllText(Path.Combine(_broker.Directory, "monitor.password"), _monitorPassword);
        await Eventually.WaitUntilAsync(() => File.Exists(_broker.PidPath), TimeSpan.FromSeconds(10), "mosquitto writes its pid file", TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task A_new_post_connects_and_may_publish_only_its_own_topics_while_the_broker_keeps_running()
    {
        var ct = TestContext.Current.CancellationToken;
        var pid = _broker.ProcessId;
        await using var gateway = Client("gateway", "gateway-secret", "gateway-test");
        var drops = 0;
        gateway.ConnectionChanged += connected => drops += connected ? 0 : 1;
        await gateway.ConnectAsync(ct);

        var run = await Provision("NEW-001");

        Assert.True(run.ExitCode == 0, run.Error);
        var password = PasswordLine().Match(run.Output).Groups[1].Value;
        Assert.Equal(32, password.Length);
        Assert.DoesNotContain(password, run.Error, StringComparison.Ordinal);
        Assert.Equal(pid, _broker.ProcessId);
        Assert.True(gateway.IsConnected);
        Assert.Equal(0, drops);

        await using var post = Client("NEW-001", password, "NEW-001");
        await post.ConnectAsync(ct);
        await post.PublishAsync("sos/v1/NEW-001/heartbeat", "{}"u8.ToArray(), MqttQos.AtLeastOnce, ct: ct);
        var denied = await Assert.ThrowsAsync<MqttPublishRejectedException>(() => post.PublishAsync("sos/v1/MHC-002/alarm", "{}"u8.ToArray(), MqttQos.AtLeastOnce, ct: ct));
        Assert.Equal(135, denied.ReasonCode);
        await Assert.ThrowsAsync<MqttConnectException>(() => Client("NEW-001", "not-the-password", "NEW-001-b").ConnectAsync(ct));
    }

    [Fact]
    public async Task The_config_file_is_the_firmwares_format_private_to_its_owner_with_the_printed_password()
    {
        var run = await Provision("MHC-042", "--broker-host", "broker.sospost.local", "--no-camera", "--serial-port", "/dev/ttyUSB1");

        Assert.True(run.ExitCode == 0, run.Error);
        var path = _out.File("MHC-042.post.json");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        var config = DeviceConfigReader.Read(File.ReadAllBytes(path), out var problem);
        Assert.True(config is not null, problem);
        Assert.Equal(("MHC-042", "olimex-esp32-poe", "ethernet", "broker.sospost.local", 1883, false), (config.PostId, config.Board, config.Network, config.BrokerHost, config.BrokerPort, config.CameraFitted));
        Assert.Equal(PasswordLine().Match(run.Output).Groups[1].Value, config.Password);
        Assert.Contains("nanoff --update --target ESP32_OLIMEX --serialport /dev/ttyUSB1 --masserase", run.Output, StringComparison.Ordinal);
        Assert.Contains($"nanoff --filedeployment {_out.File("MHC-042.deploy.json")}", run.Output, StringComparison.Ordinal);
        Assert.Contains(path.Replace("\\", "\\\\", StringComparison.Ordinal), File.ReadAllText(_out.File("MHC-042.deploy.json")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Provisioning_again_replaces_the_password_and_the_old_one_stops_working()
    {
        var ct = TestContext.Current.CancellationToken;
        var first = PasswordLine().Match((await Provision("MHC-007")).Output).Groups[1].Value;
        var second = await Provision("MHC-007");

        Assert.Equal(0, second.ExitCode);
        Assert.Contains("replacing the password of user MHC-007", second.Error, StringComparison.Ordinal);
        await Assert.ThrowsAsync<MqttConnectException>(() => Client("MHC-007", first, "MHC-007").ConnectAsync(ct));
    }

    [Fact]
    public async Task A_config_the_firmware_would_refuse_changes_nothing_on_the_broker()
    {
        var passwords = File.ReadAllText(Path.Combine(_broker.Directory, "passwd"));

        var wifiWithoutName = await Provision("MHC-008", "--board", "esp32-devkitc-wifi");
        var badBoard = await Provision("MHC-008", "--board", "esp32-s3");
        var badId = await Provision("mhc 8");

        Assert.Equal((3, 2, 2), (wifiWithoutName.ExitCode, badBoard.ExitCode, badId.ExitCode));
        Assert.Equal("error: the post's config would be refused by the firmware: wifiSsid: 1 to 32 characters" + Environment.NewLine, wifiWithoutName.Error);
        Assert.Equal(passwords, File.ReadAllText(Path.Combine(_broker.Directory, "passwd")));
        Assert.Empty(Directory.GetFiles(_out.Path));
    }

    [Fact]
    public async Task A_directory_without_a_running_broker_is_exit_code_8()
    {
        var run = await CliRun.RunAsync(MasterKeyEnvironment, "provision", "MHC-009", "--broker-dir", _out.Path, "--broker-host", "127.0.0.1", "--out", _out.Path);

        Assert.Equal(8, run.ExitCode);
        Assert.StartsWith("error: " + Path.Combine(_out.Path, "passwd") + " does not exist", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_flashed_post_whose_online_status_names_the_new_config_proves_its_application_started()
    {
        var ct = TestContext.Current.CancellationToken;
        var time = new ManualTimeProvider();
        var run = Provision(time, "MHC-020", "--wait-online", "300");
        var configPath = _out.File("MHC-020.post.json");
        await Eventually.WaitUntilAsync(() => File.Exists(_out.File("MHC-020.deploy.json")) || run.IsCompleted, TimeSpan.FromSeconds(30), "provision writes the post's files", ct);
        var config = File.ReadAllBytes(configPath);
        var password = DeviceConfigReader.Read(config, out _)!.Password;

        // The post as its firmware starts: connect with the new password, publish the retained birth message.
        await using var post = Client("MHC-020", password, "MHC-020");
        await post.ConnectAsync(ct);
        var birth = new SosPost.Protocol.StatusMessage { Online = true, Firmware = "1.2.3", ConfigHash = SosPost.Firmware.Core.ConfigHash.Of(config), UptimeMs = 1200 };
        await post.PublishAsync("sos/v1/MHC-020/status", SosPost.Protocol.PayloadCodec.Encode(birth), MqttQos.AtLeastOnce, retain: true, ct: ct);
        var done = await run;

        Assert.True(done.ExitCode == 0, done.Error);
        Assert.Contains($"post online  : MHC-020 started firmware 1.2.3 with config {birth.ConfigHash}", done.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_flashed_post_that_never_comes_online_is_exit_9_naming_the_deploy_address_and_the_other_causes()
    {
        var ct = TestContext.Current.CancellationToken;
        var time = new ManualTimeProvider();

        // What the broker still holds from the board this one replaces: online, with another config.
        await using (var gateway = Client("gateway", "gateway-secret", "gateway-test"))
        {
            await gateway.ConnectAsync(ct);
            var old = new SosPost.Protocol.StatusMessage { Online = true, Firmware = "1.0.0", ConfigHash = "00000000", UptimeMs = 5 };
            await gateway.PublishAsync("sos/v1/MHC-021/status", SosPost.Protocol.PayloadCodec.Encode(old), MqttQos.AtLeastOnce, retain: true, ct: ct);
        }

        var run = Provision(time, "MHC-021", "--wait-online", "300", "--serial-port", "/dev/ttyUSB3");
        await Eventually.WaitUntilAsync(
            () =>
            {
                time.Advance(TimeSpan.FromSeconds(60));
                return run.IsCompleted;
            },
            TimeSpan.FromSeconds(30),
            "provision gives up waiting for the post",
            ct);
        var done = await run;

        Assert.Equal(9, done.ExitCode);
        Assert.Contains("its application did not start", done.Error, StringComparison.Ordinal);
        Assert.Contains("nanoff --target ESP32_OLIMEX --serialport /dev/ttyUSB3 --deploy --image firmware/SosPost.Firmware/bin/Release/SosPost.Firmware.bin --address 0x1E0000", done.Error, StringComparison.Ordinal);
        Assert.Contains("deploy again after every --update", done.Error, StringComparison.Ordinal);
        Assert.Contains("the broker holds online with config 00000000, not the file just written", done.Error, StringComparison.Ordinal);
        Assert.EndsWith("the application did not start" + Environment.NewLine, done.Error, StringComparison.Ordinal);
    }

    public async ValueTask DisposeAsync()
    {
        await _broker.DisposeAsync();
        _out.Dispose();
    }

    private static readonly Dictionary<string, string> MasterKeyEnvironment = new(StringComparer.Ordinal) { ["SOSPOST_MASTER_KEY"] = TestKeys.MasterHex };

    [Fact]
    public async Task The_config_file_carries_the_posts_message_key_derived_from_the_gateways_master_and_a_counter_start()
    {
        var before = (DateTimeOffset.UtcNow - DateTimeOffset.UnixEpoch).Ticks / 10;
        var run = await Provision("MHC-010");

        Assert.Equal(0, run.ExitCode);
        using var config = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(_out.Path, "MHC-010.post.json")));
        Assert.Equal(TestKeys.PostKeyHex("MHC-010"), config.RootElement.GetProperty("key").GetString());
        Assert.InRange(config.RootElement.GetProperty("counterStart").GetInt64(), before, before + 600_000_000);
        Assert.DoesNotContain(TestKeys.PostKeyHex("MHC-010"), run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_the_master_key_nothing_is_provisioned()
    {
        var passwords = File.ReadAllText(Path.Combine(_broker.Directory, "passwd"));

        var run = await CliRun.RunAsync("provision", "MHC-011", "--broker-dir", _broker.Directory, "--broker-host", "127.0.0.1", "--out", _out.Path);

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("error: set SOSPOST_MASTER_KEY to the gateway's Gateway:Security:MasterKey", run.Error, StringComparison.Ordinal);
        Assert.Equal(passwords, File.ReadAllText(Path.Combine(_broker.Directory, "passwd")));
        Assert.Empty(Directory.GetFiles(_out.Path));
    }

    private Task<CliRun> Provision(string postId, params string[] more)
    {
        List<string> args = ["provision", postId, "--broker-dir", _broker.Directory, "--out", _out.Path];
        if (!more.Contains("--broker-host"))
        {
            args.AddRange(["--broker-host", "127.0.0.1"]);
        }

        return CliRun.RunAsync(MasterKeyEnvironment, [.. args, .. more]);
    }

    private Task<CliRun> Provision(TimeProvider time, string postId, params string[] more) =>
        CliRun.RunAsync(MasterKeyEnvironment, time, ["provision", postId, "--broker-dir", _broker.Directory, "--out", _out.Path, "--broker-host", "127.0.0.1", .. more]);

    private MqttClient Client(string user, string password, string clientId) => new(new MqttClientOptions
    {
        Host = _broker.Host,
        Port = _broker.Port,
        ClientId = clientId,
        UserName = user,
        Password = password,
        ProtocolVersion = MqttProtocolVersion.V500,
        AutoReconnect = false,
    });

    [GeneratedRegex(@"password     : (\S+)")]
    private static partial Regex PasswordLine();
}
