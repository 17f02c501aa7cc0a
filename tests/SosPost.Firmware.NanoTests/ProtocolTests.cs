#nullable enable
using nanoFramework.TestFramework;
using SosPost.Firmware.NanoTests.Support;
using SosPost.Protocol;
using SosPost.Protocol.Security;

namespace SosPost.Firmware.NanoTests;

/// <summary>
/// The wire format on the device itself. The data rows are the examples of docs/protocol.md, copied because
/// the device cannot read the repository; the bridge tests compare them with the document, so the copies
/// cannot drift from it (and print the rows to paste when they do).
/// </summary>
[TestClass]
public static class ProtocolTests
{
    /// <summary>The first alarm example of docs/protocol.md (also checked against the document).</summary>
    public const string DocumentedAlarm = "{\"v\":1,\"alarmId\":42,\"kind\":\"panic\",\"test\":false,\"presses\":1,\"uptimeMs\":5234119,\"pressedAt\":\"2026-11-22T03:15:42.120Z\",\"snapshot\":true}";

    // Decoded once in Setup and shared read-only by the field checks; released in Cleanup so that the
    // classes after this one have the memory (all classes run in one process on the device).
    private static AlarmMessage? _documentedAlarm;

    [Setup]
    public static void Decode_the_documented_alarm_once()
    {
        _documentedAlarm = Wire.Alarm(Wire.Bytes(DocumentedAlarm));
    }

    [TestMethod]
    [DataRow("alarm", "sos/v1/MHC-001/alarm", "{\"v\":1,\"alarmId\":42,\"kind\":\"panic\",\"test\":false,\"presses\":1,\"uptimeMs\":5234119,\"pressedAt\":\"2026-11-22T03:15:42.120Z\",\"snapshot\":true}")]
    [DataRow("alarm", "sos/v1/BKK-PTW-07/alarm", "{\"v\":1,\"alarmId\":7,\"kind\":\"panic\",\"test\":false,\"presses\":3,\"uptimeMs\":812,\"pressedAt\":null,\"snapshot\":false}")]
    [DataRow("alarm", "sos/v1/MHC-001/alarm", "{\"v\":1,\"alarmId\":43,\"kind\":\"panic\",\"test\":true,\"presses\":1,\"uptimeMs\":5400075,\"pressedAt\":\"2026-11-22T03:18:28.076Z\",\"snapshot\":true}")]
    [DataRow("heartbeat", "sos/v1/MHC-001/heartbeat", "{\"v\":1,\"uptimeMs\":5294119,\"fw\":\"0.1.0\",\"cfg\":\"3f2a9c41\",\"link\":\"wifi\",\"rssi\":-67,\"mains\":true,\"batteryMv\":13180,\"tamper\":false,\"lamp\":\"ok\",\"freeMem\":61440,\"reset\":\"power-on\",\"outbox\":0,\"refused\":0,\"at\":\"2026-11-22T03:16:42.120Z\"}")]
    [DataRow("heartbeat", "sos/v1/BKK-PTW-07/heartbeat", "{\"v\":1,\"uptimeMs\":60912,\"fw\":\"0.1.0\",\"cfg\":\"3f2a9c41\",\"link\":\"ethernet\",\"rssi\":null,\"mains\":false,\"batteryMv\":12650,\"tamper\":true,\"lamp\":\"unknown\",\"freeMem\":58112,\"reset\":\"brownout\",\"outbox\":2,\"at\":null}")]
    [DataRow("status", "sos/v1/MHC-001/status", "{\"v\":1,\"state\":\"online\",\"fw\":\"0.1.0\",\"cfg\":\"3f2a9c41\",\"uptimeMs\":1200}")]
    [DataRow("status", "sos/v1/MHC-001/status", "{\"v\":1,\"state\":\"offline\"}")]
    [DataRow("alarm-state", "sos/v1/MHC-001/alarm/state", "{\"v\":1,\"alarmId\":42,\"state\":\"received\",\"at\":\"2026-11-22T03:15:42.180Z\"}")]
    [DataRow("alarm-state", "sos/v1/MHC-001/alarm/state", "{\"v\":1,\"alarmId\":42,\"state\":\"dispatched\",\"at\":\"2026-11-22T03:16:10.004Z\"}")]
    [DataRow("event", "sos/v1/MHC-001/event", "{\"v\":1,\"eventId\":17,\"type\":\"tamper\",\"active\":true,\"uptimeMs\":5301200,\"at\":\"2026-11-22T03:16:49.201Z\"}")]
    [DataRow("event", "sos/v1/MHC-001/event", "{\"v\":1,\"eventId\":18,\"type\":\"tamper\",\"active\":false,\"uptimeMs\":5342050,\"at\":\"2026-11-22T03:17:30.051Z\"}")]
    [DataRow("event", "sos/v1/BKK-PTW-07/event", "{\"v\":1,\"eventId\":3,\"type\":\"mains\",\"active\":true,\"uptimeMs\":950,\"at\":null}")]
    [DataRow("event-ack", "sos/v1/MHC-001/event/ack", "{\"v\":1,\"eventId\":17}")]
    [DataRow("selftest", "sos/v1/MHC-001/selftest", "{\"v\":1,\"id\":\"c-18\",\"trigger\":\"command\",\"ok\":true,\"lamp\":\"pass\",\"camera\":\"pass\",\"link\":\"pass\",\"storage\":\"pass\",\"linkRttMs\":45,\"uptimeMs\":5400120,\"at\":\"2026-11-22T03:18:28.121Z\"}")]
    [DataRow("selftest", "sos/v1/BKK-PTW-07/selftest", "{\"v\":1,\"id\":\"b-812400\",\"trigger\":\"button\",\"ok\":false,\"lamp\":\"fail\",\"camera\":\"skip\",\"link\":\"fail\",\"storage\":\"pass\",\"linkRttMs\":null,\"uptimeMs\":842400,\"at\":null}")]
    [DataRow("command", "sos/v1/MHC-001/cmd", "{\"v\":1,\"cmd\":\"heartbeat\",\"id\":\"c-17\"}")]
    [DataRow("command", "sos/v1/MHC-001/cmd", "{\"v\":1,\"cmd\":\"selftest\",\"id\":\"c-18\"}")]
    public static void Documented_example_decodes_and_encodes_back_byte_for_byte(string kind, string topic, string json)
    {
        var payload = Wire.Bytes(json);
        byte[] encoded;
        TopicKind expectedTopic;
        if (kind == "alarm")
        {
            encoded = PayloadCodec.Encode(Wire.Alarm(payload));
            expectedTopic = TopicKind.Alarm;
        }
        else if (kind == "heartbeat")
        {
            encoded = PayloadCodec.Encode(Wire.Heartbeat(payload));
            expectedTopic = TopicKind.Heartbeat;
        }
        else if (kind == "status")
        {
            encoded = PayloadCodec.Encode(Wire.Status(payload));
            expectedTopic = TopicKind.Status;
        }
        else if (kind == "alarm-state")
        {
            encoded = PayloadCodec.Encode(Wire.AlarmState(payload));
            expectedTopic = TopicKind.AlarmState;
        }
        else if (kind == "event")
        {
            encoded = PayloadCodec.Encode(Wire.Event(payload));
            expectedTopic = TopicKind.Event;
        }
        else if (kind == "event-ack")
        {
            encoded = PayloadCodec.Encode(Wire.EventAck(payload));
            expectedTopic = TopicKind.EventAck;
        }
        else if (kind == "selftest")
        {
            encoded = PayloadCodec.Encode(Wire.SelfTest(payload));
            expectedTopic = TopicKind.SelfTest;
        }
        else if (kind == "command")
        {
            encoded = PayloadCodec.Encode(Wire.Command(payload));
            expectedTopic = TopicKind.Command;
        }
        else
        {
            throw Wire.Failure("no decoder for vector kind " + kind);
        }

        Assert.AreEqual(json, Wire.Text(encoded), kind + " re-encoded");
        string postId;
        TopicKind topicKind;
        Assert.IsTrue(Topics.TryParse(topic, out postId, out topicKind), "topic " + topic);
        Assert.AreEqual((int)expectedTopic, (int)topicKind, "kind of topic " + topic);
        Assert.StartsWith(ProtocolConstants.TopicRoot + postId + "/", topic);
    }

    [TestMethod]
    [DataRow("alarm", "{\"v\":1,\"alarmId\":42,\"kind\":\"panic\"", "not-json")]
    [DataRow("alarm", "{\"v\":2,\"alarmId\":42,\"kind\":\"panic\",\"test\":false,\"presses\":1,\"uptimeMs\":5,\"pressedAt\":null,\"snapshot\":false}", "unsupported-version")]
    [DataRow("alarm", "{\"v\":1,\"kind\":\"panic\",\"test\":false,\"presses\":1,\"uptimeMs\":5,\"pressedAt\":null,\"snapshot\":false}", "missing-field")]
    [DataRow("alarm", "{\"v\":1,\"alarmId\":\"42\",\"kind\":\"panic\",\"test\":false,\"presses\":1,\"uptimeMs\":5,\"pressedAt\":null,\"snapshot\":false}", "bad-field")]
    [DataRow("alarm", "{\"v\":1,\"alarmId\":0,\"kind\":\"panic\",\"test\":false,\"presses\":1,\"uptimeMs\":5,\"pressedAt\":null,\"snapshot\":false}", "bad-field")]
    [DataRow("alarm", "{\"v\":1,\"alarmId\":42,\"kind\":\"panic\",\"test\":false,\"presses\":1,\"uptimeMs\":5,\"pressedAt\":\"yesterday\",\"snapshot\":false}", "bad-field")]
    [DataRow("heartbeat", "{\"v\":1,\"uptimeMs\":5,\"fw\":\"0.1.0\",\"cfg\":\"3f2a9c41\",\"link\":\"wifi\",\"rssi\":-67,\"mains\":true,\"batteryMv\":13180,\"tamper\":false,\"lamp\":\"ok\",\"freeMem\":61440,\"reset\":\"power-on\",\"outbox\":0,\"at\":null} trailing", "not-json")]
    [DataRow("heartbeat", "{\"v\":1,\"uptimeMs\":5,\"fw\":\"0.1.0\",\"outbox\":0,\"at\":null}", "missing-field")]
    [DataRow("heartbeat", "{\"v\":1,\"uptimeMs\":5,\"fw\":\"0.1.0\",\"cfg\":\"3f2a9c41\",\"link\":\"wifi\",\"rssi\":12,\"mains\":true,\"batteryMv\":13180,\"tamper\":false,\"lamp\":\"ok\",\"freeMem\":61440,\"reset\":\"power-on\",\"outbox\":0,\"at\":null}", "bad-field")]
    [DataRow("heartbeat", "{\"v\":1,\"uptimeMs\":5,\"fw\":\"0.1.0\",\"cfg\":\"3f2a9c41\",\"link\":\"\",\"rssi\":null,\"mains\":true,\"batteryMv\":13180,\"tamper\":false,\"lamp\":\"ok\",\"freeMem\":61440,\"reset\":\"power-on\",\"outbox\":0,\"at\":null}", "bad-field")]
    [DataRow("status", "{\"v\":1,\"state\":\"online\",\"fw\":\"0.1.0\",\"uptimeMs\":1200}", "missing-field")]
    [DataRow("status", "{\"v\":1,\"state\":\"online\",\"fw\":\"0.1.0\",\"cfg\":\"3F2A9C41\",\"uptimeMs\":1200}", "bad-field")]
    [DataRow("event", "{\"v\":1,\"eventId\":0,\"type\":\"tamper\",\"active\":true,\"uptimeMs\":5301200,\"at\":null}", "bad-field")]
    [DataRow("event", "{\"v\":1,\"eventId\":17,\"active\":true,\"uptimeMs\":5301200,\"at\":null}", "missing-field")]
    [DataRow("event", "{\"v\":1,\"eventId\":17,\"type\":\"tamper\",\"active\":\"true\",\"uptimeMs\":5301200,\"at\":null}", "bad-field")]
    [DataRow("event-ack", "{\"v\":1}", "missing-field")]
    [DataRow("event-ack", "{\"v\":1,\"eventId\":4294967296}", "bad-field")]
    [DataRow("selftest", "{\"v\":1,\"id\":\"c-18\",\"ok\":true,\"lamp\":\"pass\",\"camera\":\"pass\",\"link\":\"pass\",\"storage\":\"pass\",\"linkRttMs\":45,\"uptimeMs\":5400120,\"at\":null}", "missing-field")]
    [DataRow("selftest", "{\"v\":1,\"id\":\"c-18\",\"trigger\":\"command\",\"ok\":true,\"lamp\":\"pass\",\"camera\":\"pass\",\"link\":\"pass\",\"storage\":\"pass\",\"linkRttMs\":-1,\"uptimeMs\":5400120,\"at\":null}", "bad-field")]
    [DataRow("alarm-state", "{\"v\":1,\"alarmId\":42,\"state\":\"lost\",\"at\":\"2026-11-22T03:15:42.180Z\"}", "bad-field")]
    public static void Documented_bad_example_is_rejected_with_its_reason(string kind, string json, string expectedReason)
    {
        var payload = Wire.Bytes(json);
        bool accepted;
        string? reason;
        if (kind == "alarm")
        {
            accepted = PayloadCodec.TryDecodeAlarm(payload, out _, out reason);
        }
        else if (kind == "heartbeat")
        {
            accepted = PayloadCodec.TryDecodeHeartbeat(payload, out _, out reason);
        }
        else if (kind == "status")
        {
            accepted = PayloadCodec.TryDecodeStatus(payload, out _, out reason);
        }
        else if (kind == "alarm-state")
        {
            accepted = PayloadCodec.TryDecodeAlarmState(payload, out _, out reason);
        }
        else if (kind == "event")
        {
            accepted = PayloadCodec.TryDecodeEvent(payload, out _, out reason);
        }
        else if (kind == "event-ack")
        {
            accepted = PayloadCodec.TryDecodeEventAck(payload, out _, out reason);
        }
        else if (kind == "selftest")
        {
            accepted = PayloadCodec.TryDecodeSelfTest(payload, out _, out reason);
        }
        else
        {
            throw Wire.Failure("no decoder for vector kind " + kind);
        }

        Assert.IsFalse(accepted, kind + " accepted");
        Assert.AreEqual(expectedReason, reason, "reject reason");
    }

    // The "text signing" examples of docs/protocol.md: key, topic, payload, ctr (as digits: data rows carry ints
    // and strings only), mac, and the payload as sent.
    [TestMethod]
    [DataRow("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f", "sos/v1/MHC-001/alarm", "{\"v\":1,\"alarmId\":42,\"kind\":\"panic\",\"test\":false,\"presses\":1,\"uptimeMs\":5234119,\"pressedAt\":\"2026-11-22T03:15:42.120Z\",\"snapshot\":true}", "1795314942120000", "312e69e3e91a39b814201c00d6f0d98cb225b2c2447e3478287ff73bfaf99a27", "{\"v\":1,\"alarmId\":42,\"kind\":\"panic\",\"test\":false,\"presses\":1,\"uptimeMs\":5234119,\"pressedAt\":\"2026-11-22T03:15:42.120Z\",\"snapshot\":true,\"ctr\":1795314942120000,\"mac\":\"312e69e3e91a39b814201c00d6f0d98cb225b2c2447e3478287ff73bfaf99a27\"}")]
    [DataRow("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f", "sos/v1/MHC-001/status", "{\"v\":1,\"state\":\"offline\"}", "1795314941000001", "7fb4cf62f123d44a283c50c4d763b4f985fb4df02a2fa544cda03ae4b25a3588", "{\"v\":1,\"state\":\"offline\",\"ctr\":1795314941000001,\"mac\":\"7fb4cf62f123d44a283c50c4d763b4f985fb4df02a2fa544cda03ae4b25a3588\"}")]
    [DataRow("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f", "sos/v1/MHC-001/alarm/state", "{\"v\":1,\"alarmId\":42,\"state\":\"dispatched\",\"at\":\"2026-11-22T03:16:10.004Z\"}", "1795314942180001", "a79bd89ee238396b6234e18a7a956b63dbb9dceb2584490e182697584c09eb2c", "{\"v\":1,\"alarmId\":42,\"state\":\"dispatched\",\"at\":\"2026-11-22T03:16:10.004Z\",\"ctr\":1795314942180001,\"mac\":\"a79bd89ee238396b6234e18a7a956b63dbb9dceb2584490e182697584c09eb2c\"}")]
    [DataRow("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f", "sos/v1/MHC-001/event/ack", "{\"v\":1,\"eventId\":17}", "1795314942180002", "28e78b68a1034ac5bb31433246812f16c8cb64a787f995c952514ba505daf9b5", "{\"v\":1,\"eventId\":17,\"ctr\":1795314942180002,\"mac\":\"28e78b68a1034ac5bb31433246812f16c8cb64a787f995c952514ba505daf9b5\"}")]
    [DataRow("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f", "sos/v1/MHC-001/cmd", "{\"v\":1,\"cmd\":\"selftest\",\"id\":\"c-18\"}", "1795314942180003", "5cdd577cd7281ad765e76bed1b64eae5fc92fef7c80cab6ce4c4a4a62804bdfe", "{\"v\":1,\"cmd\":\"selftest\",\"id\":\"c-18\",\"ctr\":1795314942180003,\"mac\":\"5cdd577cd7281ad765e76bed1b64eae5fc92fef7c80cab6ce4c4a4a62804bdfe\"}")]
    public static void Documented_signing_is_reproduced_byte_for_byte_and_verifies(string key, string topic, string payload, string ctr, string mac, string sent)
    {
        var keyBytes = MessageAuth.ParseKey(key);
        if (keyBytes == null)
        {
            throw Wire.Failure("not a 64-hex-digit key: " + key);
        }

        var counter = Wire.Digits(ctr);
        var auth = new MessageAuth(keyBytes);

        var signed = auth.Sign(topic, Wire.Bytes(payload), counter);

        Assert.AreEqual(sent, Wire.Text(signed), "signed " + topic);
        CollectionAssert.AreEqual(Wire.Bytes(sent), signed, "byte for byte");
        Assert.EndsWith(",\"mac\":\"" + mac + "\"}", sent, "the documented mac is the one sent");
        long read;
        Assert.IsTrue(auth.Verify(topic, Wire.Bytes(sent), out read), "the documented payload verifies");
        Assert.AreEqual(counter, read, "counter read back");
    }

    [TestMethod]
    public static void Documented_alarm_has_the_fields_of_the_table()
    {
        var alarm = _documentedAlarm;
        if (alarm == null)
        {
            throw Wire.Failure("Setup did not decode the documented alarm");
        }

        Assert.AreEqual(42L, alarm.AlarmId);
        Assert.AreEqual("panic", alarm.Kind);
        Assert.IsFalse(alarm.Test);
        Assert.AreEqual(1, alarm.Presses);
        Assert.AreEqual(5234119L, alarm.UptimeMs);
        Assert.AreEqual("2026-11-22T03:15:42.120Z", IsoTime.Format(alarm.PressedAt));
        Assert.IsTrue(alarm.Snapshot);
    }

    [TestMethod]
    public static void Topics_of_a_post_are_the_documented_tree()
    {
        Assert.AreEqual("sos/v1/MHC-001/alarm", Topics.Alarm("MHC-001"));
        Assert.AreEqual("sos/v1/MHC-001/heartbeat", Topics.Heartbeat("MHC-001"));
        Assert.AreEqual("sos/v1/MHC-001/status", Topics.Status("MHC-001"));
        Assert.AreEqual("sos/v1/MHC-001/alarm/state", Topics.AlarmState("MHC-001"));
        Assert.AreEqual("sos/v1/MHC-001/cmd", Topics.Command("MHC-001"));
        Assert.IsTrue(Topics.IsValidPostId("BKK-PTW-07"));
        Assert.IsFalse(Topics.IsValidPostId("-MHC"), "a post id starts with a letter or digit");
        Assert.IsFalse(Topics.IsValidPostId("mhc-001"), "upper case only");
        Assert.IsFalse(Topics.IsValidPostId("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456"), "33 characters");
    }

    [Cleanup]
    public static void Release_the_shared_alarm()
    {
        _documentedAlarm = null;
    }
}
