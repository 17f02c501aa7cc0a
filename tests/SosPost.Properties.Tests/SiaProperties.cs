using System.Globalization;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using SosPost.Gateway.Dispatch.Sia;

namespace SosPost.Properties.Tests;

/// <summary>SIA DC-09: the encoder's frames carry a true CRC and length and read back as sent; the reader is total and catches every single-byte change.</summary>
public sealed class SiaProperties
{
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(4);
    private static readonly Gen<string> Hex = from length in Gen.Choose(1, 6) from digits in Gen.ArrayOf(Gen.Elements("0123456789ABCDEF".ToCharArray()), length) select new string(digits);

    [Fact]
    public void Any_message_body_is_wrapped_with_its_CRC_16_ARC_and_byte_length()
    {
        var body = from length in Gen.Choose(0, 300) from chars in Gen.ArrayOf(Gen.Choose(0x20, 0x7E).Select(c => (char)c), length) select new string(chars);
        PropertyRun.ForAll("wrap is consistent", body.Arb(), text =>
        {
            var frame = SiaEncoder.Wrap(text);
            var bytes = Encoding.ASCII.GetBytes(text);
            Assert.Equal((byte)'\n', frame[0]);
            Assert.Equal((byte)'\r', frame[^1]);
            Assert.Equal(SiaCrc.Compute(bytes).ToString("X4", CultureInfo.InvariantCulture), Encoding.ASCII.GetString(frame, 1, 4));
            Assert.Equal(bytes.Length.ToString("X4", CultureInfo.InvariantCulture), Encoding.ASCII.GetString(frame, 5, 4));
            Assert.Equal(bytes, frame[9..^1]);
        }, cases: 500, Budget);
    }

    [Fact]
    public void Every_event_frame_reads_back_as_its_id_sequence_account_data_and_time()
    {
        var values =
            (from protocol in Gen.Elements(SiaProtocol.SiaDcs, SiaProtocol.AdmCid)
             from value in Gen.Elements(Enum.GetValues<SiaEvent>())
             from account in from length in Gen.Choose(3, 16) from digits in Gen.ArrayOf(Gen.Elements("0123456789ABCDEFabcdef".ToCharArray()), length) select new string(digits)
             from receiver in Gen.OneOf(Gen.Constant<string?>(null), Hex.Select(h => (string?)h))
             from line in Hex
             from sequence in Gen.Choose(1, SiaSequence.Max)
             from seconds in FsCheck.FSharp.Gen.Choose64(0, (DateTimeOffset.MaxValue.ToUnixTimeSeconds() / 2) - 1)
             from encrypted in Gen.Elements(false, false, true)
             from key in Gen.ArrayOf(Generators.AnyByte, 16)
             select new EventFrame(protocol, value, account, receiver, line, sequence, DateTimeOffset.FromUnixTimeSeconds(seconds), encrypted ? key : null)).Arb();
        PropertyRun.ForAll("event frame round trip", values, f =>
        {
            var encoder = new SiaEncoder(f.Protocol, f.Account, f.Receiver, f.Line, f.Key);
            var frame = encoder.Event(f.Value, f.Sequence, f.At);
            Assert.True(SiaResponse.TryParse(frame, out var read, out var error), error);
            var id = f.Protocol == SiaProtocol.SiaDcs ? "SIA-DCS" : "ADM-CID";
            Assert.Equal((f.Key is null ? id : "*" + id, f.Sequence, f.Account), (read!.Id, read.Sequence, read.Account));
            var timestamp = SiaEncoder.Timestamp(f.At);
            if (f.Key is null)
            {
                Assert.Equal(encoder.Data(f.Value), read.Data);
                Assert.Equal(SiaResponse.TryParseTimestamp(timestamp, out var at) ? at : null, read.Timestamp);
            }
            else
            {
                Assert.Equal($"{encoder.Data(f.Value)}]_{timestamp}", read.Decrypt(f.Key));
            }
        }, cases: 400, Budget);
    }

    [Fact]
    public void Any_single_byte_change_of_a_valid_frame_is_refused_unless_it_reads_the_same()
    {
        // The one change that reads the same: a hex letter of the CRC or length field in the other case
        // (the standard writes upper case; readers accept both). Any other change breaks the CRC, the length or the framing.
        var frames = Corpus.SiaFrames;
        var values = (from index in Gen.Choose(0, frames.Count - 1) from position in Gen.Choose(0, 200) from value in Generators.AnyByte select (index, position, value)).Arb();
        PropertyRun.ForAll("single byte change", values, c =>
        {
            var original = frames[c.index].Bytes;
            var at = c.position % original.Length;
            if (original[at] == c.value)
            {
                return;
            }

            var changed = (byte[])original.Clone();
            changed[at] = c.value;
            Assert.True(SiaResponse.TryParse(original, out var expected, out var error), $"{frames[c.index]}: {error}");
            if (SiaResponse.TryParse(changed, out var read, out _))
            {
                Assert.True(at is >= 1 and <= 8 && char.IsAsciiHexDigit((char)c.value) && char.ToUpperInvariant((char)c.value) == char.ToUpperInvariant((char)original[at]),
                    $"{frames[c.index]} with byte {at} = 0x{c.value:X2} was accepted");
                Assert.Equal(expected, read);
            }
        }, cases: 3000, Budget);
    }

    [Fact]
    public void Every_mutation_of_every_corpus_frame_is_read_or_refused_with_a_reason_and_never_throws()
    {
        Assert.NotEmpty(Corpus.SiaFrames);
        byte[] key = Convert.FromHexString("00112233445566778899AABBCCDDEEFF");
        foreach (var seed in Corpus.SiaFrames)
        {
            Assert.True(SiaResponse.TryParse(seed.Bytes, out _, out var seedError), $"{seed}: {seedError}");
            foreach (var mutation in Mutator.Mutations(seed, Mutator.PerSeed))
            {
                MqttDecoderProperties.Guard(mutation, () =>
                {
                    var allocated = PropertyRun.Allocated(() =>
                    {
                        if (SiaResponse.TryParse(mutation.Bytes, out var read, out var error))
                        {
                            Assert.Equal("", error);
                            _ = read!.Decrypt(key); // an encrypted answer from anyone: readable or null, never a throw
                        }
                        else
                        {
                            Assert.False(string.IsNullOrWhiteSpace(error));
                        }
                    });
                    Assert.True(allocated <= 65_536 + (64L * mutation.Bytes.Length), $"{mutation.Bytes.Length} bytes allocated {allocated}");
                });
            }
        }
    }

    [Fact]
    public void Sequence_numbers_stay_within_0001_to_9999_and_follow_each_other_across_the_wrap()
    {
        var values = (from start in Gen.Choose(0, SiaSequence.Max) from count in Gen.Choose(1, 20_000) select (start, count)).Arb();
        PropertyRun.ForAll("sequence wrap", values, s =>
        {
            var sequence = new SiaSequence(s.start);
            var previous = s.start;
            for (var i = 0; i < s.count; i++)
            {
                var next = sequence.Next();
                Assert.InRange(next, 1, SiaSequence.Max);
                Assert.Equal(previous >= SiaSequence.Max ? 1 : previous + 1, next);
                previous = next;
            }
        }, cases: 200, Budget);
    }

    [Fact]
    public void Concurrent_senders_never_draw_the_same_sequence_number_within_one_cycle()
    {
        var values = (from start in Gen.Choose(0, SiaSequence.Max) from count in Gen.Choose(2, SiaSequence.Max) select (start, count)).Arb();
        PropertyRun.ForAll("sequence under concurrency", values, s =>
        {
            var sequence = new SiaSequence(s.start);
            var drawn = new int[s.count];
            Parallel.For(0, s.count, i => drawn[i] = sequence.Next());
            Assert.Equal(s.count, drawn.Distinct().Count());
        }, cases: 40, Budget);
    }

    internal sealed record EventFrame(SiaProtocol Protocol, SiaEvent Value, string Account, string? Receiver, string Line, int Sequence, DateTimeOffset At, byte[]? Key);
}
