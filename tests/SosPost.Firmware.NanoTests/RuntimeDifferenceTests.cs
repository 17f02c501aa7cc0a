#nullable enable
using System;
using System.Collections;
using nanoFramework.TestFramework;
using SosPost.Firmware.NanoTests.Support;
using SosPost.Protocol;

namespace SosPost.Firmware.NanoTests;

/// <summary>
/// Where nanoFramework's base library differs from .NET's, the protocol code must not lean on it: the same
/// bytes in give the same bytes and verdicts out on both runtimes. Each case failed on nanoCLR (and passed on
/// .NET) before the protocol code was changed.
/// </summary>
[TestClass]
public static class RuntimeDifferenceTests
{
    // nanoFramework's DateTime ends at 3000-12-31T23:59:59.999 (.NET's at 9999): a later time threw
    // ArgumentOutOfRangeException out of the decoder on the post, and was accepted by the gateway.
    [TestMethod]
    [DataRow("3001-01-01T00:00:00.000Z")]
    [DataRow("9999-12-31T23:59:59.999Z")]
    public static void Time_after_the_year_3000_is_a_bad_field_on_every_runtime(string at)
    {
        var json = "{\"v\":1,\"alarmId\":42,\"state\":\"received\",\"at\":\"" + at + "\"}";

        var accepted = PayloadCodec.TryDecodeAlarmState(Wire.Bytes(json), out _, out var reason);

        Assert.IsFalse(accepted, "accepted " + at);
        Assert.AreEqual(RejectReason.BadField, reason, "reject reason");
        Assert.IsFalse(IsoTime.TryParse(at, out var utc), "parsed " + at);
        Assert.AreEqual(DateTime.MinValue.Ticks, utc.Ticks, "nothing parsed");
    }

    [TestMethod]
    [DataRow("1970-01-01T00:00:00.000Z")]
    [DataRow("3000-12-31T23:59:59.999Z")]
    public static void Times_at_the_ends_of_the_range_round_trip(string at)
    {
        Assert.IsTrue(IsoTime.TryParse(at, out var utc), "parsed " + at);
        Assert.AreEqual(at, IsoTime.Format(utc));
    }

    // nanoFramework's string indexer gives the high surrogate again where the low one is (its strings are UTF-8
    // inside; ToCharArray has both halves): the writer turned a character beyond the basic plane into two U+FFFD
    // on the post, and .NET into the character (F0 9F 98 80). A self-test report echoes the command's id, so
    // the gateway must get its own id back byte for byte.
    [TestMethod]
    public static void Command_id_beyond_the_basic_plane_comes_back_in_the_report_byte_for_byte()
    {
        var command = Wire.Command(Wire.Bytes("{\"v\":1,\"cmd\":\"selftest\",\"id\":\"c-\\ud83d\\ude00\\u00e9\"}"));

        var payload = PayloadCodec.Encode(new SelfTestMessage { Id = command.Id, Trigger = SelfTestTrigger.Command });

        ExpectIdBytes(payload, new byte[] { (byte)'c', (byte)'-', 0xF0, 0x9F, 0x98, 0x80, 0xC3, 0xA9, (byte)'"' });
        Assert.AreEqual(command.Id, Wire.SelfTest(payload).Id, "the id read back");
    }

    // A lone surrogate cannot come from a decoded message (the reader rejects it), only from code: both runtimes
    // write U+FFFD for it.
    [TestMethod]
    public static void Lone_surrogate_is_written_as_the_replacement_character()
    {
        var id = new string(new[] { 'a', (char)0xD800, 'b', (char)0xDC00 });

        var payload = PayloadCodec.Encode(new SelfTestMessage { Id = id, Trigger = SelfTestTrigger.Command });

        ExpectIdBytes(payload, new byte[] { (byte)'a', 0xEF, 0xBF, 0xBD, (byte)'b', 0xEF, 0xBF, 0xBD, (byte)'"' });
    }

    private static void ExpectIdBytes(byte[] payload, byte[] expected)
    {
        var prefix = Wire.Bytes("{\"v\":1,\"id\":\"");
        for (var i = 0; i < prefix.Length; i++)
        {
            Assert.AreEqual((int)prefix[i], (int)payload[i], "byte " + i + " of " + Wire.Text(payload));
        }

        for (var i = 0; i < expected.Length; i++)
        {
            Assert.AreEqual((int)expected[i], (int)payload[prefix.Length + i], "byte " + i + " of the id in " + Wire.Text(payload));
        }
    }

    // nanoFramework's Hashtable (System.Collections 1.5.0): once a key was removed, setting another key it already
    // holds through the indexer can add a second entry instead of replacing the first, and reads keep returning the
    // old value. Found when the post's flash simulator (MemoryKeyValueStore) gained the gateway counter's key: the
    // alarm counter read back "garbage" after being set to "42". The firmware's stores do not update Hashtables (the
    // device's flash store is files, the JSON reader only adds); the simulator removes and adds.
    [TestMethod]
    public static void A_key_removed_and_added_again_holds_only_the_new_value()
    {
        var table = new Hashtable();
        table["alarm.pending"] = "41";
        table["alarm.counter"] = "garbage";
        table["boot.unstable"] = "1";
        table["msg.counter"] = "1000";
        table["gw.counter"] = "1001";
        table.Remove("alarm.pending");

        table.Remove("alarm.counter");
        table.Add("alarm.counter", "42");

        Assert.AreEqual("42", (string?)table["alarm.counter"], "read back");
        Assert.AreEqual(4, table.Count, "one entry per key");
    }
}
