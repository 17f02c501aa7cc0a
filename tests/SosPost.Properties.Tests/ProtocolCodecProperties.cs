using System.Text;
using FsCheck;
using FsCheck.Fluent;
using SosPost.Protocol;

namespace SosPost.Properties.Tests;

/// <summary>The payload codec of docs/protocol.md: every message survives encode then decode, and no bytes make a decoder throw.</summary>
public sealed class ProtocolCodecProperties
{
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(4);

    private static readonly string[] Reasons =
        [RejectReason.TooLarge, RejectReason.NotJson, RejectReason.UnsupportedVersion, RejectReason.MissingField, RejectReason.BadField];

    private static readonly string[] JsonTokens =
    [
        "{", "}", "[", "]", ",", ":", "\"v\":1", "\"v\":", "\"alarmId\":", "\"state\":", "\"eventId\":", "\"at\":", "\"\"", "\"panic\"", "\"online\"",
        "0", "1", "-1", "42", "1e5", "0.5", "99999999999999999999", "true", "false", "null", "\"2026-11-22T03:15:42.120Z\"", "\"\\u00e9\"", "\"\\ud83d\\ude91\"",
        "\"\\ud800\"", " ", "\n", "\\", "\"", "\u00e9", "\U0001F691",
    ];

    [Fact]
    public void Every_message_decodes_to_what_was_encoded_unless_it_is_too_large()
    {
        var values = Gen.OneOf(Messages()).Arb();
        PropertyRun.ForAll("codec round trip", values, message =>
        {
            var kind = Codec.KindOf(message);
            var bytes = Codec.Encode(message);
            var ok = Codec.TryDecode(kind, bytes, out var decoded, out var reason);
            if (bytes.Length > ProtocolConstants.MaxPayloadBytes)
            {
                Assert.False(ok);
                Assert.Equal(RejectReason.TooLarge, reason);
                return;
            }

            Assert.True(ok, $"{Encoding.UTF8.GetString(bytes)} rejected: {reason}");
            Codec.AssertSame(message, decoded!);
            Assert.Equal(bytes, Codec.Encode(decoded!));
        }, cases: 1500, Budget);
    }

    [Fact]
    public void Any_bytes_give_every_decoder_a_message_or_a_documented_reason_in_bounded_memory()
    {
        Warm();
        var jsonish = from parts in Gen.ListOf(Gen.Elements(JsonTokens)) select Encoding.UTF8.GetBytes("{\"v\":1," + string.Concat(parts));
        var values = Gen.OneOf(Generators.Bytes(1100, (byte)'{', (byte)' '), jsonish).Arb();
        PropertyRun.ForAll("codec is total", values, AssertTotal, cases: 2500, Budget);
    }

    [Fact]
    public void Every_mutation_of_every_documented_vector_is_decoded_or_rejected_and_what_decodes_encodes_stably()
    {
        Warm();
        Assert.NotEmpty(Corpus.ProtocolVectors);
        foreach (var (seed, _) in Corpus.ProtocolVectors.Concat(Corpus.InvalidProtocolVectors))
        {
            foreach (var mutation in Mutator.Mutations(seed, Mutator.PerSeed))
            {
                MqttDecoderProperties.Guard(mutation, () =>
                {
                    AssertTotal(mutation.Bytes);

                    // Whatever its own decoder accepts is a message that encodes and decodes to itself.
                    if (Codec.TryDecode(seed.Format, mutation.Bytes, out var message, out _))
                    {
                        var again = Codec.Encode(message!);
                        Assert.True(Codec.TryDecode(seed.Format, again, out var decoded, out var reason), reason);
                        Codec.AssertSame(message!, decoded!);
                    }
                });
            }
        }
    }

    private static void AssertTotal(byte[] bytes)
    {
        foreach (var kind in Codec.Kinds)
        {
            var ok = false;
            object? message = null;
            string? reason = null;
            var allocated = PropertyRun.Allocated(() => ok = Codec.TryDecode(kind, bytes, out message, out reason));
            Assert.Equal(ok, message is not null);
            Assert.Equal(ok, reason is null);
            if (!ok)
            {
                Assert.Contains(reason, Reasons);
            }

            // Past the size check a payload is at most 1 KiB: names and strings as UTF-16, a table, boxed numbers.
            Assert.True(allocated <= 32_768 + (16L * Math.Min(bytes.Length, ProtocolConstants.MaxPayloadBytes)), $"{kind}: {bytes.Length} bytes allocated {allocated}");
        }
    }

    private static void Warm()
    {
        foreach (var (seed, _) in Corpus.ProtocolVectors.Concat(Corpus.InvalidProtocolVectors))
        {
            foreach (var kind in Codec.Kinds)
            {
                Codec.TryDecode(kind, seed.Bytes, out _, out _);
            }
        }
    }

    private static Gen<object>[] Messages()
    {
        var word = Generators.Text(24);
        var anyText = Gen.OneOf(Gen.Constant(""), Generators.Text(24));
        var id = Generators.Long(1, PayloadCodec.MaxAlarmId);
        var uptime = Generators.Long(0, long.MaxValue);
        var time = Gen.Frequency((1, Gen.Constant(DateTime.MinValue)), (4, Generators.ProtocolTime));
        var hash = from digits in Gen.ArrayOf(Gen.Elements("0123456789abcdef".ToCharArray()), 8) select new string(digits);
        var flag = Gen.Elements(true, false);

        var alarm =
            from alarmId in id from kind in word from test in flag from presses in Gen.Choose(1, PayloadCodec.MaxPresses)
            from up in uptime from at in time from snapshot in flag
            select (object)new AlarmMessage { AlarmId = alarmId, Kind = kind, Test = test, Presses = presses, UptimeMs = up, PressedAt = at, Snapshot = snapshot };
        var heartbeat =
            from up in uptime from fw in anyText from cfg in hash from link in word
            from rssi in Gen.Frequency((1, Gen.Constant(HeartbeatMessage.NoRssi)), (4, Gen.Choose(PayloadCodec.MinRssiDbm, 0)))
            from mains in flag from battery in Gen.Choose(0, PayloadCodec.MaxBatteryMv) from tamper in flag from lamp in word
            from free in Generators.Long(0, PayloadCodec.MaxFreeMemoryBytes) from reset in word from outbox in Gen.Choose(0, int.MaxValue) from at in time
            select (object)new HeartbeatMessage
            {
                UptimeMs = up, Firmware = fw, ConfigHash = cfg, Link = link, RssiDbm = rssi, MainsPresent = mains, BatteryMv = battery,
                Tamper = tamper, Lamp = lamp, FreeMemoryBytes = free, LastReset = reset, Outbox = outbox, At = at,
            };
        var status =
            from online in flag from fw in anyText from cfg in hash from up in uptime
            select (object)(online ? new StatusMessage { Online = true, Firmware = fw, ConfigHash = cfg, UptimeMs = up } : new StatusMessage());
        var alarmState =
            from alarmId in id from dispatched in flag from at in Generators.ProtocolTime
            select (object)new AlarmStateMessage { AlarmId = alarmId, State = dispatched ? AlarmState.Dispatched : AlarmState.Received, At = at };
        var command = from cmd in word from commandId in anyText select (object)new CommandMessage { Command = cmd, Id = commandId };
        var trouble =
            from eventId in id from type in word from active in flag from up in uptime from at in time
            select (object)new EventMessage { EventId = eventId, Type = type, Active = active, UptimeMs = up, At = at };
        var eventAck = from eventId in id select (object)new EventAckMessage { EventId = eventId };
        var selfTest =
            from testId in anyText from trigger in word from ok in flag from lamp in word from camera in word from link in word from storage in word
            from rtt in Gen.Frequency((1, Gen.Constant(SelfTestMessage.NoRoundTrip)), (4, Generators.Long(0, int.MaxValue)))
            from up in uptime from at in time
            select (object)new SelfTestMessage
            {
                Id = testId, Trigger = trigger, Ok = ok, Lamp = lamp, Camera = camera, Link = link, Storage = storage, LinkRttMs = rtt, UptimeMs = up, At = at,
            };
        return [alarm, heartbeat, status, alarmState, command, trouble, eventAck, selfTest];
    }
}
