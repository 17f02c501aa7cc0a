using System.Text;

namespace SosPost.Protocol.Tests;

public sealed class PayloadCodecTests
{
    private const string Alarm = "{\"v\":1,\"alarmId\":42,\"kind\":\"panic\",\"test\":false,\"presses\":1,\"uptimeMs\":5,\"pressedAt\":null,\"snapshot\":false}";

    private static string? DecodeAlarm(string json) => DecodeAlarm(Encoding.UTF8.GetBytes(json));

    private static string? DecodeAlarm(byte[] bytes)
    {
        var ok = PayloadCodec.TryDecodeAlarm(bytes, out var message, out var reason);
        Assert.Equal(ok, message != null);
        return ok ? null : reason;
    }

    // The alarm with one member's value replaced by raw JSON text.
    private static string AlarmWith(string field, string rawValue)
    {
        var start = Alarm.IndexOf("\"" + field + "\":", StringComparison.Ordinal) + field.Length + 3;
        var end = Alarm.IndexOfAny([',', '}'], start);
        return string.Concat(Alarm.AsSpan(0, start), rawValue, Alarm.AsSpan(end));
    }

    [Fact]
    public void Reader_accepts_any_field_order_and_white_space()
    {
        const string json = " \r\n\t{ \"snapshot\" : true ,\n\"pressedAt\":\t\"2026-11-22T03:15:42.120Z\", \"uptimeMs\":7,\"presses\":2,\"test\":true,\"kind\":\"panic\",\"alarmId\":9,\"v\":1 } \n";

        Assert.True(PayloadCodec.TryDecodeAlarm(Encoding.UTF8.GetBytes(json), out var m, out _));
        Assert.Equal(9, m!.AlarmId);
        Assert.Equal(2, m.Presses);
        Assert.True(m.Test);
        Assert.True(m.Snapshot);
        Assert.Equal(7, m.UptimeMs);
    }

    [Fact]
    public void Reader_ignores_unknown_fields_including_nested_objects_and_arrays()
    {
        var json = Alarm.Replace("{\"v\":1,", "{\"v\":1,\"gps\":{\"lat\":13.5,\"lon\":[1,2,{\"x\":null}],\"s\":\"\\u00e9\"},\"tags\":[],\"e\":{},\"f\":1.5e-3,\"g\":-0,\"h\":\"x\",", StringComparison.Ordinal);

        Assert.Null(DecodeAlarm(json));
    }

    [Fact]
    public void Nesting_up_to_the_limit_is_skipped_and_deeper_nesting_is_not_json()
    {
        // The outer object is depth 1, so 15 more levels are allowed.
        string Nested(int levels) => Alarm.Replace("{\"v\":1,", "{\"v\":1,\"x\":" + new string('[', levels) + new string(']', levels) + ",", StringComparison.Ordinal);

        Assert.Null(DecodeAlarm(Nested(15)));
        Assert.Equal(RejectReason.NotJson, DecodeAlarm(Nested(16)));
        Assert.Equal(RejectReason.NotJson, DecodeAlarm(new string('[', 1024)));
        Assert.Equal(RejectReason.NotJson, DecodeAlarm("{\"x\":" + new string('[', 500) + new string(']', 500) + "}"));
    }

    [Fact]
    public void Duplicate_member_names_are_not_json()
    {
        Assert.Equal(RejectReason.NotJson, DecodeAlarm(Alarm.Replace("\"kind\"", "\"alarmId\":43,\"kind\"", StringComparison.Ordinal)));
        Assert.Equal(RejectReason.NotJson, DecodeAlarm(Alarm.Replace("{\"v\":1,", "{\"v\":1,\"v\":1,", StringComparison.Ordinal)));
    }

    [Fact]
    public void Duplicate_names_inside_skipped_nested_objects_are_tolerated()
    {
        Assert.Null(DecodeAlarm(Alarm.Replace("{\"v\":1,", "{\"v\":1,\"x\":{\"a\":1,\"a\":2},", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("[]")]
    [InlineData("\"text\"")]
    [InlineData("1")]
    [InlineData("null")]
    [InlineData("{")]
    [InlineData("}")]
    [InlineData("{}{}")]
    [InlineData("{\"v\":1,}")]
    [InlineData("{,\"v\":1}")]
    [InlineData("{\"v\" 1}")]
    [InlineData("{\"v\":1 \"alarmId\":2}")]
    [InlineData("{'v':1}")]
    [InlineData("{v:1}")]
    [InlineData("{\"v\":01}")]
    [InlineData("{\"v\":+1}")]
    [InlineData("{\"v\":1.}")]
    [InlineData("{\"v\":.5}")]
    [InlineData("{\"v\":1e}")]
    [InlineData("{\"v\":-}")]
    [InlineData("{\"v\":0x1}")]
    [InlineData("{\"v\":tru}")]
    [InlineData("{\"v\":True}")]
    [InlineData("{\"v\":nul}")]
    [InlineData("{\"v\":NaN}")]
    [InlineData("{\"v\":\"a\\x\"}")]
    [InlineData("{\"v\":\"a\\u12\"}")]
    [InlineData("{\"v\":\"a\\u12g4\"}")]
    [InlineData("{\"v\":\"a\\ud83d\"}")]
    [InlineData("{\"v\":\"a\\ud83dx\"}")]
    [InlineData("{\"v\":\"a\\ud83d\\u0041\"}")]
    [InlineData("{\"v\":\"a\\ude91\"}")]
    [InlineData("{\"v\":\"a\tb\"}")]
    [InlineData("{\"v\":\"a\nb\"}")]
    [InlineData("{\"v\":\"open}")]
    [InlineData("{\"v\":[1,]}")]
    [InlineData("{\"v\":[1 2]}")]
    [InlineData("{\"v\":{\"a\"}}")]
    [InlineData("{\"v\":{1:2}}")]
    [InlineData("{\"v\":1}\u0000")]
    [InlineData("{\"v\":1}x")]
    [InlineData("\u00a0{\"v\":1}")]
    public void Malformed_json_is_rejected_as_not_json(string json)
    {
        Assert.Equal(RejectReason.NotJson, DecodeAlarm(json));
    }

    [Theory]
    [InlineData(new byte[] { 0xEF, 0xBB, 0xBF })] // byte order mark before the object
    public void Byte_order_mark_is_not_json(byte[] prefix)
    {
        Assert.Equal(RejectReason.NotJson, DecodeAlarm([.. prefix, .. Encoding.UTF8.GetBytes(Alarm)]));
    }

    [Theory]
    [InlineData(new byte[] { 0xC0, 0x80 })] // overlong NUL
    [InlineData(new byte[] { 0xC1, 0xBF })] // overlong
    [InlineData(new byte[] { 0xE0, 0x80, 0xAF })] // overlong '/'
    [InlineData(new byte[] { 0xF0, 0x80, 0x80, 0xAF })] // overlong '/'
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 })] // encoded high surrogate
    [InlineData(new byte[] { 0xED, 0xBF, 0xBF })] // encoded low surrogate
    [InlineData(new byte[] { 0xF4, 0x90, 0x80, 0x80 })] // beyond U+10FFFF
    [InlineData(new byte[] { 0xF5, 0x80, 0x80, 0x80 })]
    [InlineData(new byte[] { 0xFF })]
    [InlineData(new byte[] { 0x80 })] // lone continuation byte
    [InlineData(new byte[] { 0xC3 })] // truncated sequence
    [InlineData(new byte[] { 0xE2, 0x82 })]
    [InlineData(new byte[] { 0xC3, 0x41 })] // lead byte followed by ASCII
    public void Bad_utf8_inside_a_string_is_not_json(byte[] bad)
    {
        var head = Encoding.UTF8.GetBytes("{\"v\":1,\"x\":\"a");
        var tail = Encoding.UTF8.GetBytes("b\"," + Alarm[7..]);

        Assert.Null(DecodeAlarm([.. head, .. tail]));
        Assert.Equal(RejectReason.NotJson, DecodeAlarm([.. head, .. bad, .. tail]));
    }

    [Theory]
    [InlineData("\\u00e9", "é")]
    [InlineData("\\u00E9", "é")]
    [InlineData("é", "é")]
    [InlineData("\\ud83d\\ude91", "\U0001F691")]
    [InlineData("\\uD83D\\uDE91", "\U0001F691")]
    [InlineData("\U0001F691", "\U0001F691")]
    [InlineData("€ ก", "€ ก")]
    [InlineData("\\\"\\\\\\/\\b\\f\\n\\r\\t", "\"\\/\b\f\n\r\t")]
    [InlineData("\\u0000", "\0")]
    [InlineData("", "")]
    public void String_escapes_and_utf8_are_decoded(string jsonText, string expected)
    {
        var json = "{\"v\":1,\"cmd\":\"heartbeat\",\"id\":\"" + jsonText + "\"}";

        Assert.True(PayloadCodec.TryDecodeCommand(Encoding.UTF8.GetBytes(json), out var m, out var reason), reason);
        Assert.Equal(expected, m!.Id);
    }

    [Theory]
    [InlineData("a\"b", "a\\\"b", "a\"b")]
    [InlineData("a\\b", "a\\\\b", "a\\b")]
    [InlineData("line\nfeed\r\ttab", "line\\nfeed\\r\\ttab", "line\nfeed\r\ttab")]
    [InlineData("\u0001\u001f\b\f", "\\u0001\\u001f\\u0008\\u000c", "\u0001\u001f\b\f")]
    [InlineData("/é€\U0001F691", "/é€\U0001F691", "/é€\U0001F691")]
    public void Encoder_escapes_strings_and_the_decoder_reads_them_back(string value, string expectedJsonText, string expectedBack)
    {
        var bytes = PayloadCodec.Encode(new CommandMessage { Command = "x", Id = value });

        Assert.Equal("{\"v\":1,\"cmd\":\"x\",\"id\":\"" + expectedJsonText + "\"}", Encoding.UTF8.GetString(bytes));
        Assert.True(PayloadCodec.TryDecodeCommand(bytes, out var back, out _));
        Assert.Equal(expectedBack, back!.Id);
    }

    [Fact]
    public void Encoder_replaces_lone_surrogates_which_utf8_cannot_carry()
    {
        // Not theory data: test case serialisation would itself mangle a lone surrogate.
        foreach (var (value, expected) in new[] { ("\ud83d", "\ufffd"), ("a\ude91b", "a\ufffdb"), ("\ude91\ud83d", "\ufffd\ufffd") })
        {
            var bytes = PayloadCodec.Encode(new CommandMessage { Command = "x", Id = value });

            Assert.Equal("{\"v\":1,\"cmd\":\"x\",\"id\":\"" + expected + "\"}", Encoding.UTF8.GetString(bytes));
            Assert.True(PayloadCodec.TryDecodeCommand(bytes, out var back, out _));
            Assert.Equal(expected, back!.Id);
        }
    }

    [Theory]
    [InlineData("alarmId", "0", RejectReason.BadField)]
    [InlineData("alarmId", "-1", RejectReason.BadField)]
    [InlineData("alarmId", "4294967296", RejectReason.BadField)]
    [InlineData("alarmId", "4294967295", null)]
    [InlineData("alarmId", "1", null)]
    [InlineData("alarmId", "42.0", RejectReason.BadField)]
    [InlineData("alarmId", "4.2e1", RejectReason.BadField)]
    [InlineData("alarmId", "42E0", RejectReason.BadField)]
    [InlineData("alarmId", "99999999999999999999999", RejectReason.BadField)]
    [InlineData("alarmId", "true", RejectReason.BadField)]
    [InlineData("alarmId", "null", RejectReason.BadField)]
    [InlineData("alarmId", "[42]", RejectReason.BadField)]
    [InlineData("alarmId", "{\"n\":42}", RejectReason.BadField)]
    [InlineData("kind", "\"\"", RejectReason.BadField)]
    [InlineData("kind", "1", RejectReason.BadField)]
    [InlineData("kind", "null", RejectReason.BadField)]
    [InlineData("test", "\"false\"", RejectReason.BadField)]
    [InlineData("test", "0", RejectReason.BadField)]
    [InlineData("test", "null", RejectReason.BadField)]
    [InlineData("presses", "0", RejectReason.BadField)]
    [InlineData("presses", "65535", null)]
    [InlineData("presses", "65536", RejectReason.BadField)]
    [InlineData("uptimeMs", "0", null)]
    [InlineData("uptimeMs", "-0", null)]
    [InlineData("uptimeMs", "-1", RejectReason.BadField)]
    [InlineData("uptimeMs", "9223372036854775807", null)]
    [InlineData("uptimeMs", "9223372036854775808", RejectReason.BadField)]
    [InlineData("uptimeMs", "-9223372036854775808", RejectReason.BadField)]
    [InlineData("uptimeMs", "-9223372036854775809", RejectReason.BadField)]
    [InlineData("pressedAt", "\"2026-11-22T03:15:42.120Z\"", null)]
    [InlineData("pressedAt", "\"2026-11-22T03:15:42Z\"", RejectReason.BadField)]
    [InlineData("pressedAt", "\"2026-02-30T03:15:42.120Z\"", RejectReason.BadField)]
    [InlineData("pressedAt", "0", RejectReason.BadField)]
    [InlineData("snapshot", "1", RejectReason.BadField)]
    public void Alarm_field_values_are_checked_by_type_and_range(string field, string rawValue, string? reason)
    {
        Assert.Equal(reason, DecodeAlarm(AlarmWith(field, rawValue)));
    }

    [Theory]
    [InlineData("alarmId")]
    [InlineData("kind")]
    [InlineData("test")]
    [InlineData("presses")]
    [InlineData("uptimeMs")]
    [InlineData("pressedAt")]
    [InlineData("snapshot")]
    public void Each_required_alarm_field_is_required(string field)
    {
        var start = Alarm.IndexOf(",\"" + field + "\":", StringComparison.Ordinal);
        var end = Alarm.IndexOfAny([',', '}'], start + 1);
        var json = string.Concat(Alarm.AsSpan(0, start), Alarm.AsSpan(end));

        Assert.Equal(RejectReason.MissingField, DecodeAlarm(json));
    }

    [Fact]
    public void First_failing_field_in_document_order_names_the_reason()
    {
        // alarmId (bad) comes before kind (missing).
        Assert.Equal(RejectReason.BadField, DecodeAlarm("{\"v\":1,\"alarmId\":0,\"test\":false}"));
        Assert.Equal(RejectReason.MissingField, DecodeAlarm("{\"v\":1,\"test\":7}"));
    }

    [Theory]
    [InlineData("{\"alarmId\":1}")]
    [InlineData("{\"v\":2}")]
    [InlineData("{\"v\":0}")]
    [InlineData("{\"v\":\"1\"}")]
    [InlineData("{\"v\":1.0}")]
    [InlineData("{\"v\":null}")]
    [InlineData("{\"v\":true}")]
    [InlineData("{\"v\":[1]}")]
    [InlineData("{}")]
    public void Missing_or_other_version_is_unsupported_for_every_kind(string json)
    {
        foreach (var kind in Codec.Kinds)
        {
            Assert.False(Codec.TryDecode(kind, Encoding.UTF8.GetBytes(json), out _, out var reason));
            Assert.Equal(RejectReason.UnsupportedVersion, reason);
        }
    }

    [Fact]
    public void Payload_of_1024_bytes_is_read_and_of_1025_bytes_is_too_large()
    {
        var padded = Alarm.Replace("{\"v\":1,", "{\"v\":1,\"pad\":\"\",", StringComparison.Ordinal);
        var fill = new string('x', ProtocolConstants.MaxPayloadBytes - Encoding.UTF8.GetByteCount(padded));
        var exact = padded.Replace("\"pad\":\"\"", "\"pad\":\"" + fill + "\"", StringComparison.Ordinal);
        Assert.Equal(1024, Encoding.UTF8.GetByteCount(exact));

        Assert.Null(DecodeAlarm(exact));
        Assert.Equal(RejectReason.TooLarge, DecodeAlarm(exact.Replace("\"pad\":\"", "\"pad\":\"x", StringComparison.Ordinal)));
        Assert.Equal(RejectReason.TooLarge, DecodeAlarm(new byte[5000]));
        foreach (var kind in Codec.Kinds)
        {
            Assert.False(Codec.TryDecode(kind, new byte[1025], out _, out var reason));
            Assert.Equal(RejectReason.TooLarge, reason);
        }
    }

    [Fact]
    public void Null_payload_is_not_json_for_every_kind()
    {
        foreach (var kind in Codec.Kinds)
        {
            Assert.False(Codec.TryDecode(kind, null!, out _, out var reason));
            Assert.Equal(RejectReason.NotJson, reason);
        }
    }

    [Fact]
    public void Alarm_without_synced_clock_is_encoded_with_null_press_time()
    {
        var bytes = PayloadCodec.Encode(new AlarmMessage { AlarmId = 7, Presses = 3, UptimeMs = 812 });

        Assert.Equal("{\"v\":1,\"alarmId\":7,\"kind\":\"panic\",\"test\":false,\"presses\":3,\"uptimeMs\":812,\"pressedAt\":null,\"snapshot\":false}", Encoding.UTF8.GetString(bytes));
    }

    [Theory]
    [InlineData(0L, "0")]
    [InlineData(-1L, "-1")]
    [InlineData(1234567890123L, "1234567890123")]
    [InlineData(long.MaxValue, "9223372036854775807")]
    [InlineData(long.MinValue, "-9223372036854775808")]
    public void Integers_are_written_culture_free(long value, string expected)
    {
        var bytes = PayloadCodec.Encode(new EventMessage { EventId = 1, Type = "t", UptimeMs = value });

        Assert.Equal("{\"v\":1,\"eventId\":1,\"type\":\"t\",\"active\":false,\"uptimeMs\":" + expected + ",\"at\":null}", Encoding.UTF8.GetString(bytes));
    }

    [Fact]
    public void Online_status_requires_firmware_config_hash_and_uptime()
    {
        Assert.False(PayloadCodec.TryDecodeStatus("{\"v\":1,\"state\":\"online\",\"cfg\":\"3f2a9c41\",\"uptimeMs\":5}"u8.ToArray(), out _, out var r1));
        Assert.Equal(RejectReason.MissingField, r1);
        Assert.False(PayloadCodec.TryDecodeStatus("{\"v\":1,\"state\":\"online\",\"fw\":\"1\",\"cfg\":\"3f2a9c41\"}"u8.ToArray(), out _, out var r2));
        Assert.Equal(RejectReason.MissingField, r2);
        Assert.False(PayloadCodec.TryDecodeStatus("{\"v\":1,\"state\":\"maybe\"}"u8.ToArray(), out _, out var r3));
        Assert.Equal(RejectReason.BadField, r3);
        Assert.False(PayloadCodec.TryDecodeStatus("{\"v\":1}"u8.ToArray(), out _, out var r4));
        Assert.Equal(RejectReason.MissingField, r4);
    }

    [Fact]
    public void Offline_status_ignores_online_only_fields()
    {
        Assert.True(PayloadCodec.TryDecodeStatus("{\"v\":1,\"state\":\"offline\",\"fw\":7,\"cfg\":\"X\"}"u8.ToArray(), out var m, out _));
        Assert.False(m!.Online);
        Assert.Null(m.Firmware);
        Assert.Null(m.ConfigHash);
        Assert.Equal("{\"v\":1,\"state\":\"offline\"}", Encoding.UTF8.GetString(PayloadCodec.Encode(new StatusMessage { Online = false, Firmware = "x", ConfigHash = "3f2a9c41", UptimeMs = 9 })));
    }

    [Fact]
    public void Online_status_without_firmware_is_written_with_an_empty_string_and_reads_back()
    {
        var bytes = PayloadCodec.Encode(new StatusMessage { Online = true, ConfigHash = "3f2a9c41", UptimeMs = 3 });

        Assert.Equal("{\"v\":1,\"state\":\"online\",\"fw\":\"\",\"cfg\":\"3f2a9c41\",\"uptimeMs\":3}", Encoding.UTF8.GetString(bytes));
        Assert.True(PayloadCodec.TryDecodeStatus(bytes, out var m, out _));
        Assert.Equal(string.Empty, m!.Firmware);
    }

    [Theory]
    [InlineData("{\"v\":1,\"alarmId\":1,\"state\":\"received\",\"at\":null}", RejectReason.BadField)]
    [InlineData("{\"v\":1,\"alarmId\":1,\"state\":\"received\"}", RejectReason.MissingField)]
    [InlineData("{\"v\":1,\"alarmId\":1,\"state\":\"Received\",\"at\":\"2026-11-22T03:15:42.180Z\"}", RejectReason.BadField)]
    [InlineData("{\"v\":1,\"alarmId\":1,\"state\":2,\"at\":\"2026-11-22T03:15:42.180Z\"}", RejectReason.BadField)]
    [InlineData("{\"v\":1,\"state\":\"received\",\"at\":\"2026-11-22T03:15:42.180Z\"}", RejectReason.MissingField)]
    [InlineData("{\"v\":1,\"alarmId\":1,\"at\":\"2026-11-22T03:15:42.180Z\"}", RejectReason.MissingField)]
    public void Alarm_state_needs_a_known_state_and_a_time(string json, string reason)
    {
        Assert.False(PayloadCodec.TryDecodeAlarmState(Encoding.UTF8.GetBytes(json), out _, out var actual));
        Assert.Equal(reason, actual);
    }

    [Fact]
    public void Encoding_an_undefined_alarm_state_throws()
    {
        Assert.Throws<ArgumentException>(() => PayloadCodec.Encode(new AlarmStateMessage { AlarmId = 1, State = (AlarmState)0, At = DateTime.UtcNow }));
    }

    [Theory]
    [InlineData("{\"v\":1,\"id\":\"c-1\"}", RejectReason.MissingField)]
    [InlineData("{\"v\":1,\"cmd\":\"\",\"id\":\"c-1\"}", RejectReason.BadField)]
    [InlineData("{\"v\":1,\"cmd\":\"heartbeat\"}", RejectReason.MissingField)]
    [InlineData("{\"v\":1,\"cmd\":\"heartbeat\",\"id\":17}", RejectReason.BadField)]
    public void Command_needs_a_name_and_a_correlation_id(string json, string reason)
    {
        Assert.False(PayloadCodec.TryDecodeCommand(Encoding.UTF8.GetBytes(json), out _, out var actual));
        Assert.Equal(reason, actual);
    }
}
