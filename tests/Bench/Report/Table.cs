using System.Text;
using System.Text.Json.Nodes;

namespace SosPost.Bench.Report;

/// <summary>The readable summary printed at the end of a run (the JSON file holds the same and more).</summary>
internal sealed class Table
{
    private readonly List<(string Scenario, string Measure, string Value)> _rows = [];

    public void Row(string scenario, string measure, string value) => _rows.Add((scenario, measure, value));

    public override string ToString()
    {
        var w1 = _rows.Select(r => r.Scenario.Length).Append(8).Max();
        var w2 = _rows.Select(r => r.Measure.Length).Append(7).Max();
        var text = new StringBuilder();
        text.Append("scenario".PadRight(w1)).Append(" | ").Append("measure".PadRight(w2)).Append(" | value\n");
        text.Append(new string('-', w1)).Append("-|-").Append(new string('-', w2)).Append("-|------\n");
        foreach (var (scenario, measure, value) in _rows)
        {
            text.Append(scenario.PadRight(w1)).Append(" | ").Append(measure.PadRight(w2)).Append(" | ").Append(value).Append('\n');
        }

        return text.ToString();
    }
}

internal static class Json
{
    public static JsonObject Of(LatencyStats stats) => new()
    {
        ["count"] = stats.Count,
        ["p50"] = Round(stats.P50Ms),
        ["p99"] = Round(stats.P99Ms),
        ["max"] = Round(stats.MaxMs),
    };

    public static double Ratio(double value, double baseline) => baseline > 0 ? Math.Round(value / baseline, 2) : double.NaN;

    public static double? Round(double value) => double.IsFinite(value) ? Math.Round(value, 3) : null;
}
