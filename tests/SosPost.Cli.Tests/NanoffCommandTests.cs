using System.Text.RegularExpressions;
using SosPost.Cli.Provisioning;
using SosPost.Firmware.Core.Device;

namespace SosPost.Cli.Tests;

/// <summary>
/// The nanoff commands a technician is given, by the CLI and by the docs, are ones nanoff 2.5.162 accepts, and
/// put the application where nanoCLR runs it (the deploy partition at 0x1E0000, never in the same run as --update).
/// </summary>
public sealed partial class NanoffCommandTests
{
    private static readonly Lazy<HashSet<string>> Options = new(() => File.ReadLines(Path.Combine(AppContext.BaseDirectory, "nanoff-2.5.162-options.txt"))
        .Where(line => line.Length > 0 && !line.StartsWith('#'))
        .ToHashSet(StringComparer.Ordinal));

    public static TheoryData<string> Boards() => new(BoardProfiles.Ids().Split(", "));

    [Theory]
    [MemberData(nameof(Boards))]
    public void Every_nanoff_command_the_cli_prints_uses_only_options_of_nanoff_2_5_162(string board)
    {
        var profile = BoardProfiles.Find(board)!;
        var printed = NanoffCommands.For(profile, "/dev/ttyUSB0", "my app/SosPost.Firmware.bin", "MHC-001.deploy.json").Select(c => c.Command)
            .Concat(ApplicationNotStarted.Explain("MHC-001", profile, "/dev/ttyUSB0", "SosPost.Firmware.bin", "MHC-001.deploy.json"))
            .Concat(ApplicationNotStarted.Explain("MHC-001", null, "PORT", "SosPost.Firmware.bin", null));

        Assert.Empty(UnknownOptions(printed));
    }

    [Theory]
    [InlineData("flashing.md")]
    [InlineData("technician-guide.md")]
    public void Every_nanoff_command_in_the_technician_docs_uses_only_options_of_nanoff_2_5_162(string doc)
    {
        var commands = DocCommands(doc);

        Assert.NotEmpty(commands);
        Assert.Empty(UnknownOptions(commands));
    }

    [Theory]
    [MemberData(nameof(Boards))]
    public void The_application_is_deployed_to_the_deploy_partition_in_a_run_of_its_own(string board)
    {
        var commands = NanoffCommands.For(BoardProfiles.Find(board)!, "COM5", "SosPost.Firmware.bin", "x.deploy.json").Select(c => c.Command).ToList();

        var deploy = Assert.Single(commands, c => Words(c).Contains("--deploy"));
        Assert.EndsWith("--deploy --image SosPost.Firmware.bin --address 0x1E0000", deploy, StringComparison.Ordinal);
        Assert.DoesNotContain(commands, c => Words(c).Contains("--update") && Words(c).Contains("--deploy"));
        Assert.Contains(commands, c => Words(c).Contains("--devicedetails") && Words(c).Contains("--checkpsram"));
    }

    [Theory]
    [InlineData("flashing.md")]
    [InlineData("technician-guide.md")]
    public void No_deploy_in_the_docs_lacks_the_address_or_rides_along_with_an_update(string doc)
    {
        var deploys = DocCommands(doc).Where(c => Words(c).Contains("--deploy")).ToList();

        Assert.All(deploys, c => Assert.Contains("--address 0x1E0000", c, StringComparison.Ordinal));
        Assert.All(deploys, c => Assert.DoesNotContain("--update", Words(c)));
    }

    [Fact]
    public void An_image_larger_than_the_deploy_partition_of_a_4_mb_board_is_refused()
    {
        using var folder = new TempFolder();
        var fits = folder.File("fits.bin");
        var tooLarge = folder.File("large.bin");
        File.WriteAllBytes(fits, new byte[0x1C0000]);
        File.WriteAllBytes(tooLarge, new byte[0x1C0001]);

        Assert.Null(NanoffCommands.ImageTooLarge(fits));
        Assert.Null(NanoffCommands.ImageTooLarge(folder.File("not-built-here.bin")));
        Assert.Contains("holds 1835008 (0x1C0000)", NanoffCommands.ImageTooLarge(tooLarge), StringComparison.Ordinal);
    }

    /// <summary>"option (in: command)" for each option-like word after "nanoff" that nanoff 2.5.162 does not have.</summary>
    private static List<string> UnknownOptions(IEnumerable<string> texts) =>
        texts.SelectMany(NanoffRuns)
            .SelectMany(run => Words(run).Where(w => w.StartsWith('-') && !Options.Value.Contains(w)).Select(w => $"{w} (in: {run})"))
            .ToList();

    /// <summary>Each "nanoff ..." in a line, up to a closing parenthesis or backtick (prose around it is not the command).</summary>
    private static IEnumerable<string> NanoffRuns(string line) =>
        NanoffRun().Matches(line).Select(m => m.Value);

    private static string[] Words(string command) =>
        command.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(w => w.TrimEnd(',', '.', ';', ':')).ToArray();

    /// <summary>The nanoff commands of a doc: lines of its code blocks and its inline code spans that start with "nanoff".</summary>
    private static List<string> DocCommands(string doc)
    {
        var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "docs", doc));
        var commands = new List<string>();
        var inBlock = false;
        foreach (var line in text.Split('\n'))
        {
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                inBlock = !inBlock;
                continue;
            }

            if (inBlock)
            {
                var code = line.Split('#')[0].Trim();
                commands.AddRange(code.StartsWith("nanoff", StringComparison.Ordinal) ? [code] : []);
            }
            else
            {
                commands.AddRange(InlineNanoff().Matches(line).Select(m => m.Groups[1].Value));
            }
        }

        return commands;
    }

    [GeneratedRegex(@"nanoff( [^)`]*)?")]
    private static partial Regex NanoffRun();

    [GeneratedRegex(@"`(nanoff[^`]*)`")]
    private static partial Regex InlineNanoff();
}
