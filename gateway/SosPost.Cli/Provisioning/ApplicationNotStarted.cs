using SosPost.Firmware.Core.Device;

namespace SosPost.Cli.Provisioning;

/// <summary>
/// What a technician reads when a flashed post never sends its online status (its birth message,
/// docs/protocol.md): the likely causes, most likely first, each with the command that fixes it.
/// </summary>
internal static class ApplicationNotStarted
{
    /// <summary>The explanation, one line each; <paramref name="board"/> null prints TARGET for the image name.</summary>
    public static IReadOnlyList<string> Explain(string postId, BoardProfile? board, string serialPort, string image, string? deploymentFile)
    {
        var deploy = board is null
            ? $"nanoff --target TARGET --serialport {serialPort} --deploy --image {image} --address {NanoffCommands.DeploymentAddress}"
            : NanoffCommands.Deploy(board, serialPort, image);
        return
        [
            $"{postId} sent no online status: its application did not start, or it runs but cannot reach the broker. Likely causes:",
            $"  1. the application is not in the deploy partition: nanoff --deploy without --address writes to 0x1B0000, but nanoCLR runs what is at {NanoffCommands.DeploymentAddress}, and nanoff still reports success. Deploy it again:",
            $"       {deploy}",
            "  2. a runtime update (nanoff --update) after the deployment erased it: deploy again after every --update, with the command above",
            $"  3. wrong credentials or broker address in the config file: upload it again (nanoff --filedeployment {deploymentFile ?? postId + ".deploy.json"}), or provision the post again",
            "  4. no network: cable, switch port, DHCP, Wi-Fi name and key (the status LED blinks once a second when the post runs but has no broker; dark when no application runs)",
            $"  To see what is on the board: nanoff --nanodevice --devicedetails --serialport {serialPort} (no assembly under \"Assemblies:\" = not deployed), and the post's log (docs/flashing.md, section 6).",
        ];
    }
}
