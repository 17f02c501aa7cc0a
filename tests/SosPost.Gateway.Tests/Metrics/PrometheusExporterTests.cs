using System.Diagnostics.Metrics;
using SosPost.Gateway.Metrics;

namespace SosPost.Gateway.Tests.Metrics;

public sealed class PrometheusExporterTests
{
    [Fact]
    public void Counters_histograms_and_gauges_are_written_as_prometheus_text_with_escaped_labels()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var factory = services.GetRequiredService<IMeterFactory>();
        using var exporter = new PrometheusExporter(factory);
        var meter = factory.Create(GatewayMeter.Name);
        var counter = meter.CreateCounter<long>("sospost.test.sent", unit: "{message}", description: "Messages\nsent");
        var histogram = meter.CreateHistogram("sospost.test.wait", unit: "s", description: null, tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.5, 2] });
        var level = 7L;
        meter.CreateObservableGauge("sospost.test.level", () => level);
        var other = new ServiceCollection().AddMetrics().BuildServiceProvider();
        other.GetRequiredService<IMeterFactory>().Create(GatewayMeter.Name).CreateCounter<long>("sospost.test.other").Add(5); // another app's meter
        using var otherMeterName = factory.Create("Somebody.Else");
        otherMeterName.CreateCounter<long>("sospost.test.foreign").Add(1);

        counter.Add(2, new KeyValuePair<string, object?>("target", "web\"hook\\\n"));
        counter.Add(1, new KeyValuePair<string, object?>("target", "web\"hook\\\n"));
        histogram.Record(0.5, new KeyValuePair<string, object?>("target", "a"));
        histogram.Record(1.25, new KeyValuePair<string, object?>("target", "a"));
        histogram.Record(9, new KeyValuePair<string, object?>("target", "a"));
        level = 9;

        Assert.Equal(
            """
            # TYPE sospost_test_level gauge
            sospost_test_level 9
            # HELP sospost_test_sent_total Messages\nsent
            # TYPE sospost_test_sent_total counter
            sospost_test_sent_total{target="web\"hook\\\n"} 3
            # TYPE sospost_test_wait_seconds histogram
            sospost_test_wait_seconds_bucket{target="a",le="0.5"} 1
            sospost_test_wait_seconds_bucket{target="a",le="2"} 2
            sospost_test_wait_seconds_bucket{target="a",le="+Inf"} 3
            sospost_test_wait_seconds_sum{target="a"} 10.75
            sospost_test_wait_seconds_count{target="a"} 3

            """.ReplaceLineEndings("\n"),
            exporter.Collect());
        other.Dispose();
    }

    [Theory]
    [InlineData("sospost.intake.rejects", "{message}", true, "sospost_intake_rejects_total")]
    [InlineData("sospost.dispatch.received_to_delivered", "s", false, "sospost_dispatch_received_to_delivered_seconds")]
    [InlineData("http.server.request.duration", "s", false, "http_server_request_duration_seconds")]
    [InlineData("process.memory", "By", false, "process_memory_bytes")]
    [InlineData("9lives-total", null, true, "_9lives_total")]
    [InlineData("requests_total", null, true, "requests_total")]
    public void Instrument_names_are_converted_the_way_opentelemetry_converts_them(string instrument, string? unit, bool counter, string expected) =>
        Assert.Equal(expected, PrometheusExporter.MetricName(instrument, unit, counter));
}
