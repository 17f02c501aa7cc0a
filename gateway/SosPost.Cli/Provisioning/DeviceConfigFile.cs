using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using SosPost.Firmware.Core.Device;

namespace SosPost.Cli.Provisioning;

/// <summary>
/// Writes a post's config file in the firmware's format (docs/flashing.md, section 4) and checks it with the
/// firmware's own reader, so a file the post would refuse is never handed to a technician.
/// </summary>
internal static class DeviceConfigFile
{
    /// <summary>
    /// The settings a technician gives; the rest keep the firmware's defaults. With <see cref="Settings.ClientCert"/> and
    /// no <see cref="Settings.PasswordFallback"/> the password stays off the post (the firmware refuses it there).
    /// </summary>
    public sealed record Settings(
        string PostId,
        string Password,
        string Key,
        long CounterStart,
        string Board,
        string Network,
        string BrokerHost,
        int? BrokerPort,
        bool BrokerTls,
        bool Camera,
        string? WifiSsid,
        string? WifiPassword,
        string? SntpServer1,
        string? SntpServer2,
        bool ClientCert = false,
        bool PasswordFallback = false,
        int? PasswordPort = null);

    /// <summary>A broker password: 24 random bytes as 32 URL-safe characters (no quoting trouble in JSON or shells).</summary>
    public static string NewPassword() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', '-').Replace('/', '_');

    /// <summary>
    /// The post's first message counter: now in microseconds since 1970. A board provisioned later starts above every
    /// counter the board before it can have used (far fewer than a million messages a second).
    /// </summary>
    public static long CounterStartNow() => (DateTimeOffset.UtcNow - DateTimeOffset.UnixEpoch).Ticks / 10;

    /// <summary>The file's bytes, or a <see cref="CliException"/> naming the setting the firmware would refuse.</summary>
    public static byte[] Build(Settings settings)
    {
        var json = new JsonObject
        {
            ["v"] = DeviceConfigReader.FormatVersion,
            ["postId"] = settings.PostId,
        };
        if (!settings.ClientCert || settings.PasswordFallback)
        {
            json["password"] = settings.Password;
        }

        json["key"] = settings.Key;
        json["counterStart"] = settings.CounterStart;
        json["board"] = settings.Board;
        json["network"] = settings.Network;

        if (settings.WifiSsid is not null)
        {
            json["wifiSsid"] = settings.WifiSsid;
            json["wifiPassword"] = settings.WifiPassword ?? string.Empty;
        }

        json["brokerHost"] = settings.BrokerHost;
        json["brokerPort"] = settings.BrokerPort
            ?? (settings.ClientCert ? DeviceConfig.DefaultCertificatePort : settings.BrokerTls ? DeviceConfig.DefaultTlsPort : DeviceConfig.DefaultPort);
        json["brokerTls"] = settings.BrokerTls;
        if (settings.ClientCert)
        {
            json["clientCert"] = true;
        }

        if (settings.PasswordFallback)
        {
            json["passwordFallback"] = true;
            json["passwordPort"] = settings.PasswordPort ?? DeviceConfig.DefaultTlsPort;
        }
        if (settings.SntpServer1 is not null)
        {
            json["sntpServer1"] = settings.SntpServer1;
        }

        if (settings.SntpServer2 is not null)
        {
            json["sntpServer2"] = settings.SntpServer2;
        }

        json["camera"] = settings.Camera;
        var bytes = Encoding.UTF8.GetBytes(json.ToJsonString(Posts.PostsGeoJson.WriteOptions) + "\n");
        if (DeviceConfigReader.Read(bytes, out var problem) is null)
        {
            throw new CliException(ExitCodes.InvalidInput, $"the post's config would be refused by the firmware: {problem}");
        }

        return bytes;
    }

    /// <summary>Writes the file readable by its owner only (it holds the broker password), replacing an older one whole.</summary>
    public static void Save(string path, byte[] bytes)
    {
        var temporary = path + ".new";
        File.Delete(temporary);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            // Created with these permissions, so the password is never readable by others, not even briefly.
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var file = new FileStream(temporary, options))
        {
            file.Write(bytes);
        }

        File.Move(temporary, path, overwrite: true);
    }
}
