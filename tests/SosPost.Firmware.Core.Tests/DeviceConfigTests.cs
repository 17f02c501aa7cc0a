using System.Text;
using SosPost.Firmware.Core.Device;

namespace SosPost.Firmware.Core.Tests;

public sealed class DeviceConfigTests
{
    private const string Minimal =
        """{"v":1,"postId":"MHC-001","password":"s3cret","key":"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef","board":"olimex-esp32-poe","network":"ethernet","brokerHost":"broker.local"}""";

    [Fact]
    public void A_minimal_file_gets_the_documented_defaults()
    {
        var config = Read(Minimal);

        Assert.Equal("MHC-001", config.PostId);
        Assert.Equal("olimex-esp32-poe", config.Board);
        Assert.Equal(1883, config.BrokerPort);
        Assert.False(config.BrokerTls);
        Assert.True(config.CameraFitted);
        Assert.Equal(DeviceConfig.DefaultSntpServer1, config.SntpServer1);
        var defaults = new PostConfig();
        Assert.Equal(defaults.HeartbeatIntervalMs, config.HeartbeatIntervalMs);
        Assert.Equal(defaults.AlarmResendIntervalMs, config.AlarmResendIntervalMs);
        Assert.Equal(defaults.CameraPulseMs, config.CameraPulseMs);
        Assert.Equal(defaults.AcknowledgedHoldMs, config.AcknowledgedHoldMs);
    }

    [Fact]
    public void The_file_hash_reaches_the_core_so_the_post_reports_which_file_it_runs()
    {
        var bytes = Encoding.UTF8.GetBytes(Minimal);
        var config = DeviceConfigReader.Read(bytes, out _)!;
        var edited = DeviceConfigReader.Read(Encoding.UTF8.GetBytes(Minimal.Replace("broker.local", "broker2.local", StringComparison.Ordinal)), out _)!;

        Assert.Equal(ConfigHash.Of(bytes), config.FileHash);
        Assert.Equal(config.FileHash, config.ToPostConfig("0.1.0").ConfigHash);
        Assert.NotEqual(config.FileHash, edited.FileHash);
    }

    [Fact]
    public void Tls_without_a_port_uses_8883()
    {
        var config = Read(Minimal.Replace("}", ""","brokerTls":true}""", StringComparison.Ordinal));

        Assert.True(config.BrokerTls);
        Assert.Equal(8883, config.BrokerPort);
    }

    [Fact]
    public void Every_setting_is_bound_and_reaches_the_core_config()
    {
        var config = Read("""
            {"v":1,"postId":"BKK-PTW-07","password":"pw","key":"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef","board":"esp32-devkitc-wifi","network":"wifi",
             "wifiSsid":"SafetyZone","wifiPassword":"12345678","brokerHost":"10.20.0.5","brokerPort":1884,
             "brokerTls":false,"sntpServer1":"time.navy.mi.th","sntpServer2":"th.pool.ntp.org","camera":false,
             "heartbeatIntervalMs":30000,"alarmResendIntervalMs":2000,"cameraPulseMs":800,"acknowledgedHoldMs":120000}
            """);

        Assert.Equal("SafetyZone", config.WifiSsid);
        Assert.Equal("12345678", config.WifiPassword);
        Assert.Equal(1884, config.BrokerPort);
        Assert.Equal("time.navy.mi.th", config.SntpServer1);
        Assert.Equal("th.pool.ntp.org", config.SntpServer2);
        Assert.False(config.CameraFitted);
        var post = config.ToPostConfig("1.2.3");
        Assert.Null(post.Validate());
        Assert.Equal("BKK-PTW-07", post.PostId);
        Assert.Equal("pw", post.Password);
        Assert.Equal("1.2.3", post.FirmwareVersion);
        Assert.Equal(30000, post.HeartbeatIntervalMs);
        Assert.Equal(2000, post.AlarmResendIntervalMs);
        Assert.Equal(800, post.CameraPulseMs);
        Assert.Equal(120000, post.AcknowledgedHoldMs);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("{\"v\":1,", "well-formed")]
    [InlineData("[1,2]", "well-formed")]
    [InlineData("""{"v":1,"postId":"A","postId":"B"}""", "well-formed")]
    [InlineData("""{"v":2,"postId":"MHC-001"}""", "v:")]
    [InlineData("""{"postId":"MHC-001"}""", "v: missing")]
    [InlineData("""{"v":1,"postID":"MHC-001"}""", "unknown setting \"postID\"")]
    [InlineData("""{"v":1,"password":"x","key":"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef","board":"olimex-esp32-poe","network":"ethernet","brokerHost":"h"}""", "postId: missing")]
    [InlineData("""{"v":1,"postId":"mhc 1","password":"x","key":"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef","board":"olimex-esp32-poe","network":"ethernet","brokerHost":"h"}""", "postId:")]
    [InlineData("""{"v":1,"postId":"MHC-001","password":"","key":"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef","board":"olimex-esp32-poe","network":"ethernet","brokerHost":"h"}""", "password:")]
    [InlineData("""{"v":1,"postId":"MHC-001","password":"x","key":"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef","board":"arduino-uno","network":"ethernet","brokerHost":"h"}""", "board: unknown board \"arduino-uno\"")]
    [InlineData("""{"v":1,"postId":"MHC-001","password":"x","key":"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef","board":"olimex-esp32-poe","network":"wifi","wifiSsid":"a","brokerHost":"h"}""", "network:")]
    [InlineData("""{"v":1,"postId":"MHC-001","password":"x","key":"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef","board":"esp32-devkitc-wifi","network":"wifi","brokerHost":"h"}""", "wifiSsid:")]
    [InlineData("""{"v":1,"postId":"MHC-001","password":"x","key":"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef","board":"esp32-devkitc-wifi","network":"wifi","wifiSsid":"a","wifiPassword":"short","brokerHost":"h"}""", "wifiPassword:")]
    [InlineData("""{"v":1,"postId":"MHC-001","password":"x","key":"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef","board":"olimex-esp32-poe","network":"ethernet","brokerHost":"mqtt://broker:1883"}""", "brokerHost:")]
    [InlineData("""{"v":1,"postId":"MHC-001","password":"x","key":"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef","board":"olimex-esp32-poe","network":"ethernet","brokerHost":"h","brokerPort":0}""", "brokerPort:")]
    [InlineData("""{"v":1,"postId":"MHC-001","password":"x","key":"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef","board":"olimex-esp32-poe","network":"ethernet","brokerHost":"h","brokerPort":"1883"}""", "brokerPort:")]
    [InlineData("""{"v":1,"postId":"MHC-001","password":"x","key":"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef","board":"olimex-esp32-poe","network":"ethernet","brokerHost":"h","brokerTls":"yes"}""", "brokerTls:")]
    [InlineData("""{"v":1,"postId":"MHC-001","password":"x","key":"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef","board":"olimex-esp32-poe","network":"ethernet","brokerHost":"h","heartbeatIntervalMs":500}""", "heartbeatIntervalMs:")]
    [InlineData("""{"v":1,"postId":"MHC-001","password":"x","key":"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef","board":"olimex-esp32-poe","network":"ethernet","brokerHost":"h","sntpServer1":"pool ntp"}""", "sntpServer1")]
    [InlineData("""{"v":1,"postId":"MHC-001","password":{"a":1},"board":"olimex-esp32-poe","network":"ethernet","brokerHost":"h"}""", "password:")]
    public void A_bad_file_is_rejected_naming_what_to_fix(string text, string expected)
    {
        var config = DeviceConfigReader.Read(Encoding.UTF8.GetBytes(text), out var error);

        Assert.Null(config);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_byte_order_mark_is_named_rather_than_reported_as_bad_json()
    {
        var bytes = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Encoding.UTF8.GetBytes(Minimal)).ToArray();

        Assert.Null(DeviceConfigReader.Read(bytes, out var error));
        Assert.Contains("byte order mark", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_larger_than_the_limit_is_rejected_before_parsing()
    {
        var padded = Minimal.Replace("\"v\":1", "\"v\":1" + new string(' ', DeviceConfigReader.MaxBytes), StringComparison.Ordinal);

        Assert.Null(DeviceConfigReader.Read(Encoding.UTF8.GetBytes(padded), out var error));
        Assert.Contains("larger than", error, StringComparison.Ordinal);
    }

    [Fact]
    public void The_log_line_names_the_post_but_never_a_secret()
    {
        var config = Read("""
            {"v":1,"postId":"BKK-PTW-07","password":"broker-secret","key":"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef","board":"esp32-devkitc-wifi","network":"wifi",
             "wifiSsid":"SafetyZone","wifiPassword":"wifi-secret","brokerHost":"10.20.0.5"}
            """);

        var line = config.Describe();

        Assert.Contains("BKK-PTW-07", line, StringComparison.Ordinal);
        Assert.DoesNotContain("broker-secret", line, StringComparison.Ordinal);
        Assert.DoesNotContain("wifi-secret", line, StringComparison.Ordinal);
        Assert.DoesNotContain("0123456789abcdef", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("broker.example.org", true)]
    [InlineData("10.0.0.5", true)]
    [InlineData("b", true)]
    [InlineData("", false)]
    [InlineData(".broker", false)]
    [InlineData("broker.", false)]
    [InlineData("bro..ker", false)]
    [InlineData("broker:1883", false)]
    [InlineData("mqtts://broker", false)]
    [InlineData("bro ker", false)]
    public void Host_names_are_plain_names_or_addresses(string host, bool valid)
    {
        Assert.Equal(valid, DeviceConfig.IsHostName(host));
    }

    private static DeviceConfig Read(string text)
    {
        var config = DeviceConfigReader.Read(Encoding.UTF8.GetBytes(text), out var error);
        Assert.True(config != null, error);
        return config!;
    }

    [Theory]
    [InlineData("", "key: missing")]
    [InlineData(",\"key\":\"0123\"", "key: the post's message key, 64 hex characters")]
    [InlineData(",\"key\":\"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdeg\"", "key: the post's message key, 64 hex characters")]
    [InlineData(",\"key\":\"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\",\"counterStart\":-1", "counterStart: must be a whole number from 0")]
    public void The_message_key_is_required_and_checked(string keyField, string expected)
    {
        var text = """{"v":1,"postId":"MHC-001","password":"s3cret"KEY,"board":"olimex-esp32-poe","network":"ethernet","brokerHost":"broker.local"}""".Replace("KEY", keyField, StringComparison.Ordinal);

        Assert.Null(DeviceConfigReader.Read(Encoding.UTF8.GetBytes(text), out var error));
        Assert.StartsWith(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void The_key_and_counter_start_reach_the_core()
    {
        var config = Read(Minimal.Replace("}", ",\"counterStart\":1795314942120000}", StringComparison.Ordinal)).ToPostConfig("0.1.0");

        Assert.Equal(Convert.FromHexString("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"), config.MessageKey);
        Assert.Equal(1795314942120000, config.MessageCounterStart);
    }
}
