using System.Text;

namespace SosPost.Properties.Tests;

/// <summary>One mutated input and how it was made (printed when a property fails on it).</summary>
internal sealed record Mutation(string Seed, int Index, string Description, byte[] Bytes)
{
    public override string ToString() => $"{Seed} mutation #{Index} ({Description}): {PropertyRun.Hex(Bytes)}";
}

/// <summary>
/// Deterministic mutations of a valid input: the same run seed, seed name and index give the same bytes. Generic
/// ones (bit flips, bytes set to edge values, truncation, duplication, deletion, insertion) and ones aimed at
/// each format: length fields that lie and over-long varints for MQTT, lying length and CRC fields for DC-09,
/// invalid UTF-8, deep nesting, huge numbers, duplicate names and wrong types for JSON.
/// </summary>
internal static class Mutator
{
    /// <summary>Mutations run per seed and test run; SOSPOST_FSCHECK_SCALE scales it too.</summary>
    public static int PerSeed => Math.Max(1, (int)(300 * PropertyRun.Scale));

    private static readonly byte[] EdgeBytes = [0x00, 0x01, 0x7F, 0x80, 0xC0, 0xFF, (byte)'"', (byte)'\\', (byte)'{', (byte)'}', (byte)'[', (byte)',', (byte)':', (byte)'0', (byte)'9', (byte)'-', (byte)'\n', (byte)'\r'];

    private static readonly byte[][] BadUtf8 =
    [
        [0x80], [0xC0, 0x80], [0xC3], [0xE0, 0x80, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xF8, 0x88, 0x80, 0x80, 0x80], [0xFF], [0xEF, 0xBB, 0xBF],
    ];

    private static readonly string[] JsonValues =
    [
        "null", "true", "\"\"", "\"x\"", "{}", "[]", "-1", "0", "-0", "1.5", "1e3", "1e999999", "99999999999999999999", "-9223372036854775809",
        "9223372036854775807", "4294967296", "\"\\ud800\"", "\"\\u0000\"", "\"2026-02-30T00:00:00.000Z\"", "{\"v\":1}", "[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]",
    ];

    public static IEnumerable<Mutation> Mutations(Seed seed, int count)
    {
        for (var i = 0; i < count; i++)
        {
            yield return Mutate(seed, i);
        }
    }

    public static Mutation Mutate(Seed seed, int index)
    {
        var mixed = unchecked((PropertyRun.Seed * 0x9E3779B97F4A7C15) ^ ((ulong)StableHash(seed.Name) << 20) ^ (ulong)index);
        var random = new Random(unchecked((int)(mixed ^ (mixed >> 32))));
        var bytes = seed.Bytes;
        var steps = new List<string>();

        // Most mutations are one change (the decoder's first check is what they test); some stack up to four.
        var changes = random.Next(4) == 0 ? random.Next(2, 5) : 1;
        for (var c = 0; c < changes; c++)
        {
            var (name, mutated) = random.Next(3) == 0 || bytes.Length == 0 ? Generic(random, bytes) : Specific(random, bytes, seed.Format);
            steps.Add(name);
            bytes = mutated;
        }

        return new Mutation(seed.Name, index, string.Join(", then ", steps), bytes);
    }

    private static (string, byte[]) Generic(Random random, byte[] bytes)
    {
        if (bytes.Length == 0)
        {
            return ("insert one byte", [(byte)random.Next(256)]);
        }

        var at = random.Next(bytes.Length);
        switch (random.Next(7))
        {
            case 0:
                var bit = random.Next(8);
                var flipped = (byte[])bytes.Clone();
                flipped[at] ^= (byte)(1 << bit);
                return ($"flip bit {bit} of byte {at}", flipped);
            case 1:
                var edge = EdgeBytes[random.Next(EdgeBytes.Length)];
                var set = (byte[])bytes.Clone();
                set[at] = edge;
                return ($"byte {at} = 0x{edge:X2}", set);
            case 2:
                return ($"truncate to {at}", bytes[..at]);
            case 3:
                var length = random.Next(1, bytes.Length - at + 1);
                return ($"duplicate {length} bytes at {at}", [.. bytes[..(at + length)], .. bytes[at..(at + length)], .. bytes[(at + length)..]]);
            case 4:
                var cut = random.Next(1, bytes.Length - at + 1);
                return ($"delete {cut} bytes at {at}", [.. bytes[..at], .. bytes[(at + cut)..]]);
            case 5:
                var noise = new byte[random.Next(1, 9)];
                random.NextBytes(noise);
                return ($"insert {noise.Length} random bytes at {at}", [.. bytes[..at], .. noise, .. bytes[at..]]);
            default:
                var repeat = random.Next(2, 60);
                return ($"repeat the whole input {repeat} times", [.. Enumerable.Repeat(bytes, repeat).SelectMany(b => b)]);
        }
    }

    private static (string, byte[]) Specific(Random random, byte[] bytes, string format) => format switch
    {
        "mqtt" => Mqtt(random, bytes),
        "sia" => Sia(random, bytes),
        _ => Json(random, bytes),
    };

    private static (string, byte[]) Mqtt(Random random, byte[] bytes)
    {
        // The remaining length starts at byte 1; its varint is 1 to 4 bytes.
        var end = 1;
        while (end < bytes.Length && end < 5 && (bytes[end] & 0x80) != 0)
        {
            end++;
        }

        var rest = bytes[Math.Min(end + 1, bytes.Length)..];
        switch (random.Next(5))
        {
            case 0:
                byte[][] huge = [[0xFF, 0xFF, 0xFF, 0x7F], [0x80, 0x80, 0x80, 0x80, 0x01], [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F], [0x80, 0x00], [0xFF]];
                var varint = huge[random.Next(huge.Length)];
                return ($"remaining length = {Convert.ToHexString(varint)}", [bytes[0], .. varint, .. rest]);
            case 1:
                var lie = random.Next(0, 300);
                return ($"remaining length lies: {lie}", [bytes[0], .. Varint(lie), .. rest]);
            case 2:
                var type = (byte)((random.Next(16) << 4) | random.Next(16));
                return ($"first byte = 0x{type:X2}", [type, .. bytes[1..]]);
            case 3 when rest.Length >= 2:
                // The first two body bytes are a string length (PUBLISH topic) or a packet id.
                var field = random.Next(2) == 0 ? (ushort)0xFFFF : (ushort)random.Next(0, rest.Length + 8);
                var lied = (byte[])bytes.Clone();
                lied[end + 1] = (byte)(field >> 8);
                lied[end + 2] = (byte)field;
                return ($"first body field = {field}", lied);
            default:
                var bad = BadUtf8[random.Next(BadUtf8.Length)];
                var at = random.Next(Math.Min(end + 1, bytes.Length), bytes.Length + 1);
                return ($"invalid UTF-8 {Convert.ToHexString(bad)} at {at}", [.. bytes[..at], .. bad, .. bytes[at..]]);
        }
    }

    private static (string, byte[]) Sia(Random random, byte[] bytes)
    {
        if (bytes.Length < 10)
        {
            return Generic(random, bytes);
        }

        var head = Encoding.ASCII.GetString(bytes, 1, 8);
        var body = bytes[9..^1];
        switch (random.Next(4))
        {
            case 0:
                var length = random.Next(2) == 0 ? random.Next(0x10000) : body.Length + random.Next(-3, 4);
                return ($"length field = {length:X4}", [.. bytes[..5], .. Encoding.ASCII.GetBytes(((ushort)length).ToString("X4", System.Globalization.CultureInfo.InvariantCulture)), .. bytes[9..]]);
            case 1:
                var crc = (ushort)random.Next(0x10000);
                return ($"CRC field = {crc:X4}", [bytes[0], .. Encoding.ASCII.GetBytes(crc.ToString("X4", System.Globalization.CultureInfo.InvariantCulture)), .. bytes[5..]]);
            case 2:
                // Change the body and recompute both fields: the frame is well formed, its content is not.
                var (name, changed) = Generic(random, body);
                var changedHead = $"{Gateway.Dispatch.Sia.SiaCrc.Compute(changed):X4}{changed.Length:X4}";
                return ($"{name} in the body, CRC and length recomputed", [(byte)'\n', .. Encoding.ASCII.GetBytes(changedHead), .. changed, (byte)'\r']);
            default:
                return ($"head '{head}' in lower case", [bytes[0], .. Encoding.ASCII.GetBytes(head.ToLowerInvariant()), .. bytes[9..]]);
        }
    }

    private static (string, byte[]) Json(Random random, byte[] bytes)
    {
        var text = Encoding.UTF8.GetString(bytes);
        var colons = Enumerable.Range(0, text.Length).Where(i => text[i] == ':').ToList();
        switch (random.Next(6))
        {
            case 0:
                var bad = BadUtf8[random.Next(BadUtf8.Length)];
                var quotes = Enumerable.Range(0, bytes.Length).Where(i => bytes[i] == '"').ToList();
                var at = quotes.Count == 0 ? random.Next(bytes.Length + 1) : quotes[random.Next(quotes.Count)] + 1;
                return ($"invalid UTF-8 {Convert.ToHexString(bad)} at {at}", [.. bytes[..at], .. bad, .. bytes[at..]]);
            case 1:
                var depth = random.Next(2) == 0 ? random.Next(10, 40) : 20000;
                var closed = random.Next(2) == 0;
                var deep = new string('[', depth) + (closed ? new string(']', depth) : "");
                return ($"a value nested {depth} deep{(closed ? "" : ", unclosed")}", ReplaceValue(text, colons, random, deep));
            case 2 when colons.Count > 0:
                var value = JsonValues[random.Next(JsonValues.Length)];
                return ($"a value = {value}", ReplaceValue(text, colons, random, value));
            case 3 when colons.Count > 0:
                // Repeat the first member: duplicate names are not JSON for the protocol's reader. (An earlier step may have
                // left a comma first: nothing to repeat then.)
                var first = text.IndexOf(',', StringComparison.Ordinal);
                return first < 1 ? ("no member to repeat", bytes) : ("first member repeated", Encoding.UTF8.GetBytes(text.Insert(first, "," + text[1..first])));
            case 4 when colons.Count > 0:
                var member = MemberSpan(text, colons[random.Next(colons.Count)]);
                var without = text.Remove(member.Start, member.Length).Replace(",,", ",", StringComparison.Ordinal).Replace("{,", "{", StringComparison.Ordinal).Replace(",}", "}", StringComparison.Ordinal);
                return ("a member removed", Encoding.UTF8.GetBytes(without));
            default:
                var pad = random.Next(2) == 0 ? new string(' ', random.Next(1, 2000)) : "\"pad\":\"" + new string('x', random.Next(1, 2000)) + "\",";
                return ($"{pad.Length} bytes of padding", Encoding.UTF8.GetBytes(text.Length > 1 ? text.Insert(1, pad) : pad));
        }
    }

    private static byte[] ReplaceValue(string text, List<int> colons, Random random, string value)
    {
        if (colons.Count == 0)
        {
            return Encoding.UTF8.GetBytes(value);
        }

        var colon = colons[random.Next(colons.Count)];
        var end = ValueEnd(text, colon + 1);
        return Encoding.UTF8.GetBytes(text[..(colon + 1)] + value + text[end..]);
    }

    // The end of the flat value after a colon: the next ',' or '}' outside a string.
    private static int ValueEnd(string text, int start)
    {
        var inString = false;
        for (var i = start; i < text.Length; i++)
        {
            var c = text[i];
            if (inString)
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == '"')
                {
                    inString = false;
                }
            }
            else if (c == '"')
            {
                inString = true;
            }
            else if (c is ',' or '}')
            {
                return i;
            }
        }

        return text.Length;
    }

    private static (int Start, int Length) MemberSpan(string text, int colon)
    {
        var start = text.LastIndexOf('"', Math.Max(0, text.LastIndexOf('"', colon) - 1));
        start = start < 0 ? 0 : start;
        var end = ValueEnd(text, colon + 1);
        return (start, end - start);
    }

    private static byte[] Varint(int value)
    {
        var bytes = new List<byte>();
        do
        {
            var b = (byte)(value & 0x7F);
            value >>= 7;
            bytes.Add(value > 0 ? (byte)(b | 0x80) : b);
        }
        while (value > 0);
        return [.. bytes];
    }

    // string.GetHashCode and HashCode are randomised per process; this is not, so a seed replays.
    private static int StableHash(string text)
    {
        var hash = 17;
        foreach (var c in text)
        {
            hash = unchecked((hash * 31) + c);
        }

        return hash;
    }
}
