using System;

namespace SosPost.Protocol.Security;

/// <summary>
/// SHA-256 (FIPS 180-4), written for the post: nanoFramework has no System.Security.Cryptography. One
/// instance is reused for every message (<see cref="Reset"/>), so hashing allocates nothing after construction.
/// Not thread-safe.
/// </summary>
public sealed class Sha256
{
    /// <summary>Bytes of a digest.</summary>
    public const int HashSize = 32;

    /// <summary>Bytes of one block of the compression function.</summary>
    public const int BlockSize = 64;

    // FIPS 180-4 section 4.2.2: the first 32 bits of the fractional parts of the cube roots of the first 64 primes.
    private static readonly uint[] K =
    {
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
        0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
        0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
        0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
        0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
    };

    private readonly uint[] _state = new uint[8];
    private readonly uint[] _schedule = new uint[64];
    private readonly byte[] _block = new byte[BlockSize];
    private int _blockLength;
    private long _totalBytes;

    public Sha256()
    {
        Reset();
    }

    /// <summary>The digest of <paramref name="data"/>, in a new array (for tests and key derivation, not per message).</summary>
    public static byte[] Hash(byte[] data)
    {
        var sha = new Sha256();
        sha.Update(data, 0, data.Length);
        var digest = new byte[HashSize];
        sha.Finish(digest, 0);
        return digest;
    }

    /// <summary>Starts a new message.</summary>
    public void Reset()
    {
        // FIPS 180-4 section 5.3.3: the initial hash value.
        _state[0] = 0x6a09e667;
        _state[1] = 0xbb67ae85;
        _state[2] = 0x3c6ef372;
        _state[3] = 0xa54ff53a;
        _state[4] = 0x510e527f;
        _state[5] = 0x9b05688c;
        _state[6] = 0x1f83d9ab;
        _state[7] = 0x5be0cd19;
        _blockLength = 0;
        _totalBytes = 0;
    }

    public void Update(byte value)
    {
        _block[_blockLength++] = value;
        _totalBytes++;
        if (_blockLength == BlockSize)
        {
            Compress(_block, 0);
            _blockLength = 0;
        }
    }

    public void Update(byte[] data, int offset, int count)
    {
        _totalBytes += count;
        if (_blockLength > 0)
        {
            while (count > 0 && _blockLength < BlockSize)
            {
                _block[_blockLength++] = data[offset++];
                count--;
            }

            if (_blockLength < BlockSize)
            {
                return;
            }

            Compress(_block, 0);
            _blockLength = 0;
        }

        // Whole blocks straight from the caller's array: no copy.
        while (count >= BlockSize)
        {
            Compress(data, offset);
            offset += BlockSize;
            count -= BlockSize;
        }

        Array.Copy(data, offset, _block, 0, count);
        _blockLength = count;
    }

    /// <summary>Pads the message (FIPS 180-4 section 5.1.1), writes the 32-byte digest and starts a new message.</summary>
    public void Finish(byte[] output, int offset)
    {
        var bits = _totalBytes * 8;
        Update(0x80);
        while (_blockLength != BlockSize - 8)
        {
            Update(0);
        }

        for (var i = 7; i >= 0; i--)
        {
            _block[BlockSize - 8 + (7 - i)] = (byte)(bits >> (i * 8));
        }

        Compress(_block, 0);
        for (var i = 0; i < 8; i++)
        {
            var word = _state[i];
            output[offset + (i * 4)] = (byte)(word >> 24);
            output[offset + (i * 4) + 1] = (byte)(word >> 16);
            output[offset + (i * 4) + 2] = (byte)(word >> 8);
            output[offset + (i * 4) + 3] = (byte)word;
        }

        Reset();
    }

    private static uint Rotr(uint x, int n) => (x >> n) | (x << (32 - n));

    // FIPS 180-4 section 6.2.2, steps 1 to 4.
    private void Compress(byte[] data, int offset)
    {
        var w = _schedule;
        for (var t = 0; t < 16; t++)
        {
            var i = offset + (t * 4);
            w[t] = ((uint)data[i] << 24) | ((uint)data[i + 1] << 16) | ((uint)data[i + 2] << 8) | data[i + 3];
        }

        for (var t = 16; t < 64; t++)
        {
            var s0 = Rotr(w[t - 15], 7) ^ Rotr(w[t - 15], 18) ^ (w[t - 15] >> 3);
            var s1 = Rotr(w[t - 2], 17) ^ Rotr(w[t - 2], 19) ^ (w[t - 2] >> 10);
            w[t] = unchecked(w[t - 16] + s0 + w[t - 7] + s1);
        }

        var a = _state[0];
        var b = _state[1];
        var c = _state[2];
        var d = _state[3];
        var e = _state[4];
        var f = _state[5];
        var g = _state[6];
        var h = _state[7];
        for (var t = 0; t < 64; t++)
        {
            var bigSigma1 = Rotr(e, 6) ^ Rotr(e, 11) ^ Rotr(e, 25);
            var choose = (e & f) ^ (~e & g);
            var t1 = unchecked(h + bigSigma1 + choose + K[t] + w[t]);
            var bigSigma0 = Rotr(a, 2) ^ Rotr(a, 13) ^ Rotr(a, 22);
            var majority = (a & b) ^ (a & c) ^ (b & c);
            var t2 = unchecked(bigSigma0 + majority);
            h = g;
            g = f;
            f = e;
            e = unchecked(d + t1);
            d = c;
            c = b;
            b = a;
            a = unchecked(t1 + t2);
        }

        _state[0] = unchecked(_state[0] + a);
        _state[1] = unchecked(_state[1] + b);
        _state[2] = unchecked(_state[2] + c);
        _state[3] = unchecked(_state[3] + d);
        _state[4] = unchecked(_state[4] + e);
        _state[5] = unchecked(_state[5] + f);
        _state[6] = unchecked(_state[6] + g);
        _state[7] = unchecked(_state[7] + h);
    }
}
