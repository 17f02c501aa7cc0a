using System.Text.Json.Nodes;
using SosPost.Firmware.Core.Device;

namespace SosPost.Cli.Provisioning;

/// <summary>The nanoff commands that put the runtime, the application and the config file on a board (docs/flashing.md).</summary>
internal static class NanoffCommands
{
    /// <summary>nanoff's file deployment file: <see cref="DeployedFiles"/> onto the board's I: drive.</summary>
    public static string DeploymentFile(string serialPort, string configPath, string? caPath, PostCertificate.Files? certificate = null)
    {
        var files = new JsonArray();
        foreach (var (destination, source) in DeployedFiles(configPath, caPath, certificate))
        {
            files.Add(new JsonObject { ["DestinationFilePath"] = destination, ["SourceFilePath"] = source });
        }

        return new JsonObject { ["serialport"] = serialPort, ["files"] = files }.ToJsonString(Posts.PostsGeoJson.WriteOptions) + "\n";
    }

    /// <summary>
    /// Board path and file here: the config, the broker's CA (TLS), and the post's certificate and key (mutual TLS),
    /// where the firmware reads them (<see cref="DeviceConfig"/>).
    /// </summary>
    public static IReadOnlyList<(string Destination, string Source)> DeployedFiles(string configPath, string? caPath, PostCertificate.Files? certificate)
    {
        List<(string, string)> files = [(DeviceConfig.FilePath, configPath)];
        if (caPath is not null)
        {
            files.Add((DeviceConfig.CaCertificatePath, caPath));
        }

        if (certificate is not null)
        {
            files.Add((DeviceConfig.ClientCertificatePath, certificate.Certificate));
            files.Add((DeviceConfig.ClientKeyPath, certificate.Key));
        }

        return files;
    }

    /// <summary>
    /// Where the application goes: the <c>deploy</c> partition of nanoFramework's ESP32 partition tables, at this
    /// offset for 2, 4, 8 and 16 MB flash alike (nanoframework/nf-interpreter commit a3e8139a,
    /// targets/ESP32/_IDF/esp32/partitions_nanoclr_*mb.csv). nanoff 2.5.162 writes <c>--deploy</c> without
    /// <c>--address</c> to its fixed default 0x1B0000 instead (nanoframework/nanoFirmwareFlasher commit baccab8d,
    /// nanoFirmwareFlasher.Library/Esp32Firmware.cs), where nanoCLR never looks: it reports success and the post
    /// never runs the application.
    /// </summary>
    public const string DeploymentAddress = "0x1E0000";

    /// <summary>The size of that partition on a 4 MB board (both our boards' modules): 1792 KiB, 0x1C0000 (partitions_nanoclr_4mb.csv).</summary>
    public const long DeploymentAreaBytes = 0x1C0000;

    /// <summary>
    /// The commands for a new board, in order. Deployment is its own run: with <c>--update</c>, nanoff 2.5.162
    /// ignores <c>--address</c> (Esp32Manager passes none to UpdateFirmwareAsync) and writes the image to 0x1B0000.
    /// </summary>
    public static IReadOnlyList<(string What, string Command)> For(BoardProfile board, string serialPort, string image, string deploymentFile)
    {
        var target = board.NanoffTargets[0];
        return
        [
            ("0. check the chip: flash size and revision; PSRAM is reported only with --checkpsram",
                DeviceDetails(serialPort)),
            ("1. flash the nanoFramework runtime (a NEW board only: --masserase wipes the config and the alarm outbox)",
                $"nanoff --update --target {target} --serialport {serialPort} --masserase"),
            ("2. deploy the SosPost application, to the deploy partition (again after every --update)",
                Deploy(board, serialPort, image)),
            ("3. upload the post's config file (and the certificates and key the nanoff file lists)",
                $"nanoff --filedeployment {Quote(deploymentFile)}"),
        ];
    }

    /// <summary>The application deployment, never combined with <c>--update</c>.</summary>
    public static string Deploy(BoardProfile board, string serialPort, string image) =>
        $"nanoff --target {board.NanoffTargets[0]} --serialport {serialPort} --deploy --image {Quote(image)} --address {DeploymentAddress}";

    public static string DeviceDetails(string serialPort) => $"nanoff --platform esp32 --serialport {serialPort} --devicedetails --checkpsram";

    /// <summary>Null when the image fits the deploy partition (or is not on this machine to measure); else why not.</summary>
    public static string? ImageTooLarge(string image)
    {
        var file = new FileInfo(image);
        return file.Exists && file.Length > DeploymentAreaBytes
            ? $"{image} has {file.Length} bytes; the deploy partition of a 4 MB ESP32 holds {DeploymentAreaBytes} (0x1C0000)"
            : null;
    }

    private static string Quote(string path) => path.Contains(' ', StringComparison.Ordinal) ? "\"" + path + "\"" : path;
}
