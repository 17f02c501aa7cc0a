using System.Globalization;

namespace SosPost.Bench;

/// <summary>Command-line settings shared by every benchmark (see docs/performance.md).</summary>
internal sealed record BenchSettings(bool Quick, string RepoRoot, string ResultsDirectory, string WorkDirectory, IReadOnlyList<string> Only, IReadOnlyDictionary<string, string> Values)
{
    public static BenchSettings Parse(string[] args, string repoRoot)
    {
        var quick = false;
        var only = new List<string>();
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--quick":
                    quick = true;
                    break;
                case var flag when flag.StartsWith("--", StringComparison.Ordinal) && i + 1 < args.Length:
                    values[flag[2..]] = args[++i];
                    break;
                default:
                    only.Add(args[i]);
                    break;
            }
        }

        var stamp = DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        var results = values.TryGetValue("results", out var r) ? r : Path.Combine(repoRoot, ".bench", "results");
        var work = values.TryGetValue("work", out var w) ? w : Path.Combine(repoRoot, ".bench", "work", stamp);
        return new BenchSettings(quick, repoRoot, results, work, only, values);
    }

    public bool Runs(string name) => Only.Count == 0 || Only.Contains("all") || Only.Contains(name);

    public int Int(string name, int quick, int full) =>
        Values.TryGetValue(name, out var text) ? int.Parse(text, CultureInfo.InvariantCulture) : Quick ? quick : full;
}
