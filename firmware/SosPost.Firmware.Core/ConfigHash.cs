namespace SosPost.Firmware.Core;

/// <summary>
/// The config hash of the online status and heartbeat: FNV-1a (32 bits) over the config file's bytes, as
/// 8 lowercase hex characters. Small, dependency-free and the same on the post and any tool that hashes
/// the file; it tells configurations apart, it is not a security measure.
/// </summary>
public static class ConfigHash
{
    private const uint OffsetBasis = 2166136261;
    private const uint Prime = 16777619;

    public static uint Fnv1a(byte[] bytes)
    {
        var hash = OffsetBasis;
        for (var i = 0; i < bytes.Length; i++)
        {
            hash ^= bytes[i];
            hash = unchecked(hash * Prime);
        }

        return hash;
    }

    /// <summary>The hash as the protocol writes it, e.g. "3f2a9c41".</summary>
    public static string Of(byte[] configFile)
    {
        return Hex(Fnv1a(configFile));
    }

    internal static string Hex(uint value)
    {
        var chars = new char[8];
        for (var i = 7; i >= 0; i--)
        {
            var nibble = (int)(value & 0xF);
            chars[i] = (char)(nibble < 10 ? '0' + nibble : 'a' + nibble - 10);
            value >>= 4;
        }

        return new string(chars);
    }
}
