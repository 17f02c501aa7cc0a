using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;

namespace SosPost.Gateway.Metrics;

/// <summary>
/// Aggregates the gateway's System.Diagnostics.Metrics instruments (meter <see cref="GatewayMeter.Name"/> of
/// this app's <see cref="IMeterFactory"/>) and writes them as Prometheus text exposition 0.0.4. Names follow
/// OpenTelemetry's Prometheus mapping: dots become underscores, the unit is appended (<c>s</c> as
/// <c>_seconds</c>; annotations such as <c>{alarm}</c> are dropped), counters end in <c>_total</c>.
/// </summary>
/// <remarks>
/// Counters and histograms are cumulative from the gateway's start; observable instruments are read at
/// each scrape. Created at start (see MapMetrics), so nothing counted before the first scrape is lost.
/// </remarks>
public sealed class PrometheusExporter : IDisposable
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    /// <summary>OpenTelemetry's default explicit bucket boundaries, for histograms that advise none.</summary>
    private static readonly double[] DefaultBuckets = [0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000];

    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, Family> _families = new(StringComparer.Ordinal);
    private readonly Lock _scrapeLock = new();

    public PrometheusExporter(IMeterFactory meters)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, meters) && instrument.Meter.Name == GatewayMeter.Name)
            {
                var family = Family.For(instrument);
                listener.EnableMeasurementEvents(instrument, _families.GetOrAdd(family.Name, family));
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, state) => ((Family)state!).Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<int>((instrument, value, tags, state) => ((Family)state!).Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, state) => ((Family)state!).Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<float>((instrument, value, tags, state) => ((Family)state!).Record(instrument, value, tags));
        _listener.Start();
    }

    /// <summary>Reads the observable instruments and writes every series.</summary>
    public string Collect()
    {
        lock (_scrapeLock)
        {
            foreach (var family in _families.Values.Where(f => f.Observed))
            {
                family.Clear(); // an observable reports what is there now; a label set it no longer reports goes
            }

            _listener.RecordObservableInstruments();
            var text = new StringBuilder();
            foreach (var family in _families.Values.OrderBy(f => f.Name, StringComparer.Ordinal))
            {
                family.WriteTo(text);
            }

            return text.ToString();
        }
    }

    public void Dispose() => _listener.Dispose();

    /// <summary>Metric and label names may hold only [a-zA-Z0-9_:] and not start with a digit.</summary>
    internal static string SanitizeName(string name)
    {
        var chars = name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '_' or ':' ? c : '_').ToArray();
        var clean = new string(chars);
        return clean.Length > 0 && char.IsAsciiDigit(clean[0]) ? "_" + clean : clean;
    }

    internal static string MetricName(string instrument, string? unit, bool counter)
    {
        var name = SanitizeName(instrument);
        var suffix = unit switch
        {
            null or "" or "1" => null,
            _ when unit.StartsWith('{') => null, // an annotation, not a unit
            "s" => "seconds",
            "ms" => "milliseconds",
            "By" => "bytes",
            _ => SanitizeName(unit),
        };
        if (suffix is not null && !name.EndsWith("_" + suffix, StringComparison.Ordinal))
        {
            name += "_" + suffix;
        }

        return counter && !name.EndsWith("_total", StringComparison.Ordinal) ? name + "_total" : name;
    }

    internal static string EscapeLabelValue(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    internal static string Number(double value) =>
        double.IsPositiveInfinity(value) ? "+Inf" : double.IsNegativeInfinity(value) ? "-Inf" : double.IsNaN(value) ? "NaN" : value.ToString("R", CultureInfo.InvariantCulture);

    private enum Kind
    {
        Counter,
        Gauge,
        Histogram,
    }

    /// <summary>One metric name: its type, help and series by label set.</summary>
    private sealed class Family(string name, Kind kind, bool observed, bool adds, string? help, double[] buckets)
    {
        private readonly ConcurrentDictionary<string, Series> _series = new(StringComparer.Ordinal);

        public string Name => name;

        /// <summary>Read at each scrape rather than measured as it happens.</summary>
        public bool Observed => observed;

        public static Family For(Instrument instrument)
        {
            var type = instrument.GetType();
            var definition = type.IsGenericType ? type.GetGenericTypeDefinition() : type;
            var (kind, observed, adds) =
                definition == typeof(Counter<>) ? (Kind.Counter, false, true)
                : definition == typeof(ObservableCounter<>) ? (Kind.Counter, true, false)
                : definition == typeof(UpDownCounter<>) ? (Kind.Gauge, false, true)
                : definition == typeof(ObservableUpDownCounter<>) ? (Kind.Gauge, true, false)
                : definition == typeof(Histogram<>) ? (Kind.Histogram, false, true)
                : (Kind.Gauge, definition == typeof(ObservableGauge<>), false); // Gauge<T>, ObservableGauge<T>
            var buckets = kind == Kind.Histogram ? Buckets(instrument) : [];
            return new Family(MetricName(instrument.Name, instrument.Unit, kind == Kind.Counter), kind, observed, adds, instrument.Description, buckets);
        }

        public void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var series = _series.GetOrAdd(Labels(instrument, tags), _ => new Series(buckets.Length + 1));
            lock (series)
            {
                if (kind == Kind.Histogram)
                {
                    var index = Array.FindIndex(buckets, bound => value <= bound);
                    series.Buckets[index < 0 ? buckets.Length : index]++;
                    series.Sum += value;
                    series.Count++;
                }
                else
                {
                    series.Value = adds ? series.Value + value : value;
                }
            }
        }

        public void Clear() => _series.Clear();

        public void WriteTo(StringBuilder text)
        {
            if (_series.IsEmpty)
            {
                return;
            }

            if (!string.IsNullOrEmpty(help))
            {
                text.Append("# HELP ").Append(name).Append(' ').Append(help.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal)).Append('\n');
            }

            text.Append("# TYPE ").Append(name).Append(' ').Append(kind.ToString().ToLowerInvariant()).Append('\n');
            foreach (var (labels, series) in _series.OrderBy(s => s.Key, StringComparer.Ordinal))
            {
                lock (series)
                {
                    if (kind != Kind.Histogram)
                    {
                        Sample(text, name, labels, series.Value);
                        continue;
                    }

                    long cumulative = 0;
                    for (var i = 0; i <= buckets.Length; i++)
                    {
                        cumulative += series.Buckets[i];
                        var le = $"le=\"{(i < buckets.Length ? Number(buckets[i]) : "+Inf")}\"";
                        Sample(text, name + "_bucket", labels.Length == 0 ? le : labels + "," + le, cumulative);
                    }

                    Sample(text, name + "_sum", labels, series.Sum);
                    Sample(text, name + "_count", labels, series.Count);
                }
            }
        }

        private static void Sample(StringBuilder text, string name, string labels, double value)
        {
            text.Append(name);
            if (labels.Length > 0)
            {
                text.Append('{').Append(labels).Append('}');
            }

            text.Append(' ').Append(Number(value)).Append('\n');
        }

        /// <summary>The instrument's own tags and the measurement's, sorted by name: one key per label set.</summary>
        private static string Labels(Instrument instrument, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var all = new SortedDictionary<string, string>(StringComparer.Ordinal);
            foreach (var (key, value) in instrument.Tags ?? [])
            {
                all[SanitizeName(key)] = Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";
            }

            foreach (var (key, value) in tags)
            {
                all[SanitizeName(key)] = Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";
            }

            return string.Join(",", all.Select(tag => $"{tag.Key}=\"{EscapeLabelValue(tag.Value)}\""));
        }

        private static double[] Buckets(Instrument instrument) => instrument switch
        {
            Histogram<double> { Advice.HistogramBucketBoundaries: { } bounds } => [.. bounds],
            Histogram<long> { Advice.HistogramBucketBoundaries: { } bounds } => [.. bounds.Select(b => (double)b)],
            Histogram<int> { Advice.HistogramBucketBoundaries: { } bounds } => [.. bounds.Select(b => (double)b)],
            _ => DefaultBuckets,
        };
    }

    private sealed class Series(int buckets)
    {
        public double Value { get; set; }

        public long[] Buckets { get; } = new long[buckets];

        public double Sum { get; set; }

        public long Count { get; set; }
    }
}
