using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using SosPost.Gateway.Alarms;
using SosPost.Gateway.Dispatch;
using SosPost.Gateway.Dispatch.Sia;
using SosPost.Gateway.Tests.Support;
using SosPost.Testing;

namespace SosPost.Gateway.Tests.Dispatch;

/// <summary>The sia sink against a real DC-09 receiver (iobroker.sia) and, for answers it never gives, small stubs.</summary>
public sealed class SiaReceiverTests
{
    private const string Key = "00112233445566778899AABBCCDDEEFF";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(SiaProtocol.SiaDcs, "SIA-DCS", "#1234|Nri1/PA001", "#1234|Nri1/TX001")]
    [InlineData(SiaProtocol.AdmCid, "ADM-CID", "#1234|1120 01 001", "#1234|1601 01 001")]
    public async Task A_panic_over_TCP_is_received_by_a_real_receiver_and_its_ACK_is_delivered(SiaProtocol protocol, string id, string panic, string test)
    {
        await using var receiver = await SiaReceiver.StartAsync(["1234"]);
        var sink = Sink(receiver.Port, protocol: protocol);

        Assert.Equal(DeliveryResult.Delivered, await sink.DeliverAsync(Envelope(), Ct));
        Assert.Equal(DeliveryResult.Delivered, await sink.DeliverAsync(Envelope(test: true), Ct));

        // The receiver answers before it prints what it received.
        await Eventually.WaitUntilAsync(() => receiver.Messages.Count >= 2, Deadline, "the receiver prints both messages", Ct);
        var messages = receiver.Messages;
        Assert.Equal(2, messages.Count);
        AssertMessage(messages[0], id, "0001", panic);
        AssertMessage(messages[1], id, "0002", test);
        Assert.Empty(receiver.Rejections);
    }

    [Fact]
    public async Task An_encrypted_panic_is_decrypted_by_the_receiver_and_its_encrypted_ACK_is_delivered()
    {
        await using var receiver = await SiaReceiver.StartAsync([$"1234:{Key}"]);
        var sink = Sink(receiver.Port, key: Key);

        Assert.Equal(DeliveryResult.Delivered, await sink.DeliverAsync(Envelope(), Ct));

        await Eventually.WaitUntilAsync(() => receiver.Messages.Count >= 1, Deadline, "the receiver prints the message", Ct);
        AssertMessage(Assert.Single(receiver.Messages), "*SIA-DCS", "0001", "#1234|Nri1/PA001");
    }

    [Fact]
    public async Task A_panic_over_UDP_is_received_and_its_ACK_is_delivered()
    {
        await using var receiver = await SiaReceiver.StartAsync(["1234"]);
        var sink = Sink(receiver.Port, transport: SiaTransport.Udp, protocol: SiaProtocol.AdmCid);

        Assert.Equal(DeliveryResult.Delivered, await sink.DeliverAsync(Envelope(), Ct));

        await Eventually.WaitUntilAsync(() => receiver.Messages.Count >= 1, Deadline, "the receiver prints the message", Ct);
        AssertMessage(Assert.Single(receiver.Messages), "ADM-CID", "0001", "#1234|1120 01 001");
    }

    [Fact]
    public async Task A_receiver_that_refuses_the_message_answers_NAK_and_the_delivery_is_retried_later()
    {
        // The receiver expects account 1234 encrypted; the gateway sends it in clear.
        await using var receiver = await SiaReceiver.StartAsync([$"1234:{Key}"]);
        var client = Client(receiver.Port, TimeProvider.System);
        var sink = new SiaSink(client, Microsoft.Extensions.Options.Options.Create(Options(receiver.Port)));

        var result = await sink.DeliverAsync(Envelope(), Ct);

        Assert.Equal(DeliveryOutcome.RetryLater, result.Outcome);
        Assert.Contains("NAK to message 0001", result.Reason, StringComparison.Ordinal);
        Assert.NotNull(client.LastNakTimestamp);
        Assert.InRange(client.LastNakTimestamp.Value, DateTimeOffset.UtcNow.AddSeconds(-30), DateTimeOffset.UtcNow.AddSeconds(30));
        await Eventually.WaitUntilAsync(() => receiver.Rejections.Count >= 2, Deadline, "the receiver prints both refusals", Ct);
        Assert.Empty(receiver.Messages);
        Assert.Equal(2, receiver.Rejections.Count); // the first send and the one resend after resynchronising
    }

    [Fact]
    public async Task A_NAK_for_a_skewed_clock_resynchronises_from_the_receivers_timestamp_and_the_resend_is_delivered()
    {
        await using var receiver = await SiaReceiver.StartAsync(["1234"], timeoutSeconds: 20);
        var slow = new SkewedTime(TimeSpan.FromMinutes(-5));
        var client = Client(receiver.Port, slow);

        Assert.Equal(DeliveryResult.Delivered, await client.SendAsync(SiaEvent.Panic, Ct));

        Assert.InRange(client.ClockOffset, TimeSpan.FromSeconds(290), TimeSpan.FromSeconds(310));
        await Eventually.WaitUntilAsync(() => receiver.Messages.Count >= 1, Deadline, "the receiver prints the accepted resend", Ct);
        Assert.Single(receiver.Rejections);
        var message = Assert.Single(receiver.Messages);
        AssertMessage(message, "SIA-DCS", "0001", "#1234|Nri1/PA001");
        Assert.True(SiaResponse.TryParseTimestamp(message.GetProperty("ts").GetString()!, out var sent));
        Assert.InRange(sent, DateTimeOffset.UtcNow.AddSeconds(-15), DateTimeOffset.UtcNow.AddSeconds(15));
    }

    [Fact]
    public async Task A_DUH_answer_rejects_the_delivery()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var stub = Task.Run(
            async () =>
            {
                using var connection = await listener.AcceptTcpClientAsync(Ct);
                var stream = connection.GetStream();
                var frame = await ReadFrameAsync(stream);
                Assert.True(SiaResponse.TryParse(frame, out var message, out var error), error);
                await stream.WriteAsync(SiaEncoder.Wrap($"\"DUH\"{message!.Sequence:D4}R0L0#1234[]"), Ct);
            },
            Ct);

        var result = await Sink(port).DeliverAsync(Envelope(), Ct);
        await stub;

        Assert.Equal(DeliveryOutcome.Rejected, result.Outcome);
        Assert.Contains("DUH", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Over_UDP_an_unanswered_message_is_sent_again_with_the_same_sequence()
    {
        using var stub = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var port = ((IPEndPoint)stub.Client.LocalEndPoint!).Port;
        var received = new List<string>();
        var answering = Task.Run(
            async () =>
            {
                var first = await stub.ReceiveAsync(Ct); // ignored: as if lost
                received.Add(Encoding.ASCII.GetString(first.Buffer));
                var second = await stub.ReceiveAsync(Ct);
                received.Add(Encoding.ASCII.GetString(second.Buffer));
                Assert.True(SiaResponse.TryParse(second.Buffer, out var message, out var error), error);
                await stub.SendAsync(SiaEncoder.Wrap($"\"ACK\"{message!.Sequence:D4}R0L0#1234[]"), second.RemoteEndPoint, Ct);
            },
            Ct);

        var options = Options(port, SiaTransport.Udp);
        options.AckTimeout = TimeSpan.FromMilliseconds(300);
        var result = await SiaClient.From(options, TimeProvider.System).SendAsync(SiaEvent.Panic, Ct);
        await answering;

        Assert.Equal(DeliveryResult.Delivered, result);
        Assert.Equal(2, received.Count);
        Assert.Equal(received[0], received[1]);
    }

    [Fact]
    public async Task A_receiver_that_does_not_answer_over_TCP_is_retried_later()
    {
        var port = FreePort.Next();
        var result = await Sink(port).DeliverAsync(Envelope(), Ct);
        Assert.Equal(DeliveryOutcome.RetryLater, result.Outcome);
        Assert.StartsWith("SIA receiver:", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_relay_delivers_to_the_sia_target_when_Gateway_Sia_Host_is_set_and_NULL_messages_are_sent()
    {
        await using var receiver = await SiaReceiver.StartAsync(["1234"]);
        using var directory = new TempDirectory();
        await using var webhook = await WebhookReceiver.StartAsync();
        await using var host = await RelayHost.StartAsync(directory, webhook.Url, new Dictionary<string, string?>
        {
            ["Gateway:Sia:Host"] = "127.0.0.1",
            ["Gateway:Sia:Port"] = receiver.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Gateway:Sia:Account"] = "1234",
            ["Gateway:Sia:Receiver"] = "0",
            ["Gateway:Sia:NullInterval"] = "00:00:00.200",
            ["Gateway:Sia:Posts:MHC-001:Zone"] = "1",
        });

        Assert.Contains(SiaSink.TargetName, host.Services.GetRequiredService<DispatchSinks>().Targets);
        var recorded = await host.RecordAsync(TestAlarms.Market42());
        var store = host.Services.GetRequiredService<IAlarmStore>();
        await Eventually.WaitUntilAsync(
            async () => (await store.ListAsync(10, Ct)).Single(a => a.Alarm.Id == recorded.RowId).Deliveries.Any(d => d.Target == SiaSink.TargetName && d.Status == OutboxStatus.Delivered),
            Deadline,
            "the sia delivery is acknowledged",
            Ct);

        // The receiver acknowledges before it reports the message to this test (it runs in its own process).
        await Eventually.WaitUntilAsync(
            () => receiver.Messages.Any(m => m.GetProperty("data_message").GetString() == "#1234|Nri1/PA001"),
            Deadline,
            "the receiver reports the alarm",
            Ct);

        // iobroker.sia 2.0.4 answers NAK to a NULL message (its parser requires data), so the supervision
        // shows up there as rejections and here as warnings, never as errors.
        await Eventually.WaitUntilAsync(() => receiver.Rejections.Count >= 2, Deadline, "NULL messages arrive", Ct);

        // The receiver counts a NAK as it sends it; the gateway logs it once it has read it.
        await Eventually.WaitUntilAsync(
            () => host.Logs.Entries.Any(e => e.Message.Contains("SIA NULL supervision message failed", StringComparison.Ordinal)),
            Deadline,
            "the gateway logs the refused supervision message",
            Ct);
        host.Logs.AssertNoErrors();
    }

    private static SiaOptions Options(int port, SiaTransport transport = SiaTransport.Tcp, SiaProtocol protocol = SiaProtocol.SiaDcs, string? key = null) => new()
    {
        Host = "127.0.0.1",
        Port = port,
        Transport = transport,
        Protocol = protocol,
        Account = "1234",
        Receiver = "0",
        Line = "0",
        Key = key,
        AckTimeout = TimeSpan.FromSeconds(5),

        // Zone 001 as in the documented frames; without it the post goes with its default zone.
        Posts = { ["MHC-001"] = new SiaPostOptions { Zone = 1 } },
    };

    private static SiaClient Client(int port, TimeProvider time) => SiaClient.From(Options(port), time);

    private static SiaSink Sink(int port, SiaTransport transport = SiaTransport.Tcp, SiaProtocol protocol = SiaProtocol.SiaDcs, string? key = null)
    {
        var options = Options(port, transport, protocol, key);
        return new SiaSink(SiaClient.From(options, TimeProvider.System), Microsoft.Extensions.Options.Options.Create(options));
    }

    private static DispatchEnvelope Envelope(bool test = false)
    {
        var a = TestAlarms.Market42();
        var alarm = new AlarmRecord(1, a.PostId, a.AlarmId, a.Kind, test, a.Presses, a.UptimeMs, a.PressedAt, null, a.Snapshot, a.ReceivedAt, SosPost.Protocol.AlarmState.Received, null, null);
        return new DispatchEnvelope(1, SiaSink.TargetName, "MHC-001/42/sia", 0, alarm, null);
    }

    private static void AssertMessage(JsonElement message, string id, string seq, string data)
    {
        Assert.Equal(id, message.GetProperty("id").GetString());
        Assert.Equal(seq, message.GetProperty("seq").GetString());
        Assert.Equal("1234", message.GetProperty("act").GetString());
        Assert.Equal("0", message.GetProperty("lpref").GetString());
        Assert.Equal(data, message.GetProperty("data_message").GetString());
    }

    private static async Task<byte[]> ReadFrameAsync(NetworkStream stream)
    {
        var received = new List<byte>();
        var buffer = new byte[256];
        while (true)
        {
            if (SiaFraming.FirstFrame(received.ToArray()) is { } frame)
            {
                return frame;
            }

            var read = await stream.ReadAsync(buffer, Ct);
            Assert.NotEqual(0, read);
            received.AddRange(buffer.AsSpan(0, read));
        }
    }

    private sealed class SkewedTime(TimeSpan skew) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + skew;
    }
}
