using System;
using System.IO;
using SosPost.Firmware.Core.Device;

namespace SosPost.Firmware;

/// <summary>The post's config file and the certificates it names (<see cref="BrokerCertificates"/>), from the internal flash drive.</summary>
internal static class ConfigFile
{
    /// <summary>
    /// False with the problem in words when this device cannot run with what is on flash: the file is
    /// missing or invalid, a certificate it needs is missing (<see cref="BrokerCertificates.Load"/>), or its board's
    /// pin map is not for the firmware image the device runs (<paramref name="image"/>, nanoFramework's target name).
    /// </summary>
    public static bool TryLoad(string image, out DeviceConfig config, out BoardProfile board, out BrokerCertificates certificates, out string problem)
    {
        config = null;
        board = null;
        certificates = null;
        try
        {
            if (!File.Exists(DeviceConfig.FilePath))
            {
                problem = "missing: upload it with nanoff --filedeployment (docs/flashing.md)";
                return false;
            }

            var bytes = ReadSmallFile(DeviceConfig.FilePath, DeviceConfigReader.MaxBytes);
            if (bytes == null)
            {
                problem = "larger than " + DeviceConfigReader.MaxBytes + " bytes";
                return false;
            }

            var parsed = DeviceConfigReader.Read(bytes, out problem);
            if (parsed == null)
            {
                return false;
            }

            // The reader has checked that the board exists. Driving another board's pin map could switch
            // an Ethernet PHY line or a flash pin, so the image must be one the board's profile lists.
            var profile = BoardProfiles.Find(parsed.Board);
            if (!profile.RunsOn(image))
            {
                problem = "the file names board " + profile.Id + " (image " + profile.NanoffTargets[0] + ") but this device runs image " + image;
                return false;
            }

            certificates = BrokerCertificates.Load(parsed, out problem);
            if (certificates == null)
            {
                return false;
            }

            config = parsed;
            board = profile;
            return true;
        }
        catch (Exception e)
        {
            problem = "unreadable: " + e.Message;
            return false;
        }
    }

    // Null when the file is over the limit: checked before reading, so a wrong upload cannot exhaust RAM.
    private static byte[] ReadSmallFile(string path, int maxBytes)
    {
        using (var file = new FileStream(path, FileMode.Open, FileAccess.Read))
        {
            if (file.Length > maxBytes)
            {
                return null;
            }

            var bytes = new byte[(int)file.Length];
            var read = 0;
            while (read < bytes.Length)
            {
                var n = file.Read(bytes, read, bytes.Length - read);
                if (n <= 0)
                {
                    throw new IOException("file ended early");
                }

                read += n;
            }

            return bytes;
        }
    }
}
