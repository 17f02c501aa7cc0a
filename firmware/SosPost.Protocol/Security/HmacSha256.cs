using System;

namespace SosPost.Protocol.Security;

/// <summary>
/// HMAC-SHA256 (RFC 2104) with a fixed key: <see cref="Begin"/>, any number of <c>Update</c>s, <see cref="Finish"/>.
/// The padded keys are made once, so a message costs no allocation. Not thread-safe: one instance per user.
/// </summary>
public sealed class HmacSha256
{
    public const int MacSize = Sha256.HashSize;

    private readonly Sha256 _sha = new Sha256();
    private readonly byte[] _innerPad = new byte[Sha256.BlockSize];
    private readonly byte[] _outerPad = new byte[Sha256.BlockSize];
    private readonly byte[] _innerDigest = new byte[Sha256.HashSize];

    /// <exception cref="ArgumentException">The key is null or empty.</exception>
    public HmacSha256(byte[] key)
    {
        if (key == null || key.Length == 0)
        {
            throw new ArgumentException("an HMAC key is required", nameof(key));
        }

        // RFC 2104 section 2: a key longer than a block is hashed first; a shorter one is padded with zeros.
        var k = key.Length > Sha256.BlockSize ? Sha256.Hash(key) : key;
        for (var i = 0; i < Sha256.BlockSize; i++)
        {
            var b = i < k.Length ? k[i] : (byte)0;
            _innerPad[i] = (byte)(b ^ 0x36);
            _outerPad[i] = (byte)(b ^ 0x5c);
        }

        Begin();
    }

    /// <summary>The MAC of <paramref name="data"/> under <paramref name="key"/>, in a new array.</summary>
    public static byte[] Compute(byte[] key, byte[] data)
    {
        var hmac = new HmacSha256(key);
        hmac.Update(data, 0, data.Length);
        var mac = new byte[MacSize];
        hmac.Finish(mac, 0);
        return mac;
    }

    /// <summary>Starts a new message (done by the constructor and by <see cref="Finish"/>).</summary>
    public void Begin()
    {
        _sha.Reset();
        _sha.Update(_innerPad, 0, Sha256.BlockSize);
    }

    public void Update(byte value) => _sha.Update(value);

    public void Update(byte[] data, int offset, int count) => _sha.Update(data, offset, count);

    /// <summary>Writes the 32-byte MAC at <paramref name="offset"/> and starts a new message.</summary>
    public void Finish(byte[] output, int offset)
    {
        _sha.Finish(_innerDigest, 0);
        _sha.Update(_outerPad, 0, Sha256.BlockSize);
        _sha.Update(_innerDigest, 0, Sha256.HashSize);
        _sha.Finish(output, offset);
        Begin();
    }
}
