using SosPost.Firmware.Core;
using SosPost.Firmware.Core.Device;

namespace SosPost.Hardware.Tests;

/// <summary>The example post config files and the technician's guide agree with the firmware.</summary>
public sealed class ExampleConfigTests
{
    public static TheoryData<string> Examples() => new(ExampleFiles());

    private static List<string> ExampleFiles() =>
        Directory.GetFiles(Repository.ConfigDirectory, "*.post.json").Select(Path.GetFileName).Select(f => f!).Order(StringComparer.Ordinal).ToList();

    [Theory]
    [MemberData(nameof(Examples))]
    public void Example_is_accepted_by_the_firmware_for_a_board_that_has_a_profile(string file)
    {
        var config = DeviceConfigReader.Read(File.ReadAllBytes(Path.Combine(Repository.ConfigDirectory, file)), out var error);

        Assert.True(config != null, file + ": " + error);
        Assert.Contains(config.Board, Repository.ProfileIds());
        Assert.Contains(config.Network, BoardRules.Strings(Repository.LoadProfile(config.Board), "networks"));
    }

    [Fact]
    public void Every_board_has_an_example_post_config()
    {
        var boards = ExampleFiles().Select(file => DeviceConfigReader.Read(File.ReadAllBytes(Path.Combine(Repository.ConfigDirectory, file)), out _)!.Board);

        Assert.Equal(Repository.ProfileIds(), boards.Distinct().Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_nanoff_file_deployment_example_uploads_to_the_path_the_firmware_reads()
    {
        var deploy = Repository.LoadObject(Path.Combine(Repository.ConfigDirectory, "nanoff-filedeployment.example.json"));

        var destinations = ((System.Text.Json.Nodes.JsonArray)deploy["files"]!)
            .Select(f => BoardRules.Text((System.Text.Json.Nodes.JsonObject)f!, "DestinationFilePath"))
            .ToList();

        Assert.Contains(DeviceConfig.FilePath, destinations);
    }

    [Fact]
    public void The_flashing_guide_names_each_image_the_config_path_and_every_beacon_pattern_as_the_core_draws_it()
    {
        var guide = Repository.ReadText("docs", "flashing.md");

        Assert.Contains(DeviceConfig.FilePath, guide, StringComparison.Ordinal);
        foreach (var id in Repository.ProfileIds())
        {
            Assert.Contains(BoardRules.Strings(Repository.LoadProfile(id), "nanoffTargets")[0], guide, StringComparison.Ordinal);
        }

        foreach (var state in Enum.GetValues<BeaconState>())
        {
            // The state's row: its name in bold and the pattern in the core's own words.
            var row = "| **" + BeaconPattern.NameOf(state) + "** | `" + BeaconPattern.Describe(state) + "` |";
            Assert.True(guide.Contains(row, StringComparison.Ordinal), "docs/flashing.md lacks the row starting " + row);
        }
    }
}
