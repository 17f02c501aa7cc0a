using System.Security.Cryptography;
using System.Text;
using SosPost.Protocol.Security;

namespace SosPost.Protocol.Tests;

/// <summary>The post's own SHA-256 and HMAC-SHA256: the published vectors, then .NET's implementation as the oracle.</summary>
public sealed class HmacTests
{
    [Theory]
    [InlineData("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]
    [InlineData("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")]
    [InlineData("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")]
    public void Sha256_matches_the_fips_180_examples(string message, string digest)
    {
        Assert.Equal(digest, Convert.ToHexStringLower(Sha256.Hash(Encoding.ASCII.GetBytes(message))));
    }

    // RFC 4231 section 4, test cases 1 to 7 (case 5 is truncated to 128 bits).
    [Theory]
    [InlineData("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", "4869205468657265", "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7")]
    [InlineData("4a656665", "7768617420646f2079612077616e7420666f72206e6f7468696e673f", "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd", "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe")]
    [InlineData("0102030405060708090a0b0c0d0e0f10111213141516171819", "cdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcd", "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b")]
    [InlineData("0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c", "546573742057697468205472756e636174696f6e", "a3b6167473100ee06e0c796c2955552b")]
    [InlineData(Key131, "54657374205573696e67204c6172676572205468616e20426c6f636b2d53697a65204b6579202d2048617368204b6579204669727374", "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54")]
    [InlineData(Key131, "5468697320697320612074657374207573696e672061206c6172676572207468616e20626c6f636b2d73697a65206b657920616e642061206c6172676572207468616e20626c6f636b2d73697a6520646174612e20546865206b6579206e6565647320746f20626520686173686564206265666f7265206265696e6720757365642062792074686520484d414320616c676f726974686d2e", "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2")]
    public void Hmac_matches_the_rfc_4231_test_cases(string keyHex, string dataHex, string macHex)
    {
        var mac = HmacSha256.Compute(Convert.FromHexString(keyHex), Convert.FromHexString(dataHex));

        Assert.Equal(macHex, Convert.ToHexStringLower(mac)[..macHex.Length]);
    }

    [Fact]
    public void Hmac_equals_dotnets_for_random_keys_and_messages_fed_in_random_pieces()
    {
        var random = new Random(4231);
        for (var round = 0; round < 500; round++)
        {
            var key = new byte[random.Next(1, 200)];
            var data = new byte[random.Next(0, 600)];
            random.NextBytes(key);
            random.NextBytes(data);
            var hmac = new HmacSha256(key);

            // Twice with one instance: Finish must leave it ready for the next message.
            for (var pass = 0; pass < 2; pass++)
            {
                var at = 0;
                while (at < data.Length)
                {
                    var piece = random.Next(0, 3) == 0 ? 1 : random.Next(1, data.Length - at + 1);
                    if (piece == 1)
                    {
                        hmac.Update(data[at]);
                    }
                    else
                    {
                        hmac.Update(data, at, piece);
                    }

                    at += piece;
                }

                var mac = new byte[HmacSha256.MacSize + 3];
                hmac.Finish(mac, 3);
                Assert.Equal(HMACSHA256.HashData(key, data), mac[3..]);
            }
        }
    }

    // RFC 4231 cases 6 and 7: 131 bytes of 0xaa, longer than a block.
    private const string Key131 =
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
}
