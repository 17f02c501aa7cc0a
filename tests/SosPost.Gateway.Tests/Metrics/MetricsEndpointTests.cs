using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using SosPost.Gateway.Dispatch;
using SosPost.Gateway.Tests.Intake;
using SosPost.Protocol;
using SosPost.Testing;

namespace SosPost.Gateway.Tests.Metrics;

public sealed partial class MetricsEndpointTests : IntakeFixture
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Metrics_serves_prometheus_text_anonymously_with_alarm_dispatch_and_reject_counts()
    {
        await Post.PublishAsync(Topics.Status(PostId), Online(), retain: true);
        await Post.PublishAsync(Topics.Alarm(PostId), Alarm(42));
        await Eventually.WaitUntilAsync(() => Post.HasState(42, AlarmState.Received), Deadline, "the alarm is answered", Ct);
        await Eventually.WaitUntilAsync(
            async () => (await AlarmAsync(42)).GetProperty("deliveries")[0].GetProperty("status").GetString() == OutboxStatus.Delivered, Deadline, "the alarm is delivered", Ct);
        await using (var tester = await ConnectAsGatewayUserAsync())
        {
            await tester.PublishAsync(Topics.Alarm("ZZZ-999"), TestKeys.Sign("ZZZ-999", Topics.Alarm("ZZZ-999"), Alarm(1)), ct: Ct);
        }

        using var anonymous = App.NewClient();
        Dictionary<string, double> samples = [];
        await Eventually.WaitUntilAsync(
            async () =>
            {
                samples = await ScrapeAsync(anonymous);
                return samples.GetValueOrDefault("sospost_intake_rejects_total{reason=\"unknown-post\"}") == 1
                    && samples.GetValueOrDefault("sospost_posts_online") == 1;
            },
            Deadline,
            "the reject and the online post are in the metrics",
            Ct);

        Assert.Equal(1, samples["sospost_intake_alarms_total{outcome=\"new\"}"]);
        Assert.Equal(1, samples["sospost_dispatch_delivered_total{target=\"webhook\"}"]);
        Assert.Equal(1, samples["sospost_dispatch_attempts_total{outcome=\"delivered\",target=\"webhook\"}"]);
        Assert.DoesNotContain(samples.Keys, key => key.StartsWith("sospost_dispatch_failures_total", StringComparison.Ordinal));
        Assert.Equal(1, samples["sospost_dispatch_outbox{status=\"delivered\"}"]);
        Assert.Equal(0, samples["sospost_dispatch_outbox{status=\"dead\"}"]);

        const string delivered = "sospost_dispatch_received_to_delivered_seconds";
        Assert.Equal(1, samples[delivered + "_count{target=\"webhook\"}"]);
        Assert.Equal(1, samples[delivered + "_bucket{target=\"webhook\",le=\"+Inf\"}"]);
        Assert.InRange(samples[delivered + "_sum{target=\"webhook\"}"], 0, Deadline.TotalSeconds);
        var buckets = samples.Where(s => s.Key.StartsWith(delivered + "_bucket", StringComparison.Ordinal)).Select(s => s.Value).ToList();
        Assert.Equal(16, buckets.Count); // 15 bounds and +Inf
        Assert.Equal(1, samples[delivered + "_bucket{target=\"webhook\",le=\"60\"}"]);

        // The test alarm was pressed at a fixed past time by the post's clock: far more than an hour ago.
        Assert.Equal(1, samples["sospost_alarm_press_to_received_seconds_count"]);
        Assert.Equal(0, samples["sospost_alarm_press_to_received_seconds_bucket{le=\"3600\"}"]);
        Assert.Equal(1, samples["sospost_alarm_press_to_received_seconds_bucket{le=\"+Inf\"}"]);

        Assert.DoesNotContain(samples.Keys, key => key.Contains(PostId, StringComparison.Ordinal));
        App.Logs.AssertNoErrors();
    }

    [Fact]
    public async Task Acknowledging_an_alarm_records_the_time_it_waited_for_a_dispatcher()
    {
        await Post.PublishAsync(Topics.Alarm(PostId), Alarm(42));
        await Eventually.WaitUntilAsync(() => Post.HasState(42, AlarmState.Received), Deadline, "the alarm is answered", Ct);
        var id = (await AlarmAsync(42)).GetProperty("id").GetInt64();

        Assert.Equal(HttpStatusCode.OK, (await Api.PostAsync($"/api/alarms/{id}/acknowledge", null, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Api.PostAsync($"/api/alarms/{id}/acknowledge", null, Ct)).StatusCode);

        var samples = await ScrapeAsync(App.NewClient());
        Assert.Equal(1, samples["sospost_alarm_received_to_acknowledged_seconds_count"]); // the repeat is not counted
        Assert.Equal(1, samples["sospost_alarm_received_to_acknowledged_seconds_bucket{le=\"60\"}"]);
    }

    /// <summary>Scrapes /metrics and parses every line strictly: a line that is not a comment or a sample fails.</summary>
    private static async Task<Dictionary<string, double>> ScrapeAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/metrics", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        var samples = new Dictionary<string, double>(StringComparer.Ordinal);
        var typed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in (await response.Content.ReadAsStringAsync(Ct)).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.StartsWith("# HELP ", StringComparison.Ordinal))
            {
                continue;
            }

            if (TypeLine().Match(line) is { Success: true } type)
            {
                Assert.True(typed.Add(type.Groups["name"].Value), $"TYPE given twice: {line}");
                continue;
            }

            var sample = SampleLine().Match(line);
            Assert.True(sample.Success, $"not a Prometheus sample line: {line}");
            var name = sample.Groups["name"].Value;
            Assert.Contains(typed, t => name == t || name == t + "_bucket" || name == t + "_sum" || name == t + "_count");
            var value = sample.Groups["value"].Value;
            samples.Add(name + sample.Groups["labels"].Value, value == "+Inf" ? double.PositiveInfinity : double.Parse(value, CultureInfo.InvariantCulture));
        }

        return samples;
    }

    [GeneratedRegex("""^# TYPE (?<name>[a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram)$""")]
    private static partial Regex TypeLine();

    [GeneratedRegex("""^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(?<labels>\{[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\.)*"(?:,[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\.)*")*\})? (?<value>[-+]?(?:[0-9.eE+-]+|Inf|NaN))$""")]
    private static partial Regex SampleLine();
}
