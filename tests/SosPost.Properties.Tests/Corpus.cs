using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace SosPost.Properties.Tests;

/// <summary>One valid input the mutator starts from; Name says where it comes from.</summary>
internal sealed record Seed(string Name, byte[] Bytes, string Format)
{
    public override string ToString() => Name;
}

/// <summary>
/// The valid inputs of tests/corpus/ (captured MQTT packets and DC-09 frames) plus the examples other files own:
/// the vectors of docs/protocol.md and the example post configs of hardware/config/. Read, never copied, so a
/// changed example is tested as it now is.
/// </summary>
internal static partial class Corpus
{
    public static string Root { get; } = FindRoot();

    public static string Directory => Path.Combine(Root, "tests", "corpus");

    /// <summary>MQTT packets a server sends, each with its protocol version (3.1.1 or 5).</summary>
    public static IReadOnlyList<(Seed Seed, bool V5)> MqttPackets { get; } = ReadMqtt();

    /// <summary>DC-09 frames, LF and CR included.</summary>
    public static IReadOnlyList<Seed> SiaFrames { get; } = ReadSia();

    /// <summary>docs/protocol.md's valid vectors; Format is the payload kind (alarm, heartbeat, ...), Topic in the name.</summary>
    public static IReadOnlyList<(Seed Seed, string Topic)> ProtocolVectors { get; } = ReadProtocolVectors(valid: true);

    /// <summary>docs/protocol.md's invalid vectors, each with its documented reason in the name.</summary>
    public static IReadOnlyList<(Seed Seed, string Topic)> InvalidProtocolVectors { get; } = ReadProtocolVectors(valid: false);

    /// <summary>The example post config files.</summary>
    public static IReadOnlyList<Seed> DeviceConfigs { get; } =
        [.. System.IO.Directory.GetFiles(Path.Combine(Root, "hardware", "config"), "example-*.post.json").Order(StringComparer.Ordinal)
            .Select(path => new Seed("hardware/config/" + Path.GetFileName(path), File.ReadAllBytes(path), "config"))];

    private static List<(Seed, bool)> ReadMqtt()
    {
        var seeds = new List<(Seed, bool)>();
        foreach (var path in System.IO.Directory.GetFiles(Path.Combine(Directory, "mqtt"), "*.hex").Order(StringComparer.Ordinal))
        {
            var lines = File.ReadAllLines(path);
            var version = lines.Single(l => l.StartsWith("# version:", StringComparison.Ordinal))["# version:".Length..].Trim();
            var hex = string.Concat(lines.Where(l => !l.StartsWith('#')).Select(l => l.Replace(" ", "", StringComparison.Ordinal)));
            seeds.Add((new Seed("corpus/mqtt/" + Path.GetFileName(path), Convert.FromHexString(hex), "mqtt"), version == "5"));
        }

        return seeds;
    }

    private static List<Seed> ReadSia()
    {
        var seeds = new List<Seed>();
        foreach (var path in System.IO.Directory.GetFiles(Path.Combine(Directory, "sia"), "*.frame").Order(StringComparer.Ordinal))
        {
            var line = File.ReadAllLines(path).Single(l => l.Length > 0 && !l.StartsWith('#'));
            seeds.Add(new Seed("corpus/sia/" + Path.GetFileName(path), Encoding.ASCII.GetBytes("\n" + line + "\r"), "sia"));
        }

        return seeds;
    }

    private static List<(Seed, string)> ReadProtocolVectors(bool valid)
    {
        var lines = File.ReadAllLines(Path.Combine(Root, "docs", "protocol.md"));
        var seeds = new List<(Seed, string)>();
        for (var i = 0; i < lines.Length; i++)
        {
            var fence = valid ? ValidFence().Match(lines[i]) : InvalidFence().Match(lines[i]);
            if (!fence.Success)
            {
                continue;
            }

            var body = new StringBuilder();
            var j = i + 1;
            for (; j < lines.Length && lines[j] != "```"; j++)
            {
                body.Append(body.Length == 0 ? "" : "\n").Append(lines[j]);
            }

            var kind = fence.Groups["kind"].Value;
            var name = string.Create(CultureInfo.InvariantCulture, $"docs/protocol.md:{i + 1} ({kind}{(valid ? "" : ", " + fence.Groups["reason"].Value)})");
            var topic = valid ? fence.Groups["topic"].Value : TopicFor(kind);
            seeds.Add((new Seed(name, Encoding.UTF8.GetBytes(body.ToString()), kind), topic));
            i = j;
        }

        return seeds;
    }

    private static string TopicFor(string kind) => "sos/v1/MHC-001/" + kind switch
    {
        "alarm-state" => "alarm/state",
        "event-ack" => "event/ack",
        "command" => "cmd",
        _ => kind,
    };

    private static string FindRoot()
    {
        // Built with --artifacts-path the binaries live outside the repository: the build records where it is.
        var recorded = typeof(Corpus).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
            .Cast<System.Reflection.AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == "RepositoryRoot")?.Value;
        if (recorded is not null && File.Exists(Path.Combine(recorded, "SosPost.sln")))
        {
            return Path.GetFullPath(recorded);
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SosPost.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("SosPost.sln not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"^```json vector=(?<kind>[a-z-]+) topic=(?<topic>\S+)\s*$")]
    private static partial Regex ValidFence();

    [GeneratedRegex(@"^```json invalid=(?<reason>[a-z-]+) type=(?<kind>[a-z-]+)\s*$")]
    private static partial Regex InvalidFence();
}
