using System;

namespace SosPost.Protocol.Security;

/// <summary>
/// Signs and verifies post messages (docs/protocol.md, "Message authentication"). A signed payload is the
/// encoded message with two fields appended, always last and in this order:
/// <c>{...,"ctr":N,"mac":"64 lowercase hex"}</c>. The MAC is HMAC-SHA256 under the post's key over
/// <c>topic</c>, one line feed, and the payload without its mac field (<c>{...,"ctr":N}</c>), byte for byte as
/// sent: no re-encoding on either side, so a field a newer post adds is covered too. One instance per key;
/// not thread-safe; nothing is allocated per message except the signed payload.
/// </summary>
public sealed class MessageAuth
{
    /// <summary>Bytes of a post key.</summary>
    public const int KeySize = 32;

    /// <summary>Bytes <see cref="Sign"/> adds at most: <c>,"ctr":</c>, 19 digits, and the mac field.</summary>
    public const int MaxOverhead = 7 + 19 + MacFieldSize - 1;

    // ,"mac":"  + 64 hex + "}
    private const int MacFieldSize = 8 + (2 * HmacSha256.MacSize) + 2;
    private const string KeyLabel = "sospost-post-key:";
    private static readonly byte[] CounterName = { (byte)',', (byte)'"', (byte)'c', (byte)'t', (byte)'r', (byte)'"', (byte)':' };
    private static readonly byte[] MacName = { (byte)',', (byte)'"', (byte)'m', (byte)'a', (byte)'c', (byte)'"', (byte)':', (byte)'"' };
    private static readonly char[] Hex = { '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'a', 'b', 'c', 'd', 'e', 'f' };

    private readonly HmacSha256 _hmac;
    private readonly byte[] _mac = new byte[HmacSha256.MacSize];

    /// <exception cref="ArgumentException">The key is not <see cref="KeySize"/> bytes.</exception>
    public MessageAuth(byte[] key)
    {
        if (key == null || key.Length != KeySize)
        {
            throw new ArgumentException("a post key is 32 bytes", nameof(key));
        }

        _hmac = new HmacSha256(key);
    }

    /// <summary>
    /// The key of post <paramref name="postId"/>: HMAC-SHA256(master, "sospost-post-key:" + postId). The
    /// gateway and <c>sospost provision</c> derive it from the same master secret; a post only holds its own.
    /// </summary>
    public static byte[] DerivePostKey(byte[] master, string postId)
    {
        var label = KeyLabel + postId;
        var data = new byte[label.Length];
        for (var i = 0; i < label.Length; i++)
        {
            // Post ids are ASCII (Topics.IsValidPostId); anything else could not be a post of ours.
            data[i] = label[i] < 0x80 ? (byte)label[i] : (byte)'?';
        }

        return HmacSha256.Compute(master, data);
    }

    /// <summary>A key written as 64 hex characters (config files); null when it is not exactly that.</summary>
    public static byte[]? ParseKey(string? hex)
    {
        if (hex == null || hex.Length != 2 * KeySize)
        {
            return null;
        }

        var key = new byte[KeySize];
        for (var i = 0; i < KeySize; i++)
        {
            var high = HexValue(hex[2 * i]);
            var low = HexValue(hex[(2 * i) + 1]);
            if (high < 0 || low < 0)
            {
                return null;
            }

            key[i] = (byte)((high << 4) | low);
        }

        return key;
    }

    /// <summary>64 lowercase hex characters.</summary>
    public static string FormatKey(byte[] key)
    {
        var chars = new char[2 * key.Length];
        for (var i = 0; i < key.Length; i++)
        {
            chars[2 * i] = Hex[key[i] >> 4];
            chars[(2 * i) + 1] = Hex[key[i] & 0xF];
        }

        return new string(chars);
    }

    /// <summary>
    /// The payload as sent: <paramref name="payload"/> (one encoded JSON object, ending in '}') with
    /// <paramref name="counter"/> and its MAC for <paramref name="topic"/> appended.
    /// </summary>
    /// <exception cref="ArgumentException">The payload is not an object, the counter is not positive, or the topic is not ASCII.</exception>
    public byte[] Sign(string topic, byte[] payload, long counter)
    {
        if (payload == null || payload.Length < 2 || payload[payload.Length - 1] != (byte)'}' || counter < 1)
        {
            throw new ArgumentException("a JSON object and a counter of at least 1 are required", nameof(payload));
        }

        var digits = DigitCount(counter);
        var prefix = payload.Length - 1 + CounterName.Length + digits;
        var signed = new byte[prefix + MacFieldSize];
        Array.Copy(payload, 0, signed, 0, payload.Length - 1);
        Array.Copy(CounterName, 0, signed, payload.Length - 1, CounterName.Length);
        var value = counter;
        for (var i = prefix - 1; i >= prefix - digits; i--)
        {
            signed[i] = (byte)('0' + (int)(value % 10));
            value /= 10;
        }

        ComputeMac(topic, signed, prefix);
        Array.Copy(MacName, 0, signed, prefix, MacName.Length);
        var at = prefix + MacName.Length;
        for (var i = 0; i < _mac.Length; i++)
        {
            signed[at++] = (byte)Hex[_mac[i] >> 4];
            signed[at++] = (byte)Hex[_mac[i] & 0xF];
        }

        signed[at++] = (byte)'"';
        signed[at] = (byte)'}';
        return signed;
    }

    /// <summary>
    /// True when <paramref name="payload"/> is signed for <paramref name="topic"/> under this key; then
    /// <paramref name="counter"/> is its counter. Compares in constant time.
    /// </summary>
    public bool Verify(string topic, byte[] payload, out long counter)
    {
        var prefix = SignedPrefixLength(payload);
        if (prefix < 0 || !TryReadCounter(payload, prefix, out counter))
        {
            counter = 0;
            return false;
        }

        if (!ComputeMac(topic, payload, prefix))
        {
            counter = 0;
            return false;
        }

        var difference = 0;
        var at = prefix + MacName.Length;
        for (var i = 0; i < _mac.Length; i++)
        {
            difference |= (HexValue((char)payload[at + (2 * i)]) << 4 | HexValue((char)payload[at + (2 * i) + 1])) ^ _mac[i];
        }

        if (difference != 0)
        {
            counter = 0;
            return false;
        }

        return true;
    }

    /// <summary>The payload ends with a mac field in the signed form (it may still be a wrong one).</summary>
    public static bool IsSigned(byte[] payload) => SignedPrefixLength(payload) >= 0;

    // Length of the payload before ,"mac":"...; -1 when the payload does not end in the exact mac field.
    private static int SignedPrefixLength(byte[] payload)
    {
        if (payload == null || payload.Length < MacFieldSize + 2)
        {
            return -1;
        }

        var prefix = payload.Length - MacFieldSize;
        for (var i = 0; i < MacName.Length; i++)
        {
            if (payload[prefix + i] != MacName[i])
            {
                return -1;
            }
        }

        for (var i = prefix + MacName.Length; i < payload.Length - 2; i++)
        {
            var c = payload[i];
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
            {
                return -1;
            }
        }

        return payload[payload.Length - 2] == (byte)'"' && payload[payload.Length - 1] == (byte)'}' ? prefix : -1;
    }

    // The counter is the digits just before the mac field, after ,"ctr": (1 to 19 digits, no leading zero).
    private static bool TryReadCounter(byte[] payload, int prefix, out long counter)
    {
        counter = 0;
        var start = prefix;
        while (start > 0 && payload[start - 1] >= '0' && payload[start - 1] <= '9')
        {
            start--;
        }

        var digits = prefix - start;
        if (digits < 1 || digits > 19 || (digits > 1 && payload[start] == '0') || start < CounterName.Length + 1)
        {
            return false;
        }

        for (var i = 0; i < CounterName.Length; i++)
        {
            if (payload[start - CounterName.Length + i] != CounterName[i])
            {
                return false;
            }
        }

        for (var i = start; i < prefix; i++)
        {
            var digit = payload[i] - '0';
            if (counter > (long.MaxValue - digit) / 10)
            {
                return false;
            }

            counter = (counter * 10) + digit;
        }

        return counter >= 1;
    }

    // HMAC over topic, '\n', data[0..length) and '}' into _mac; false when the topic is not ASCII.
    private bool ComputeMac(string topic, byte[] data, int length)
    {
        _hmac.Begin();
        for (var i = 0; i < topic.Length; i++)
        {
            if (topic[i] >= 0x80)
            {
                return false;
            }

            _hmac.Update((byte)topic[i]);
        }

        _hmac.Update((byte)'\n');
        _hmac.Update(data, 0, length);
        _hmac.Update((byte)'}');
        _hmac.Finish(_mac, 0);
        return true;
    }

    private static int DigitCount(long value)
    {
        var digits = 1;
        while (value >= 10)
        {
            value /= 10;
            digits++;
        }

        return digits;
    }

    private static int HexValue(char c)
    {
        if (c >= '0' && c <= '9')
        {
            return c - '0';
        }

        if (c >= 'a' && c <= 'f')
        {
            return c - 'a' + 10;
        }

        return c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    }
}
