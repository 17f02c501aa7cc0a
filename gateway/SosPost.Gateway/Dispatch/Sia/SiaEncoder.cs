using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace SosPost.Gateway.Dispatch.Sia;

/// <summary>
/// Writes DC-09 frames: <c>LF crc 0LLL "id"seq[Rrcvr]Lline#acct[data]_HH:mm:ss,MM-dd-yyyy CR</c>, with the part
/// after <c>[</c> AES-CBC encrypted (zero IV, random pad and <c>|</c> first) when there is a key.
/// </summary>
public sealed class SiaEncoder(SiaProtocol protocol, string account, string? receiver, string line, byte[]? key, Func<int, string>? pad = null)
{
    private const string PadChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private readonly Func<int, string> _pad = pad ?? RandomPad;

    public static SiaEncoder From(SiaOptions options) =>
        new(options.Protocol, options.Account, options.Receiver, options.Line, options.KeyBytes);

    public string Account => account;

    public bool Encrypted => key is not null;

    /// <summary>The data block (without brackets) for an event of the gateway's account, zone 001.</summary>
    public string Data(SiaEvent value) => Data(value, new SiaAddress(account, 1));

    /// <summary>The data block (without brackets) for an event: <c>#acct|Nri1/PA001</c> or <c>#acct|1120 01 001</c> (zone last).</summary>
    public string Data(SiaEvent value, SiaAddress address)
    {
        var code = SiaCodes.Of(value);
        return protocol == SiaProtocol.SiaDcs
            ? string.Create(CultureInfo.InvariantCulture, $"#{address.Account}|Nri1/{code.Sia}{address.Zone:D3}")
            : string.Create(CultureInfo.InvariantCulture, $"#{address.Account}|{code.CidQualifier}{code.CidEvent:D3} 01 {address.Zone:D3}");
    }

    public byte[] Event(SiaEvent value, int sequence, DateTimeOffset at) => Event(value, sequence, at, new SiaAddress(account, 1));

    /// <summary>An event of the post at <paramref name="address"/>: its account in the header and the data, its zone in the data.</summary>
    public byte[] Event(SiaEvent value, int sequence, DateTimeOffset at, SiaAddress address) =>
        Frame(protocol == SiaProtocol.SiaDcs ? "SIA-DCS" : "ADM-CID", sequence, address.Account, Data(value, address), at);

    /// <summary>The supervision message: no data, only "I am here".</summary>
    public byte[] Null(int sequence, DateTimeOffset at) => Frame("NULL", sequence, account, "", at);

    public static string Timestamp(DateTimeOffset at) =>
        at.UtcDateTime.ToString("HH:mm:ss,MM-dd-yyyy", CultureInfo.InvariantCulture);

    /// <summary>Wraps a message body in LF, its CRC and length as hex, and CR.</summary>
    public static byte[] Wrap(string body)
    {
        var bytes = Encoding.ASCII.GetBytes(body);
        if (bytes.Length > 0xFFF)
        {
            throw new ArgumentException($"A DC-09 message is at most 4095 bytes; this one is {bytes.Length}.", nameof(body));
        }

        var head = string.Create(CultureInfo.InvariantCulture, $"\n{SiaCrc.Compute(bytes):X4}{bytes.Length:X4}");
        return [.. Encoding.ASCII.GetBytes(head), .. bytes, (byte)'\r'];
    }

    private byte[] Frame(string id, int sequence, string frameAccount, string data, DateTimeOffset at)
    {
        if (sequence is < 1 or > SiaSequence.Max)
        {
            throw new ArgumentOutOfRangeException(nameof(sequence), sequence, "DC-09 sequence numbers are 0001 to 9999.");
        }

        var content = $"{data}]_{Timestamp(at)}";
        var block = key is null ? content : Convert.ToHexString(Encrypt(content));
        var prefix = receiver is null ? "" : $"R{receiver}";
        var star = key is null ? "" : "*";
        return Wrap(string.Create(CultureInfo.InvariantCulture, $"\"{star}{id}\"{sequence:D4}{prefix}L{line}#{frameAccount}[{block}"));
    }

    private byte[] Encrypt(string content)
    {
        // Pad first so the plain text fills whole AES blocks; the receiver drops everything up to the first '|'.
        var padLength = 16 - ((content.Length + 1) % 16);
        var plain = Encoding.ASCII.GetBytes($"{_pad(padLength)}|{content}");
        using var aes = Aes.Create();
        aes.Key = key!;
        return aes.EncryptCbc(plain, new byte[16], PaddingMode.None);
    }

    private static string RandomPad(int length) => new(RandomNumberGenerator.GetItems<char>(PadChars, length));
}
