using Microsoft.Extensions.Logging;
using SosPost.Mqtt.Tests.Packets;
using SosPost.Mqtt.Tests.Support;
using SosPost.Testing;

namespace SosPost.Mqtt.Tests;

/// <summary>Behaviour a real broker will not show on demand: junk on the wire, refusals, silence, exact re-send bytes.</summary>
public sealed class FakeServerTests(ITestOutputHelper output) : IAsyncDisposable
{
    private readonly FakeMqttServer _server = new();
    private readonly List<MqttClient> _clients = [];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string, string, string> Junk => new()
    {
        { "reserved packet type", "00 00", "packet type 0 is reserved" },
        { "remaining length of 5 bytes", "30 FF FF FF FF 01", "more than 4 bytes" },
        { "packet larger than MaxPacketSize", "30 FF FF 7F", "exceeds the maximum packet size of 65536 bytes" },
        { "topic that is not UTF-8", "30 05 0003 61FF62", "not valid UTF-8" },
        { "PUBREL with wrong flags", "60 02 0001", "PUBREL must have flags 0010" },
        { "second CONNACK", "20 02 00 00", "unexpected ConnAckPacket" },
        { "seeded random bytes after a reserved type", "0F" + Convert.ToHexString(RandomBytes(1024)), "reserved" },
    };

    [Theory]
    [MemberData(nameof(Junk))]
    public async Task Junk_after_connack_makes_the_client_log_drop_and_reconnect(string what, string junkHex, string expectedReason)
    {
        var (client, log) = Create(_server.Options());
        var events = new ConnectionEvents(client);
        var connecting = client.ConnectAsync(Ct);
        var first = await _server.AcceptSessionAsync();
        await connecting.Within();

        await first.SendAsync(PacketSamples.Hex(junkHex));

        await _server.AcceptSessionAsync();
        await Eventually.WaitUntilAsync(() => events.All.SequenceEqual([true, false, true]), TimeSpan.FromSeconds(10), $"the client reconnected after {what}", Ct);
        var warning = Assert.Single(log.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("Lost the connection", StringComparison.Ordinal));
        Assert.Contains("protocol error", warning.Message, StringComparison.Ordinal);
        Assert.Contains(expectedReason, warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Server_disconnect_reason_is_logged_and_the_client_reconnects()
    {
        var (client, log) = Create(_server.Options(MqttProtocolVersion.V500));
        var connecting = client.ConnectAsync(Ct);
        var first = await _server.AcceptSessionAsync([0x20, 0x03, 0x00, 0x00, 0x00]);
        await connecting.Within();

        await first.SendAsync(PacketSamples.DisconnectV5);

        await _server.AcceptSessionAsync([0x20, 0x03, 0x00, 0x00, 0x00]);
        await Eventually.WaitUntilAsync(
            () => log.Entries.Any(e => e.Message.Contains("server shutting down (0x8B): bye!", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(10),
            "the DISCONNECT reason is logged",
            Ct);
        await Eventually.WaitUntilAsync(() => client.IsConnected, TimeSpan.FromSeconds(10), "the client is connected again", Ct);
    }

    [Fact]
    public async Task Silence_after_connect_fails_with_a_connect_timeout()
    {
        var (client, _) = Create(_server.Options(connectTimeout: TimeSpan.FromMilliseconds(300)));
        var connecting = client.ConnectAsync(Ct);
        await _server.AcceptAsync();

        var error = await Assert.ThrowsAsync<MqttConnectException>(() => connecting.Within());

        Assert.Contains("no CONNACK within 0.3 s", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(MqttProtocolVersion.V311, 0x80)]
    [InlineData(MqttProtocolVersion.V500, 0x87)]
    public async Task Refused_subscription_throws_subscribe_rejected_and_is_not_renewed(MqttProtocolVersion version, int code)
    {
        // Mosquitto 2.0 grants every subscription and filters on delivery, so only a scripted server refuses one.
        var (client, _) = Create(_server.Options(version));
        var connAck = version == MqttProtocolVersion.V500 ? new byte[] { 0x20, 0x03, 0x00, 0x00, 0x00 } : null;
        var connecting = client.ConnectAsync(Ct);
        var connection = await _server.AcceptSessionAsync(connAck);
        await connecting.Within();

        var subscribing = client.SubscribeAsync("sos/v1/post-18/cmd", MqttQos.AtLeastOnce, Ct);
        var subscribe = await connection.ExpectAsync(8);
        byte[] subAck = version == MqttProtocolVersion.V500
            ? [0x90, 0x04, subscribe.Body[0], subscribe.Body[1], 0x00, (byte)code]
            : [0x90, 0x03, subscribe.Body[0], subscribe.Body[1], (byte)code];
        await connection.SendAsync(subAck);

        var error = await Assert.ThrowsAsync<MqttSubscribeRejectedException>(() => subscribing.Within());
        Assert.Equal((code, "sos/v1/post-18/cmd"), (error.ReasonCode, error.TopicFilter));

        // After a reconnect nothing is re-subscribed: the next packet is our own publish, not a SUBSCRIBE.
        await connection.DisposeAsync();
        var next = await _server.AcceptSessionAsync(connAck);
        _ = client.PublishAsync("sos/v1/post-17/alarm", "x"u8.ToArray(), ct: Ct);
        Assert.Equal(3, (await next.ExpectAsync(3)).Type);
    }

    [Fact]
    public async Task Unacknowledged_publish_is_resent_with_dup_and_the_same_id_on_the_next_connection()
    {
        var (client, _) = Create(_server.Options());
        var connecting = client.ConnectAsync(Ct);
        var first = await _server.AcceptSessionAsync();
        await connecting.Within();
        var publishing = client.PublishAsync("sos/v1/post-17/alarm", "alarm 1"u8.ToArray(), ct: Ct);
        var original = await first.ExpectAsync(3);

        await first.DisposeAsync(); // dropped before PUBACK
        var second = await _server.AcceptSessionAsync();
        var resent = await second.ExpectAsync(3);

        Assert.Equal(0x32, original.FirstByte);
        Assert.Equal(0x3A, resent.FirstByte); // QoS 1 with DUP
        Assert.Equal(original.Body, resent.Body); // same topic, packet id and payload
        Assert.False(publishing.IsCompleted);
        await second.SendAsync([0x40, 0x02, resent.Body[^9], resent.Body[^8]]);
        await publishing.Within();
    }

    [Fact]
    public async Task Publish_beyond_the_window_is_not_written_until_an_acknowledgement_frees_a_slot()
    {
        var (client, _) = Create(_server.Options(maxInFlight: 2));
        var connecting = client.ConnectAsync(Ct);
        var connection = await _server.AcceptSessionAsync();
        await connecting.Within();

        var publishes = Enumerable.Range(1, 3).Select(i => client.PublishAsync("sos/v1/post-17/alarm", new[] { (byte)i }, ct: Ct)).ToList();
        var first = await connection.ExpectAsync(3);
        await connection.ExpectAsync(3);
        await Eventually.WaitUntilAsync(() => client.WaitingForWindowCount == 1, TimeSpan.FromSeconds(5), "the third publish waits for the window", Ct);

        Assert.False(connection.HasUnreadData);
        await connection.SendAsync([0x40, 0x02, first.Body[^3], first.Body[^2]]);
        var third = await connection.ExpectAsync(3);
        Assert.Equal(3, third.Body[^1]);
        await publishes[0].Within();
        Assert.False(publishes[2].IsCompleted);
    }

    [Fact]
    public async Task After_reconnecting_to_a_server_with_a_smaller_receive_maximum_resends_stay_within_it()
    {
        byte[] ConnAck(byte receiveMaximum) => [0x20, 0x06, 0x00, 0x00, 0x03, 0x21, 0x00, receiveMaximum];
        var (client, log) = Create(_server.Options(MqttProtocolVersion.V500));
        var connecting = client.ConnectAsync(Ct);
        var first = await _server.AcceptSessionAsync(ConnAck(4));
        await connecting.Within();
        var publishes = Enumerable.Range(1, 4).Select(i => client.PublishAsync("sos/v1/post-17/alarm", new[] { (byte)i }, ct: Ct)).ToList();
        for (var i = 0; i < 4; i++)
        {
            await first.ExpectAsync(3);
        }

        await first.DisposeAsync();
        var second = await _server.AcceptSessionAsync(ConnAck(2));
        var resent = new List<RawPacket> { await second.ExpectAsync(3), await second.ExpectAsync(3) };
        await Eventually.WaitUntilAsync(
            () => log.Entries.Any(e => e.Message.Contains("2 unacknowledged publishes re-sent", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(5),
            "the client reports two re-sends",
            Ct);

        Assert.False(second.HasUnreadData); // the other two wait for room
        foreach (var expected in new byte[] { 3, 4 })
        {
            var acked = resent[0];
            resent.RemoveAt(0);
            await second.SendAsync(PubAckV5(acked));
            var next = await second.ExpectAsync(3);
            Assert.Equal((0x3A, expected), (next.FirstByte, next.Body[^1])); // DUP: the first connection had it
            resent.Add(next);
        }

        foreach (var packet in resent)
        {
            await second.SendAsync(PubAckV5(packet));
        }

        await Task.WhenAll(publishes).Within();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            await client.DisposeAsync();
        }

        await _server.DisposeAsync();
    }

    /// <summary>For a 1-byte payload: MQTT 5 puts a property length between the packet id and the payload.</summary>
    private static byte[] PubAckV5(RawPacket publish) => [0x40, 0x02, publish.Body[^4], publish.Body[^3]];

    private static byte[] RandomBytes(int count)
    {
        var bytes = new byte[count];
        new Random(42).NextBytes(bytes);
        return bytes;
    }

    private (MqttClient Client, RecordingLogger<MqttClient> Log) Create(MqttClientOptions options)
    {
        var log = new RecordingLogger<MqttClient>(output.WriteLine);
        var client = new MqttClient(options, log);
        _clients.Add(client);
        return (client, log);
    }
}
