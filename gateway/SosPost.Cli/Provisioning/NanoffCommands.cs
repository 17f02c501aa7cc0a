using System.Text.Json.Nodes;
using SosPost.Firmware.Core.Device;

namespace SosPost.Cli.Provisioning;

/// <summary>The nanoff commands that put the runtime, the application and the config file on a board (docs/flashing.md).</summary>
internal static class NanoffCommands
{
    /// <summary>Where a post's client certificate and key go on the board (beside the CA; see docs/security.md for the firmware's use of them).</summary>
    public const string ClientCertificatePath = "I:\\sospost-client.crt";

    public const string ClientKeyPath = "I:\\sospost-client.key";

    /// <summary>nanoff's file deployment file: the config (and, for TLS, the broker's CA) onto the board's I: drive.</summary>
    public static string DeploymentFile(string serialPort, string configPath, string? caPath, PostCertificate.Files? certificate = null)
    {
        var files = new JsonArray(new JsonObject { ["DestinationFilePath"] = DeviceConfig.FilePath, ["SourceFilePath"] = configPath });
        if (caPath is not null)
        {
            files.Add(new JsonObject { ["DestinationFilePath"] = DeviceConfig.CaCertificatePath, ["SourceFilePath"] = caPath });
        }

        if (certificate is not null)
        {
            files.Add(new JsonObject { ["DestinationFilePath"] = ClientCertificatePath, ["SourceFilePath"] = certificate.Certificate });
            files.Add(new JsonObject { ["DestinationFilePath"] = ClientKeyPath, ["SourceFilePath"] = certificate.Key });
        }

        return new JsonObject { ["serialport"] = serialPort, ["files"] = files }.ToJsonString(Posts.PostsGeoJson.WriteOptions) + "\n";
    }

    public static IReadOnlyList<(string What, string Command)> For(BoardProfile board, string serialPort, string image, string deploymentFile)
    {
        var target = board.NanoffTargets[0];
        return
        [
            ("1. flash the nanoFramework runtime (a NEW board only: --masserase wipes the config and the alarm outbox)",
                $"nanoff --update --target {target} --serialport {serialPort} --masserase"),
            ("2. deploy the SosPost application",
                $"nanoff --target {target} --serialport {serialPort} --deploy --image {Quote(image)}"),
            ("3. upload the post's config file",
                $"nanoff --filedeployment {Quote(deploymentFile)}"),
        ];
    }

    private static string Quote(string path) => path.Contains(' ', StringComparison.Ordinal) ? "\"" + path + "\"" : path;
}
