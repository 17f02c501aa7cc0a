namespace SosPost.Firmware.Core;

/// <summary>Culture-free decimal text for non-negative counters kept in flash.</summary>
internal static class IntegerText
{
    public static string Format(long value)
    {
        if (value <= 0)
        {
            return "0";
        }

        var digits = new char[19];
        var i = digits.Length;
        while (value > 0)
        {
            digits[--i] = (char)('0' + (value % 10));
            value /= 10;
        }

        return new string(digits, i, digits.Length - i);
    }

    /// <summary>Parses 1 to 18 ASCII digits (no sign, no white space); false for anything else.</summary>
    public static bool TryParse(string? text, out long value)
    {
        value = 0;
        if (text == null || text.Length == 0 || text.Length > 18)
        {
            return false;
        }

        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c < '0' || c > '9')
            {
                value = 0;
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        return true;
    }

    /// <summary>The counter in <paramref name="text"/>, or 0 when absent or unreadable (a fresh start).</summary>
    public static long ParseOrZero(string? text)
    {
        return TryParse(text, out var value) ? value : 0;
    }
}
