using System.Security.Cryptography;
using System.Text;
using SosPost.Gateway.Dispatch;
using SosPost.Gateway.Tests.Support;
using SosPost.Testing;

namespace SosPost.Gateway.Tests.Dispatch;

/// <summary>The SosPost-Signature header, checked as a receiver would: HMAC of the raw body, computed here.</summary>
public sealed class WebhookSignatureTests : IAsyncLifetime
{
    private const string Secret = "test-secret-0123456789abcdef";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);
    private readonly TempDirectory _directory = new();
    private WebhookReceiver _receiver = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _receiver = await WebhookReceiver.StartAsync();

    public async ValueTask DisposeAsync()
    {
        await _receiver.DisposeAsync();
        _directory.Dispose();
    }

    [Fact]
    public async Task A_delivery_is_signed_over_its_raw_body_and_verifies_with_the_secret_but_not_another()
    {
        await using var host = await RelayHost.StartAsync(_directory, _receiver.Url, new Dictionary<string, string?> { ["Gateway:Webhook:Secret"] = Secret });

        var before = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        await host.RecordAsync(TestAlarms.Market42());
        await Eventually.WaitUntilAsync(() => Task.FromResult(_receiver.Requests.Count == 1), Deadline, "the alarm is delivered", Ct);

        var request = _receiver.Requests[0];
        Assert.NotNull(request.Signature);
        var (t, v1) = Parse(request.Signature);
        Assert.InRange(long.Parse(t, System.Globalization.CultureInfo.InvariantCulture), before, DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        Assert.Equal(Hmac(Secret, t, request.RawBody), v1);
        Assert.NotEqual(Hmac(Secret + "x", t, request.RawBody), v1);
        Assert.NotEqual(Hmac(Secret, t, [.. request.RawBody, (byte)' ']), v1);
        Assert.DoesNotContain(host.Logs.Entries, e => e.Message.Contains(Secret, StringComparison.Ordinal));
        Assert.DoesNotContain(host.Logs.Entries, e => e.Message.Contains("not signed", StringComparison.Ordinal));
        host.Logs.AssertNoErrors();
    }

    [Fact]
    public async Task Without_a_secret_deliveries_carry_no_signature_and_the_gateway_warns()
    {
        await using var host = await RelayHost.StartAsync(_directory, _receiver.Url);

        await host.RecordAsync(TestAlarms.Market42());
        await Eventually.WaitUntilAsync(() => Task.FromResult(_receiver.Requests.Count == 1), Deadline, "the alarm is delivered", Ct);

        Assert.Null(_receiver.Requests[0].Signature);
        Assert.Contains(host.Logs.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("Gateway:Webhook:Secret is not set", StringComparison.Ordinal));
    }

    [Fact]
    public void The_documented_signature_example_is_what_the_gateway_and_a_receiver_compute()
    {
        var lines = DocExamples.Block("```text example=signature").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .ToDictionary(line => line[..line.IndexOf(':', StringComparison.Ordinal)], line => line[(line.IndexOf(':', StringComparison.Ordinal) + 2)..]);
        var body = Encoding.UTF8.GetBytes(lines["body"]);

        Assert.Equal(lines["header"], WebhookSignature.Compute(lines["secret"], long.Parse(lines["t"], System.Globalization.CultureInfo.InvariantCulture), body));
        var (t, v1) = Parse(lines["header"]);
        Assert.Equal(lines["t"], t);
        Assert.Equal(Hmac(lines["secret"], t, body), v1);
    }

    [Fact]
    public void A_short_secret_is_refused_at_start()
    {
        Assert.Contains("Secret must be at least 16 characters.", new WebhookOptions { Secret = "short" }.Validate());
        Assert.Empty(new WebhookOptions { Secret = Secret }.Validate());
    }

    private static (string T, string V1) Parse(string header)
    {
        var parts = header.Split(',').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        return (parts["t"], parts["v1"]);
    }

    /// <summary>What a receiver computes: HMAC-SHA256 of "{t}." and the raw body, lowercase hex.</summary>
    private static string Hmac(string secret, string t, byte[] body)
    {
        byte[] signed = [.. Encoding.UTF8.GetBytes(t + "."), .. body];
        return Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed));
    }
}
