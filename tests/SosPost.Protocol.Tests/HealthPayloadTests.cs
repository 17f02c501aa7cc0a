using System.Text;

namespace SosPost.Protocol.Tests;

/// <summary>The fields of the heartbeat, online status, trouble event, event acknowledgement and self-test report.</summary>
public sealed class HealthPayloadTests
{
    private const string Heartbeat = "{\"v\":1,\"uptimeMs\":5,\"fw\":\"0.1.0\",\"cfg\":\"3f2a9c41\",\"link\":\"wifi\",\"rssi\":-67,\"mains\":true,\"batteryMv\":13180,\"tamper\":false,\"lamp\":\"ok\",\"freeMem\":61440,\"reset\":\"power-on\",\"outbox\":0,\"at\":null}";
    private const string Online = "{\"v\":1,\"state\":\"online\",\"fw\":\"0.1.0\",\"cfg\":\"3f2a9c41\",\"uptimeMs\":1200}";
    private const string Event = "{\"v\":1,\"eventId\":17,\"type\":\"tamper\",\"active\":true,\"uptimeMs\":5301200,\"at\":null}";
    private const string SelfTest = "{\"v\":1,\"id\":\"c-18\",\"trigger\":\"command\",\"ok\":true,\"lamp\":\"pass\",\"camera\":\"pass\",\"link\":\"pass\",\"storage\":\"pass\",\"linkRttMs\":45,\"uptimeMs\":5400120,\"at\":null}";

    public static TheoryData<string, string> RequiredFields()
    {
        var data = new TheoryData<string, string>();
        foreach (var (kind, json) in new[] { ("heartbeat", Heartbeat), ("status", Online), ("event", Event), ("selftest", SelfTest) })
        {
            foreach (var field in FieldsOf(json).Where(f => f != "v"))
            {
                data.Add(kind, field);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(RequiredFields))]
    public void Each_documented_field_is_required(string kind, string field)
    {
        var json = kind switch { "heartbeat" => Heartbeat, "status" => Online, "event" => Event, _ => SelfTest };

        Assert.True(Codec.TryDecode(kind, Encoding.UTF8.GetBytes(json), out _, out var whole), whole);
        Assert.False(Codec.TryDecode(kind, Encoding.UTF8.GetBytes(Without(json, field)), out _, out var reason));
        Assert.Equal(RejectReason.MissingField, reason);
    }

    [Theory]
    [InlineData("cfg", "\"00000000\"", null)]
    [InlineData("cfg", "\"3f2a9c4\"", RejectReason.BadField)]
    [InlineData("cfg", "\"3f2a9c411\"", RejectReason.BadField)]
    [InlineData("cfg", "\"3f2a9g41\"", RejectReason.BadField)]
    [InlineData("cfg", "\"3F2A9C41\"", RejectReason.BadField)]
    [InlineData("cfg", "\"\"", RejectReason.BadField)]
    [InlineData("cfg", "null", RejectReason.BadField)]
    [InlineData("cfg", "12345678", RejectReason.BadField)]
    [InlineData("link", "\"sim\"", null)]
    [InlineData("link", "\"lora\"", null)] // a newer post's link type is shown, not rejected
    [InlineData("link", "\"\"", RejectReason.BadField)]
    [InlineData("link", "null", RejectReason.BadField)]
    [InlineData("rssi", "null", null)]
    [InlineData("rssi", "0", null)]
    [InlineData("rssi", "-200", null)]
    [InlineData("rssi", "-201", RejectReason.BadField)]
    [InlineData("rssi", "1", RejectReason.BadField)]
    [InlineData("rssi", "-67.5", RejectReason.BadField)]
    [InlineData("rssi", "\"-67\"", RejectReason.BadField)]
    [InlineData("mains", "false", null)]
    [InlineData("mains", "null", RejectReason.BadField)]
    [InlineData("mains", "1", RejectReason.BadField)]
    [InlineData("batteryMv", "0", null)]
    [InlineData("batteryMv", "65535", null)]
    [InlineData("batteryMv", "65536", RejectReason.BadField)]
    [InlineData("batteryMv", "-1", RejectReason.BadField)]
    [InlineData("batteryMv", "null", RejectReason.BadField)]
    [InlineData("tamper", "true", null)]
    [InlineData("tamper", "\"false\"", RejectReason.BadField)]
    [InlineData("lamp", "\"failed\"", null)]
    [InlineData("lamp", "\"dim\"", null)]
    [InlineData("lamp", "\"\"", RejectReason.BadField)]
    [InlineData("freeMem", "0", null)]
    [InlineData("freeMem", "4294967295", null)]
    [InlineData("freeMem", "4294967296", RejectReason.BadField)]
    [InlineData("freeMem", "-1", RejectReason.BadField)]
    [InlineData("reset", "\"watchdog\"", null)]
    [InlineData("reset", "\"cosmic-ray\"", null)]
    [InlineData("reset", "\"\"", RejectReason.BadField)]
    [InlineData("reset", "0", RejectReason.BadField)]
    [InlineData("outbox", "2147483647", null)]
    [InlineData("outbox", "2147483648", RejectReason.BadField)]
    [InlineData("at", "\"2026-11-22T03:16:42.120Z\"", null)]
    [InlineData("at", "\"2026-11-22T03:16:42Z\"", RejectReason.BadField)]
    public void Heartbeat_field_values_are_checked_by_type_and_range(string field, string rawValue, string? reason)
    {
        Assert.Equal(reason, Reason("heartbeat", With(Heartbeat, field, rawValue)));
    }

    [Fact]
    public void Heartbeat_without_radio_signal_is_written_with_null_rssi()
    {
        var bytes = PayloadCodec.Encode(new HeartbeatMessage
        {
            UptimeMs = 5,
            Firmware = "0.1.0",
            ConfigHash = "3f2a9c41",
            Link = LinkType.Ethernet,
            MainsPresent = true,
            BatteryMv = 13180,
            Lamp = LampHealth.Ok,
            FreeMemoryBytes = 61440,
            LastReset = ResetReason.PowerOn,
        });

        Assert.Equal(Heartbeat.Replace("\"wifi\",\"rssi\":-67", "\"ethernet\",\"rssi\":null", StringComparison.Ordinal), Encoding.UTF8.GetString(bytes));
        Assert.True(PayloadCodec.TryDecodeHeartbeat(bytes, out var back, out _));
        Assert.Equal(HeartbeatMessage.NoRssi, back!.RssiDbm);
    }

    [Fact]
    public void A_heartbeat_left_at_its_defaults_says_unknown_and_still_needs_a_config_hash()
    {
        var defaults = new HeartbeatMessage();

        Assert.Equal((LinkType.Unknown, LampHealth.Unknown, ResetReason.Unknown, HeartbeatMessage.NoRssi), (defaults.Link, defaults.Lamp, defaults.LastReset, defaults.RssiDbm));
        Assert.False(PayloadCodec.TryDecodeHeartbeat(PayloadCodec.Encode(defaults), out _, out var reason));
        Assert.Equal(RejectReason.BadField, reason);
        defaults.ConfigHash = "00000000";
        Assert.True(PayloadCodec.TryDecodeHeartbeat(PayloadCodec.Encode(defaults), out _, out reason), reason);
    }

    [Theory]
    [InlineData("\"3f2a9c41\"", null)]
    [InlineData("\"3F2A9C41\"", RejectReason.BadField)]
    [InlineData("\"3f2a9c4\"", RejectReason.BadField)]
    [InlineData("\"\"", RejectReason.BadField)]
    [InlineData("null", RejectReason.BadField)]
    public void Online_status_config_hash_is_eight_lowercase_hex_characters(string rawValue, string? reason)
    {
        Assert.Equal(reason, Reason("status", With(Online, "cfg", rawValue)));
    }

    [Theory]
    [InlineData("3f2a9c41", true)]
    [InlineData("00000000", true)]
    [InlineData("abcdef09", true)]
    [InlineData("3F2A9C41", false)]
    [InlineData("3f2a9c4", false)]
    [InlineData("3f2a9c410", false)]
    [InlineData("3f2a9c4g", false)]
    [InlineData(" 3f2a9c4", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void Config_hash_is_recognised_only_as_documented(string? text, bool valid)
    {
        Assert.Equal(valid, PayloadCodec.IsConfigHash(text));
    }

    [Theory]
    [InlineData("eventId", "1", null)]
    [InlineData("eventId", "4294967295", null)]
    [InlineData("eventId", "0", RejectReason.BadField)]
    [InlineData("eventId", "4294967296", RejectReason.BadField)]
    [InlineData("eventId", "\"17\"", RejectReason.BadField)]
    [InlineData("type", "\"stuck-button\"", null)]
    [InlineData("type", "\"door-ajar\"", null)] // unknown types are stored and acknowledged, never re-sent forever
    [InlineData("type", "\"\"", RejectReason.BadField)]
    [InlineData("type", "null", RejectReason.BadField)]
    [InlineData("active", "false", null)]
    [InlineData("active", "\"true\"", RejectReason.BadField)]
    [InlineData("active", "null", RejectReason.BadField)]
    [InlineData("uptimeMs", "0", null)]
    [InlineData("uptimeMs", "-1", RejectReason.BadField)]
    [InlineData("at", "\"2026-11-22T03:16:49.201Z\"", null)]
    [InlineData("at", "\"2026-11-22\"", RejectReason.BadField)]
    public void Event_field_values_are_checked_by_type_and_range(string field, string rawValue, string? reason)
    {
        Assert.Equal(reason, Reason("event", With(Event, field, rawValue)));
    }

    [Theory]
    [InlineData("{\"v\":1,\"eventId\":1}", null)]
    [InlineData("{\"v\":1,\"eventId\":4294967295}", null)]
    [InlineData("{\"v\":1,\"eventId\":0}", RejectReason.BadField)]
    [InlineData("{\"v\":1,\"eventId\":null}", RejectReason.BadField)]
    [InlineData("{\"v\":1,\"alarmId\":1}", RejectReason.MissingField)]
    public void Event_acknowledgement_needs_an_event_id(string json, string? reason)
    {
        Assert.Equal(reason, Reason("event-ack", json));
    }

    [Fact]
    public void Trouble_event_and_acknowledgement_are_written_in_document_order()
    {
        var trouble = new EventMessage { EventId = 18, Type = TroubleType.Tamper, Active = false, UptimeMs = 5342050, At = new DateTime(2026, 11, 22, 3, 17, 30, 51, DateTimeKind.Utc) };

        Assert.Equal("{\"v\":1,\"eventId\":18,\"type\":\"tamper\",\"active\":false,\"uptimeMs\":5342050,\"at\":\"2026-11-22T03:17:30.051Z\"}", Encoding.UTF8.GetString(PayloadCodec.Encode(trouble)));
        Assert.Equal("{\"v\":1,\"eventId\":18}", Encoding.UTF8.GetString(PayloadCodec.Encode(new EventAckMessage { EventId = 18 })));
    }

    [Theory]
    [InlineData("id", "\"\"", null)]
    [InlineData("id", "18", RejectReason.BadField)]
    [InlineData("trigger", "\"button\"", null)]
    [InlineData("trigger", "\"schedule\"", null)]
    [InlineData("trigger", "\"\"", RejectReason.BadField)]
    [InlineData("ok", "false", null)]
    [InlineData("ok", "\"yes\"", RejectReason.BadField)]
    [InlineData("lamp", "\"skip\"", null)]
    [InlineData("lamp", "\"\"", RejectReason.BadField)]
    [InlineData("camera", "\"fail\"", null)]
    [InlineData("camera", "true", RejectReason.BadField)]
    [InlineData("link", "\"degraded\"", null)]
    [InlineData("link", "null", RejectReason.BadField)]
    [InlineData("storage", "\"\"", RejectReason.BadField)]
    [InlineData("linkRttMs", "null", null)]
    [InlineData("linkRttMs", "0", null)]
    [InlineData("linkRttMs", "2147483647", null)]
    [InlineData("linkRttMs", "2147483648", RejectReason.BadField)]
    [InlineData("linkRttMs", "-1", RejectReason.BadField)]
    [InlineData("linkRttMs", "45.2", RejectReason.BadField)]
    [InlineData("uptimeMs", "-5", RejectReason.BadField)]
    [InlineData("at", "\"2026-11-22T03:18:28.121Z\"", null)]
    [InlineData("at", "false", RejectReason.BadField)]
    public void Self_test_field_values_are_checked_by_type_and_range(string field, string rawValue, string? reason)
    {
        Assert.Equal(reason, Reason("selftest", With(SelfTest, field, rawValue)));
    }

    [Fact]
    public void Self_test_without_a_measured_round_trip_is_written_with_null()
    {
        var report = new SelfTestMessage { Id = "b-1", Trigger = SelfTestTrigger.Button, UptimeMs = 9 };

        Assert.Equal(
            "{\"v\":1,\"id\":\"b-1\",\"trigger\":\"button\",\"ok\":false,\"lamp\":\"skip\",\"camera\":\"skip\",\"link\":\"skip\",\"storage\":\"skip\",\"linkRttMs\":null,\"uptimeMs\":9,\"at\":null}",
            Encoding.UTF8.GetString(PayloadCodec.Encode(report)));
    }

    [Fact]
    public void Self_test_command_is_a_command_like_heartbeat()
    {
        var bytes = PayloadCodec.Encode(new CommandMessage { Command = CommandMessage.SelfTest, Id = "c-18" });

        Assert.Equal("{\"v\":1,\"cmd\":\"selftest\",\"id\":\"c-18\"}", Encoding.UTF8.GetString(bytes));
        Assert.True(PayloadCodec.TryDecodeCommand(bytes, out var back, out _));
        Assert.Equal((CommandMessage.SelfTest, "c-18"), (back!.Command, back.Id));
    }

    private static string? Reason(string kind, string json) =>
        Codec.TryDecode(kind, Encoding.UTF8.GetBytes(json), out _, out var reason) ? null : reason;

    private static IEnumerable<string> FieldsOf(string json)
    {
        using var document = System.Text.Json.JsonDocument.Parse(json);
        return [.. document.RootElement.EnumerateObject().Select(p => p.Name)];
    }

    // The payload with one member's value replaced by raw JSON text.
    private static string With(string json, string field, string rawValue)
    {
        var start = json.IndexOf("\"" + field + "\":", StringComparison.Ordinal);
        Assert.True(start > 0, field);
        start += field.Length + 3;
        var end = ValueEnd(json, start);
        return string.Concat(json.AsSpan(0, start), rawValue, json.AsSpan(end));
    }

    private static string Without(string json, string field)
    {
        var start = json.IndexOf(",\"" + field + "\":", StringComparison.Ordinal);
        Assert.True(start > 0, field);
        var end = ValueEnd(json, start + field.Length + 4);
        return string.Concat(json.AsSpan(0, start), json.AsSpan(end));
    }

    // Values of these payloads are flat: a string without escapes, or a literal up to ',' or '}'.
    private static int ValueEnd(string json, int start) =>
        json[start] == '"' ? json.IndexOf('"', start + 1) + 1 : json.IndexOfAny([',', '}'], start);

    [Fact]
    public void A_heartbeat_without_refused_is_from_an_older_post_and_reencodes_without_it()
    {
        Assert.True(PayloadCodec.TryDecodeHeartbeat(Encoding.UTF8.GetBytes(Heartbeat), out var heartbeat, out _));

        Assert.Equal(HeartbeatMessage.NotReported, heartbeat!.Refused);
        Assert.Equal(Heartbeat, Encoding.UTF8.GetString(PayloadCodec.Encode(heartbeat)));
    }

    [Theory]
    [InlineData("0", true)]
    [InlineData("4294967295", true)]
    [InlineData("4294967296", false)]
    [InlineData("-1", false)]
    [InlineData("null", false)]
    public void The_refused_count_is_a_whole_number_of_32_bits(string value, bool accepted)
    {
        var json = Heartbeat.Replace("\"outbox\":0,", "\"outbox\":0,\"refused\":" + value + ",", StringComparison.Ordinal);

        Assert.Equal(accepted, PayloadCodec.TryDecodeHeartbeat(Encoding.UTF8.GetBytes(json), out var heartbeat, out var reason));
        if (accepted)
        {
            Assert.Equal(json, Encoding.UTF8.GetString(PayloadCodec.Encode(heartbeat!)));
        }
        else
        {
            Assert.Equal(RejectReason.BadField, reason);
        }
    }
}
