using System.Text;

namespace SosPost.Protocol.Tests;

/// <summary>No input makes a decoder throw; every failure is a documented reason.</summary>
public sealed class RobustnessTests
{
    private static readonly string[] KnownReasons =
    [
        RejectReason.TooLarge, RejectReason.NotJson, RejectReason.UnsupportedVersion,
        RejectReason.MissingField, RejectReason.BadField,
    ];

    private const string Punctuation = "{}[]\",:0123456789-.eE\\u nt";

    [Fact]
    public void Every_truncation_of_every_valid_vector_is_rejected_as_not_json_by_every_decoder()
    {
        var checkedCount = 0;
        foreach (var vector in ProtocolDocument.Valid)
        {
            var payload = vector.Bytes;
            for (var length = 0; length < payload.Length; length++)
            {
                foreach (var kind in Codec.Kinds)
                {
                    // A strict prefix of one object never closes it.
                    Assert.False(Codec.TryDecode(kind, payload[..length], out _, out var reason));
                    Assert.Equal(RejectReason.NotJson, reason);
                    checkedCount++;
                }
            }
        }

        Assert.True(checkedCount > 2000, "only " + checkedCount + " truncations checked");
    }

    [Fact]
    public void Every_truncation_of_every_invalid_vector_never_throws_and_gives_a_known_reason()
    {
        foreach (var vector in ProtocolDocument.Invalid)
        {
            var payload = vector.Bytes;
            for (var length = 0; length <= payload.Length; length++)
            {
                // Some truncations are whole objects (the trailing-bytes vector); no expectation but no throw.
                DecodeWithEveryKind(payload[..length]);
            }
        }
    }

    [Fact]
    public void Seeded_random_bytes_never_throw_and_give_a_known_reason()
    {
        var random = new Random(20261122);
        for (var i = 0; i < 20000; i++)
        {
            var bytes = new byte[random.Next(0, 1100)];
            random.NextBytes(bytes);
            DecodeWithEveryKind(bytes);
        }
    }

    [Fact]
    public void Seeded_random_json_like_text_never_throws()
    {
        // Biased towards JSON punctuation so that the fuzzer gets deep into the reader.
        const string alphabet = "{}[]\":,\\ u0123456789abcdefE+-.tnrl\u00e9\U0001F691 vAlarmIdstate";
        var random = new Random(7);
        var accepted = 0;
        for (var i = 0; i < 20000; i++)
        {
            var sb = new StringBuilder("{\"v\":1,");
            var length = random.Next(0, 80);
            for (var j = 0; j < length; j++)
            {
                sb.Append(alphabet[random.Next(alphabet.Length)]);
            }

            accepted += DecodeWithEveryKind(Encoding.UTF8.GetBytes(sb.ToString()));
        }

        Assert.Equal(0, accepted);
    }

    [Fact]
    public void Seeded_mutations_of_valid_vectors_never_throw_and_what_decodes_encodes_stably()
    {
        var random = new Random(42);
        var decodedSomeMutations = 0;
        foreach (var vector in ProtocolDocument.Valid)
        {
            var original = vector.Bytes;
            for (var i = 0; i < 3000; i++)
            {
                var mutated = Mutate(original, random);
                if (Codec.TryDecode(vector.Kind, mutated, out var message, out var reason))
                {
                    // Whatever is accepted must survive its own encoding unchanged.
                    var encoded = Codec.Encode(message!);
                    Assert.True(Codec.TryDecode(vector.Kind, encoded, out var again, out _));
                    Assert.Equal(encoded, Codec.Encode(again!));
                    decodedSomeMutations++;
                }
                else
                {
                    Assert.Contains(reason, KnownReasons);
                }

                DecodeWithEveryKind(mutated);
            }
        }

        Assert.True(decodedSomeMutations > 0);
    }

    private static int DecodeWithEveryKind(byte[] bytes)
    {
        var accepted = 0;
        foreach (var kind in Codec.Kinds)
        {
            if (Codec.TryDecode(kind, bytes, out _, out var reason))
            {
                accepted++;
            }
            else
            {
                Assert.Contains(reason, KnownReasons);
            }
        }

        return accepted;
    }

    private static byte[] Mutate(byte[] original, Random random)
    {
        var bytes = new List<byte>(original);
        var edits = random.Next(1, 4);
        for (var e = 0; e < edits && bytes.Count > 0; e++)
        {
            var at = random.Next(bytes.Count);
            switch (random.Next(5))
            {
                case 0:
                    bytes[at] = (byte)random.Next(256);
                    break;
                case 1:
                    bytes.RemoveAt(at);
                    break;
                case 2:
                    bytes.Insert(at, (byte)Punctuation[random.Next(Punctuation.Length)]);
                    break;
                case 3:
                    bytes[at] ^= (byte)(1 << random.Next(8));
                    break;
                default:
                    var length = Math.Min(random.Next(1, 12), bytes.Count - at);
                    bytes.InsertRange(at, bytes.GetRange(at, length));
                    break;
            }
        }

        return [.. bytes];
    }
}
