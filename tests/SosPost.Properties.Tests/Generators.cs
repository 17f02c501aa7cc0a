using FsCheck;
using FsCheck.Fluent;
using SosPost.Protocol;

namespace SosPost.Properties.Tests;

/// <summary>Generators shared by the properties: bytes and text biased towards what the decoders look at.</summary>
internal static class Generators
{
    /// <summary>Letters, digits, separators, JSON and MQTT punctuation, accented, Thai and astral characters.</summary>
    private static readonly char[] TextChars =
        "abcXYZ019-_/ .:,{}[]\"\\+#$\u00e9\u0e01\u0e2a\u20ac".ToCharArray();

    public static Gen<byte> AnyByte { get; } = Gen.Choose(0, 255).Select(i => (byte)i);

    /// <summary>Any bytes up to <paramref name="maxLength"/>, half of them starting with a plausible first byte.</summary>
    public static Gen<byte[]> Bytes(int maxLength, params byte[] plausibleFirst) =>
        from length in Gen.Choose(0, maxLength)
        from bytes in Gen.ArrayOf(AnyByte, length)
        from first in plausibleFirst.Length == 0 ? AnyByte : Gen.Elements(plausibleFirst)
        from keepFirst in Gen.Elements(true, false)
        select keepFirst || bytes.Length == 0 ? bytes : [first, .. bytes[1..]];

    /// <summary>Non-empty text of well-formed UTF-16 (astral characters as whole pairs).</summary>
    public static Gen<string> Text(int maxLength, Func<char, bool>? allowed = null) =>
        from length in Gen.Choose(1, maxLength)
        from parts in Gen.ArrayOf(Gen.Frequency((12, Gen.Elements(TextChars).Select(c => c.ToString())), (1, Gen.Constant("\U0001F691"))), length)
        let text = string.Concat(parts.Where(p => allowed is null || p.All(allowed)))
        select text.Length == 0 ? "a" : text;

    public static Gen<long> Long(long min, long max) =>
        Gen.Frequency(
            (3, FsCheck.FSharp.Gen.Choose64(min, max)),
            (1, Gen.Elements(min, max, Math.Min(max, min + 1), Math.Max(min, max - 1))));

    /// <summary>UTC times at whole milliseconds (what the protocol carries), years IsoTime.MinYear to IsoTime.MaxYear.</summary>
    public static Gen<DateTime> ProtocolTime { get; } =
        Long(new DateTime(IsoTime.MinYear, 1, 1).Ticks / 10000, (new DateTime(IsoTime.MaxYear + 1, 1, 1).Ticks / 10000) - 1)
            .Select(ms => new DateTime(ms * 10000, DateTimeKind.Utc));

    public static Arbitrary<T> Arb<T>(this Gen<T> gen) => FsCheck.Fluent.Arb.From(gen);
}
