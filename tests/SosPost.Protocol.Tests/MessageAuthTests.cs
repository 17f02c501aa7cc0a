using System.Text;
using SosPost.Protocol.Security;

namespace SosPost.Protocol.Tests;

/// <summary>docs/protocol.md, "Message authentication": the signing examples are vectors, and what verification refuses.</summary>
public sealed class MessageAuthTests
{
    private const string Topic = "sos/v1/MHC-001/alarm";
    private static readonly byte[] Key = Convert.FromHexString("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
    private static readonly byte[] Alarm = Encoding.UTF8.GetBytes("""{"v":1,"alarmId":42,"kind":"panic","test":false,"presses":1,"uptimeMs":5,"pressedAt":null,"snapshot":false}""");

    public static TheoryData<string, string, string, long, string, string> DocumentedSignings()
    {
        var data = new TheoryData<string, string, string, long, string, string>();
        var lines = File.ReadAllLines(Path.Combine(ProtocolDocument.RepositoryRoot(), "docs", "protocol.md"));
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i] != "```text signing")
            {
                continue;
            }

            var fields = lines.Skip(i + 1).TakeWhile(l => l != "```").ToDictionary(l => l[..l.IndexOf(' ', StringComparison.Ordinal)], l => l[8..], StringComparer.Ordinal);
            data.Add(fields["key"], fields["topic"], fields["payload"], long.Parse(fields["ctr"], System.Globalization.CultureInfo.InvariantCulture), fields["mac"], fields["sent"]);
        }

        return data;
    }

    [Fact]
    public void The_document_has_signing_examples()
    {
        Assert.True(DocumentedSignings().Count >= 2);
    }

    [Theory]
    [MemberData(nameof(DocumentedSignings))]
    public void Documented_signing_is_reproduced_byte_for_byte_and_verifies(string key, string topic, string payload, long counter, string mac, string sent)
    {
        var auth = new MessageAuth(MessageAuth.ParseKey(key)!);

        var signed = auth.Sign(topic, Encoding.UTF8.GetBytes(payload), counter);

        Assert.Equal(sent, Encoding.UTF8.GetString(signed));
        Assert.EndsWith(",\"mac\":\"" + mac + "\"}", sent, StringComparison.Ordinal);
        Assert.True(auth.Verify(topic, signed, out var read));
        Assert.Equal(counter, read);
        var expected = System.Security.Cryptography.HMACSHA256.HashData(MessageAuth.ParseKey(key)!, Encoding.UTF8.GetBytes(topic + "\n" + sent[..sent.IndexOf(",\"mac\":", StringComparison.Ordinal)] + "}"));
        Assert.Equal(mac, Convert.ToHexStringLower(expected));
    }

    [Fact]
    public void Every_changed_byte_of_a_signed_payload_fails_verification()
    {
        var auth = new MessageAuth(Key);
        var signed = auth.Sign(Topic, Alarm, 7);
        for (var i = 0; i < signed.Length; i++)
        {
            var changed = (byte[])signed.Clone();
            changed[i] ^= 0x01;
            Assert.False(auth.Verify(Topic, changed, out _), "byte " + i);
        }
    }

    [Fact]
    public void A_signature_is_bound_to_its_topic_key_and_counter()
    {
        var signed = new MessageAuth(Key).Sign(Topic, Alarm, 7);

        Assert.False(new MessageAuth(Key).Verify("sos/v1/MHC-002/alarm", signed, out _));
        Assert.False(new MessageAuth(MessageAuth.DerivePostKey(Key, "MHC-001")).Verify(Topic, signed, out _));
        var otherCounter = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(signed).Replace("\"ctr\":7,", "\"ctr\":8,", StringComparison.Ordinal));
        Assert.False(new MessageAuth(Key).Verify(Topic, otherCounter, out _));
    }

    [Theory]
    [InlineData("""{"v":1}""")]
    [InlineData("""{"v":1,"mac":"00"}""")]
    [InlineData("""{"v":1,"ctr":1,"mac":"0000000000000000000000000000000000000000000000000000000000000000"}""")]
    [InlineData("""{"v":1,"ctr":01,"mac":"0000000000000000000000000000000000000000000000000000000000000000"}""")]
    [InlineData("""{"v":1,"ctr":99999999999999999999,"mac":"0000000000000000000000000000000000000000000000000000000000000000"}""")]
    [InlineData("""{"v":1,"ctr":1,"mac":"0000000000000000000000000000000000000000000000000000000000000000"} """)]
    [InlineData("")]
    public void Unsigned_malformed_or_zero_macs_never_verify(string payload)
    {
        Assert.False(new MessageAuth(Key).Verify(Topic, Encoding.UTF8.GetBytes(payload), out var counter));
        Assert.Equal(0, counter);
    }

    [Fact]
    public void A_signed_payload_still_decodes_with_its_fields_the_extra_two_ignored()
    {
        var signed = new MessageAuth(Key).Sign(Topic, Alarm, long.MaxValue);

        Assert.True(PayloadCodec.TryDecodeAlarm(signed, out var alarm, out _));
        Assert.Equal(42, alarm!.AlarmId);
        Assert.True(signed.Length - Alarm.Length <= MessageAuth.MaxOverhead);
    }

    [Fact]
    public void Post_keys_are_derived_from_the_master_per_post()
    {
        var first = MessageAuth.DerivePostKey(Key, "MHC-001");

        Assert.Equal(System.Security.Cryptography.HMACSHA256.HashData(Key, "sospost-post-key:MHC-001"u8.ToArray()), first);
        Assert.NotEqual(first, MessageAuth.DerivePostKey(Key, "MHC-002"));
        Assert.Equal(MessageAuth.FormatKey(first), MessageAuth.FormatKey(MessageAuth.ParseKey(MessageAuth.FormatKey(first).ToUpperInvariant())!));
        Assert.Null(MessageAuth.ParseKey("00"));
        Assert.Null(MessageAuth.ParseKey(new string('g', 64)));
    }

    [Fact]
    public void Signing_refuses_what_is_not_an_object_or_a_counter_below_one()
    {
        var auth = new MessageAuth(Key);

        Assert.Throws<ArgumentException>(() => auth.Sign(Topic, "[1]"u8.ToArray(), 1));
        Assert.Throws<ArgumentException>(() => auth.Sign(Topic, Alarm, 0));
        Assert.Throws<ArgumentException>(() => new MessageAuth(new byte[16]));
    }
}
