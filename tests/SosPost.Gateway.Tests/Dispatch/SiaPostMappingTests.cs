using System.Text.Json;
using SosPost.Gateway.Alarms;
using SosPost.Gateway.Dispatch;
using SosPost.Gateway.Dispatch.Sia;
using SosPost.Gateway.Tests.Support;
using SosPost.Testing;

namespace SosPost.Gateway.Tests.Dispatch;

/// <summary>Each post's SIA account and zone (<c>Gateway:Sia:Posts</c>), as a real receiver (iobroker.sia) sees them.</summary>
public sealed class SiaPostMappingTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(SiaProtocol.SiaDcs, "#ABC1|Nri1/PA017", "#1234|Nri1/PA316")]
    [InlineData(SiaProtocol.AdmCid, "#ABC1|1120 01 017", "#1234|1120 01 316")]
    public async Task A_post_is_sent_with_its_own_account_and_zone_and_an_unlisted_post_with_the_gateway_account_and_its_default_zone(SiaProtocol protocol, string market, string skywalk)
    {
        await using var receiver = await SiaReceiver.StartAsync(["1234", "ABC1"]);
        var options = Options(receiver.Port, protocol);
        options.Posts["MHC-001"] = new SiaPostOptions { Account = "ABC1", Zone = 17 };
        var sink = new SiaSink(SiaClient.From(options, TimeProvider.System), Microsoft.Extensions.Options.Options.Create(options));

        Assert.Equal(DeliveryResult.Delivered, await sink.DeliverAsync(Envelope("MHC-001"), Ct));
        Assert.Equal(DeliveryResult.Delivered, await sink.DeliverAsync(Envelope("BKK-001"), Ct));

        await Eventually.WaitUntilAsync(() => receiver.Messages.Count >= 2, Deadline, "the receiver prints both messages", Ct);
        Assert.Equal([("ABC1", market), ("1234", skywalk)], receiver.Messages.Select(Seen));
        Assert.Empty(receiver.Rejections);
    }

    [Fact]
    public async Task The_relay_sends_each_post_with_its_mapping_from_configuration()
    {
        await using var receiver = await SiaReceiver.StartAsync(["1234", "00FF"]);
        using var directory = new TempDirectory();
        await using var webhook = await WebhookReceiver.StartAsync();
        await using var host = await RelayHost.StartAsync(directory, webhook.Url, new Dictionary<string, string?>
        {
            ["Gateway:Sia:Host"] = "127.0.0.1",
            ["Gateway:Sia:Port"] = receiver.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Gateway:Sia:Account"] = "1234",
            ["Gateway:Sia:Receiver"] = "0",
            ["Gateway:Sia:Posts:MHC-001:Account"] = "00FF",
            ["Gateway:Sia:Posts:MHC-001:Zone"] = "5",
        });

        await host.RecordAsync(TestAlarms.Market42());

        await Eventually.WaitUntilAsync(() => receiver.Messages.Count >= 1, Deadline, "the receiver prints the alarm", Ct);
        Assert.Equal(("00FF", "#00FF|Nri1/PA005"), Seen(receiver.Messages.Single()));
        host.Logs.AssertNoErrors();
    }

    [Theory]
    [InlineData(SiaEvent.Panic, "#ABC1|Nri1/PA999", "#ABC1|1120 01 999")]
    [InlineData(SiaEvent.TamperAlarm, "#ABC1|Nri1/TA999", "#ABC1|1137 01 999")]
    [InlineData(SiaEvent.TamperRestore, "#ABC1|Nri1/TR999", "#ABC1|3137 01 999")]
    [InlineData(SiaEvent.AcLoss, "#ABC1|Nri1/AT999", "#ABC1|1301 01 999")]
    [InlineData(SiaEvent.AcRestore, "#ABC1|Nri1/AR999", "#ABC1|3301 01 999")]
    [InlineData(SiaEvent.LowBattery, "#ABC1|Nri1/YT999", "#ABC1|1302 01 999")]
    [InlineData(SiaEvent.BatteryRestore, "#ABC1|Nri1/YR999", "#ABC1|3302 01 999")]
    [InlineData(SiaEvent.LampFault, "#ABC1|Nri1/IA999", "#ABC1|1330 01 999")]
    [InlineData(SiaEvent.LampRestore, "#ABC1|Nri1/IR999", "#ABC1|3330 01 999")]
    [InlineData(SiaEvent.Test, "#ABC1|Nri1/TX999", "#ABC1|1601 01 999")]
    public void Every_event_kind_carries_the_posts_account_and_zone(SiaEvent value, string sia, string contactId)
    {
        var address = new SiaAddress("ABC1", 999);
        Assert.Equal(sia, new SiaEncoder(SiaProtocol.SiaDcs, "1234", "0", "0", null).Data(value, address));
        Assert.Equal(contactId, new SiaEncoder(SiaProtocol.AdmCid, "1234", "0", "0", null).Data(value, address));

        var frame = System.Text.Encoding.ASCII.GetString(new SiaEncoder(SiaProtocol.SiaDcs, "1234", "0", "0", null).Event(value, 1, TestAlarms.PressedAt, address));
        Assert.Contains("L0#ABC1[#ABC1|", frame, StringComparison.Ordinal);
    }

    [Fact]
    public void The_default_zone_depends_on_the_post_id_alone_and_fits_three_digits()
    {
        Assert.Equal(857, SiaPostMap.DefaultZone("MHC-001"));
        Assert.Equal(316, SiaPostMap.DefaultZone("BKK-001"));
        Assert.All(Enumerable.Range(0, 5000).Select(i => SiaPostMap.DefaultZone($"P-{i}")), zone => Assert.InRange(zone, 1, 999));
        var map = new SiaPostMap("1234", new Dictionary<string, SiaPostOptions> { ["MHC-001"] = new() { Zone = 3 } });
        Assert.Equal(new SiaAddress("1234", 3), map.For("MHC-001"));
        Assert.Equal(new SiaAddress("1234", 316), map.For("BKK-001"));
    }

    [Fact]
    public void A_bad_post_mapping_stops_the_gateway_with_the_key_named()
    {
        var options = Options(1);
        options.Posts["MHC-001"] = new SiaPostOptions { Account = "XYZ", Zone = 0 };
        options.Posts["BKK-001"] = new SiaPostOptions { Zone = 1000 };
        options.Posts["bad id"] = new SiaPostOptions();
        options.Posts["A-1"] = new SiaPostOptions { Zone = 7 };
        options.Posts["A-2"] = new SiaPostOptions { Account = "1234", Zone = 7 };

        Assert.Equal(
            [
                "Posts:BKK-001:Zone 1000 must be 1 to 999 (three digits in Contact ID).",
                "Posts:MHC-001:Account 'XYZ' must be 3 to 16 hex digits.",
                "Posts:MHC-001:Zone 0 must be 1 to 999 (three digits in Contact ID).",
                "Posts:bad id: 'bad id' is not a post id.",
                "Posts: A-1, A-2 share account 1234 zone 7.",
            ],
            options.Validate());
    }

    private static (string Account, string Data) Seen(JsonElement message) =>
        (message.GetProperty("act").GetString()!, message.GetProperty("data_message").GetString()!);

    private static SiaOptions Options(int port, SiaProtocol protocol = SiaProtocol.SiaDcs) => new()
    {
        Host = "127.0.0.1",
        Port = port,
        Protocol = protocol,
        Account = "1234",
        Receiver = "0",
        Line = "0",
        AckTimeout = TimeSpan.FromSeconds(5),
    };

    private static DispatchEnvelope Envelope(string postId)
    {
        var a = TestAlarms.Market42();
        var alarm = new AlarmRecord(1, postId, a.AlarmId, a.Kind, false, a.Presses, a.UptimeMs, a.PressedAt, null, a.Snapshot, a.ReceivedAt, SosPost.Protocol.AlarmState.Received, null, null);
        return new DispatchEnvelope(1, SiaSink.TargetName, $"{postId}/42/sia", 0, alarm, null);
    }
}
