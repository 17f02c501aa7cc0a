using System.Collections;
using System.Reflection;
using System.Text;
using System.Text.Json;
using FsCheck.Fluent;
using Microsoft.Extensions.Options;
using SosPost.Firmware.Core.Device;
using SosPost.Gateway;

namespace SosPost.Properties.Tests;

/// <summary>The config readers: a post's config file and the gateway's settings name what is wrong and never throw anything else.</summary>
public sealed class ConfigProperties
{
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(5);

    private static readonly string[] DeviceNames =
    [
        "v", "postId", "password", "key", "counterStart", "board", "network", "wifiSsid", "wifiPassword", "brokerHost", "brokerPort", "brokerTls", "sntpServer1", "sntpServer2", "camera",
        "clientCert", "passwordFallback", "passwordPort", "heartbeatIntervalMs", "alarmResendIntervalMs", "cameraPulseMs", "acknowledgedHoldMs", "buttonDebounceMs", "buttonHoldMs", "stuckButtonMs", "selfTestPressMs",
        "lampCheckDelayMs", "lampFailAfterMs", "mainsPresentMv", "batteryLowMv", "batteryRestoreMv", "troubleSettleMs", "selfTestLinkTimeoutMs", "connectJitterMaxMs",
    ];

    /// <summary>Values an operator might type into any setting, right or wrong.</summary>
    private static readonly string[] SettingValues =
    [
        "", " ", "0", "1", "-1", "70000", "2147483648", "abc", "true", "00:00:00", "-00:00:01", "00:00:00.5", "10675199.02:48:05.4775807", "99999999:00:00", "1e309",
        "NaN", "http://dispatch.example/alarms", "ftp://x", "not a url", "\0", "a\0b", "../../etc/passwd", "/nonexistent/posts.json", "Tcp", "Udp", "V311", "V500", "3",
        "0011223344556677", "00112233445566778899AABBCCDDEEFF", "%", "\u0e2a\u0e27\u0e31\u0e2a\u0e14\u0e35", "pbkdf2-sha256$100000$AAAA$BBBB", "pbkdf2-sha256$1$$",
    ];

    [Fact]
    public void Any_post_config_bytes_give_a_config_or_an_error_naming_the_setting_or_the_file()
    {
        var jsonish =
            from members in Gen.ListOf(from name in Gen.Elements(DeviceNames) from value in Gen.Elements("1", "0", "-5", "true", "\"x\"", "\"\"", "null", "{}", "1.5", "99999999999999999999", "\"MHC-001\"") select $"\"{name}\":{value}")
            select Encoding.UTF8.GetBytes("{" + string.Join(",", members) + "}");
        var values = Gen.OneOf(Generators.Bytes(600, (byte)'{'), jsonish).Arb();
        PropertyRun.ForAll("device config reader is total", values, AssertDeviceConfigRead, cases: 1500, Budget);
    }

    [Fact]
    public void Every_mutation_of_the_example_post_configs_is_read_or_refused_naming_the_setting_or_the_file()
    {
        Assert.NotEmpty(Corpus.DeviceConfigs);
        foreach (var seed in Corpus.DeviceConfigs)
        {
            Assert.NotNull(DeviceConfigReader.Read(seed.Bytes, out var seedError));
            Assert.Equal("", seedError);
            foreach (var mutation in Mutator.Mutations(seed, Mutator.PerSeed))
            {
                MqttDecoderProperties.Guard(mutation, () => AssertDeviceConfigRead(mutation.Bytes));
            }
        }
    }

    [Fact]
    public void A_valid_post_config_written_as_JSON_reads_back_as_written()
    {
        var idChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-".ToCharArray();
        var postId = from first in Gen.Elements("ABCZ019".ToCharArray()) from more in Gen.Choose(0, 31)
                     from tail in Gen.ArrayOf(Gen.Elements(idChars), more) select first + new string(tail);
        var host = from labels in Gen.NonEmptyListOf(from length in Gen.Choose(1, 10) from chars in Gen.ArrayOf(Gen.Elements("abcxyz019".ToCharArray()), length) select new string(chars))
                   select string.Join('.', labels.Take(5));
        var values =
            (from id in postId
             from password in Generators.Text(40)
             from board in Gen.Elements(BoardProfiles.All())
             from network in Gen.Elements(board.Networks)
             from ssid in Generators.Text(16)
             from wifiKey in Gen.OneOf(Gen.Constant(""), from n in Gen.Choose(8, 63) select new string('k', n))
             from broker in host
             from port in Gen.Choose(1, 65535)
             from tls in Gen.Elements(true, false)
             from camera in Gen.Elements(true, false)
             from heartbeat in Gen.Choose(1000, 3_600_000)
             select new DeviceSettings(id, password, board.Id, network, ssid, wifiKey, broker, port, tls, camera, heartbeat)).Arb();

        // The example file is the base, so settings this test does not vary (and new required ones) come from it.
        var example = Corpus.DeviceConfigs.First(c => c.Name.Contains("wifi", StringComparison.Ordinal)).Bytes;
        PropertyRun.ForAll("device config round trip", values, written =>
        {
            var file = System.Text.Json.Nodes.JsonNode.Parse(example)!.AsObject();
            file["postId"] = written.PostId;
            file["password"] = written.Password;
            file["board"] = written.Board;
            file["network"] = written.Network;
            file["wifiSsid"] = written.WifiSsid;
            file["wifiPassword"] = written.WifiPassword;
            file["brokerHost"] = written.BrokerHost;
            file["brokerPort"] = written.BrokerPort;
            file["brokerTls"] = written.BrokerTls;
            file["camera"] = written.Camera;
            file["heartbeatIntervalMs"] = written.HeartbeatIntervalMs;

            // System.Text.Json escapes non-ASCII and quotes as \uXXXX: the reader's escapes get exercised too.
            var bytes = JsonSerializer.SerializeToUtf8Bytes(file);
            var config = DeviceConfigReader.Read(bytes, out var error);
            Assert.True(config is not null, $"{Encoding.UTF8.GetString(bytes)}: {error}");
            Assert.Equal(
                written with { WifiSsid = "", WifiPassword = "" },
                new DeviceSettings(config.PostId, config.Password, config.Board, config.Network, "", "", config.BrokerHost, config.BrokerPort, config.BrokerTls, config.CameraFitted, config.HeartbeatIntervalMs));
            if (written.Network == "wifi")
            {
                Assert.Equal((written.WifiSsid, written.WifiPassword), (config.WifiSsid, config.WifiPassword));
            }
        }, cases: 400, Budget);
    }

    [Fact]
    public void Any_value_of_any_gateway_setting_starts_or_stops_the_gateway_with_a_message_naming_the_setting()
    {
        var keys = GatewaySettingKeys();
        Assert.Contains("Gateway:Mqtt:Port", keys);
        var values = (from key in Gen.Elements(keys) from value in Gen.Elements(SettingValues) from other in Gen.Elements(keys) from otherValue in Gen.Elements(SettingValues)
                      select new Setting(key, value, other, otherValue)).Arb();
        PropertyRun.ForAll("gateway settings", values, setting =>
        {
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                [setting.Key] = setting.Value,
                [setting.OtherKey] = setting.OtherValue,
            }).Build();
            using var services = new ServiceCollection().AddGatewayOptions(configuration).BuildServiceProvider();
            foreach (var type in ValidatedOptionTypes)
            {
                var options = services.GetRequiredService(typeof(IOptions<>).MakeGenericType(type));
                try
                {
                    _ = options.GetType().GetProperty("Value")!.GetValue(options);
                }
                catch (TargetInvocationException e) when (e.InnerException is OptionsValidationException invalid)
                {
                    Assert.All(invalid.Failures, failure => Assert.StartsWith("Gateway:", failure, StringComparison.Ordinal));
                }
                catch (TargetInvocationException e) when (e.InnerException is InvalidOperationException bind && bind.Message.Contains("Failed to convert configuration value", StringComparison.Ordinal))
                {
                    // The binder's own message names the key ("... at 'Gateway:Mqtt:Port' to type 'System.Int32'").
                    Assert.True(bind.Message.Contains($"'{setting.Key}'", StringComparison.OrdinalIgnoreCase) || bind.Message.Contains($"'{setting.OtherKey}'", StringComparison.OrdinalIgnoreCase), bind.Message);
                }
            }
        }, cases: 600, Budget);
    }

    [Theory]
    [InlineData("")]
    [InlineData("posts\0.json")]
    public void A_seed_file_setting_that_is_no_path_stops_the_gateway_naming_the_setting(string value)
    {
        // Found by the property above: Path.GetFullPath threw from inside validation, naming no setting.
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Gateway:Registry:SeedFile"] = value }).Build();
        using var services = new ServiceCollection().AddGatewayOptions(configuration).BuildServiceProvider();
        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<Gateway.Registry.RegistryOptions>>().Value);
        Assert.Contains(error.Failures, f => f.StartsWith("Gateway:Registry: SeedFile", StringComparison.Ordinal));
    }

    private static void AssertDeviceConfigRead(byte[] bytes)
    {
        var config = DeviceConfigReader.Read(bytes, out var error);
        if (config is not null)
        {
            Assert.Equal("", error);
            return;
        }

        Assert.False(string.IsNullOrWhiteSpace(error), "refused without saying why");
        var namesSetting = DeviceNames.Any(name => error.StartsWith(name + ":", StringComparison.Ordinal))
            || error.StartsWith("sntpServer1/sntpServer2:", StringComparison.Ordinal)
            || error.StartsWith("post settings:", StringComparison.Ordinal)
            || error.StartsWith("unknown setting \"", StringComparison.Ordinal);
        var namesFile = error.StartsWith("the file ", StringComparison.Ordinal) || error.StartsWith("not one well-formed JSON object", StringComparison.Ordinal);
        Assert.True(namesSetting || namesFile, $"the error names neither a setting nor the file: {error}");
    }

    private static readonly Type[] ValidatedOptionTypes =
        [.. typeof(IValidatedOptions).Assembly.GetTypes().Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IValidatedOptions).IsAssignableFrom(t))];

    /// <summary>Every bound setting, found by reflection so a new option is covered without a change here.</summary>
    private static string[] GatewaySettingKeys()
    {
        var keys = new List<string>();
        foreach (var type in ValidatedOptionTypes)
        {
            var section = $"Gateway:{type.Name.Replace("Options", "", StringComparison.Ordinal)}";
            foreach (var property in type.GetProperties().Where(p => p.CanWrite))
            {
                var elementType = property.PropertyType.IsGenericType && typeof(IList).IsAssignableFrom(property.PropertyType) ? property.PropertyType.GetGenericArguments()[0] : null;
                if (elementType is { IsClass: true } && elementType != typeof(string))
                {
                    keys.AddRange(elementType.GetProperties().Where(p => p.CanWrite).Select(p => $"{section}:{property.Name}:0:{p.Name}"));
                }
                else
                {
                    keys.Add($"{section}:{property.Name}");
                }
            }
        }

        return [.. keys];
    }

    internal sealed record DeviceSettings(
        string PostId, string Password, string Board, string Network, string WifiSsid, string WifiPassword, string BrokerHost, int BrokerPort, bool BrokerTls, bool Camera, long HeartbeatIntervalMs);

    internal sealed record Setting(string Key, string Value, string OtherKey, string OtherValue);
}
