using System;
using System.Text;

namespace SosPost.Protocol.Json;

/// <summary>
/// Writes one flat JSON object with no white space, fields in call order: the byte-exact form of
/// docs/protocol.md. Names are trusted constants; string values are escaped.
/// </summary>
internal sealed class JsonWriter
{
    private readonly StringBuilder _sb = new StringBuilder(160);

    public JsonWriter()
    {
        _sb.Append('{');
    }

    public JsonWriter Integer(string name, long value)
    {
        Name(name);
        AppendInteger(_sb, value);
        return this;
    }

    /// <summary>Writes the integer, or null when it equals <paramref name="nullValue"/> (nothing measured).</summary>
    public JsonWriter IntegerOrNull(string name, long value, long nullValue)
    {
        Name(name);
        if (value == nullValue)
        {
            _sb.Append("null");
        }
        else
        {
            AppendInteger(_sb, value);
        }

        return this;
    }

    public JsonWriter Boolean(string name, bool value)
    {
        Name(name);
        _sb.Append(value ? "true" : "false");
        return this;
    }

    public JsonWriter String(string name, string? value)
    {
        Name(name);
        AppendString(value ?? string.Empty);
        return this;
    }

    /// <summary>Writes the time, or null for <see cref="DateTime.MinValue"/> (clock not synced).</summary>
    public JsonWriter Time(string name, DateTime value)
    {
        Name(name);
        if (value == DateTime.MinValue)
        {
            _sb.Append("null");
        }
        else
        {
            _sb.Append('"').Append(IsoTime.Format(value)).Append('"');
        }

        return this;
    }

    public byte[] ToUtf8()
    {
        _sb.Append('}');
        return Encoding.UTF8.GetBytes(_sb.ToString());
    }

    internal static void AppendInteger(StringBuilder sb, long value)
    {
        if (value == 0)
        {
            sb.Append('0');
            return;
        }

        // Digits are produced from the negative side so that long.MinValue needs no special case.
        var negative = value < 0;
        var n = negative ? value : -value;
        var digits = new char[20];
        var i = digits.Length;
        while (n != 0)
        {
            digits[--i] = (char)('0' - (n % 10));
            n /= 10;
        }

        if (negative)
        {
            digits[--i] = '-';
        }

        sb.Append(digits, i, digits.Length - i);
    }

    private void Name(string name)
    {
        if (_sb.Length > 1)
        {
            _sb.Append(',');
        }

        _sb.Append('"').Append(name).Append("\":");
    }

    private void AppendString(string value)
    {
        // Read through ToCharArray once the text has a surrogate: nanoFramework's string indexer (its strings are
        // UTF-8 inside) gives the high surrogate again in place of the low one, which turned a character beyond
        // the basic plane into two U+FFFD on the post only (RuntimeDifferenceTests). ASCII, the usual value,
        // allocates nothing more.
        char[]? chars = null;
        _sb.Append('"');
        for (var i = 0; i < value.Length; i++)
        {
            var c = chars == null ? value[i] : chars[i];
            if (chars == null && c >= 0xD800 && c <= 0xDFFF)
            {
                chars = value.ToCharArray();
                c = chars[i];
            }

            switch (c)
            {
                case '"':
                    _sb.Append("\\\"");
                    break;
                case '\\':
                    _sb.Append("\\\\");
                    break;
                case '\n':
                    _sb.Append("\\n");
                    break;
                case '\r':
                    _sb.Append("\\r");
                    break;
                case '\t':
                    _sb.Append("\\t");
                    break;
                default:
                    if (c < ' ')
                    {
                        _sb.Append("\\u00").Append(Hex(c >> 4)).Append(Hex(c & 0xF));
                    }
                    else if (c >= 0xD800 && c <= 0xDFFF && !IsPairAt(chars!, i))
                    {
                        // A lone surrogate cannot be UTF-8 encoded; write what every decoder would.
                        _sb.Append('\uFFFD');
                    }
                    else
                    {
                        _sb.Append(c);
                        if (c <= 0xDBFF && c >= 0xD800)
                        {
                            _sb.Append(chars![++i]);
                        }
                    }

                    break;
            }
        }

        _sb.Append('"');
    }

    private static bool IsPairAt(char[] s, int i) =>
        s[i] <= 0xDBFF && i + 1 < s.Length && s[i + 1] >= 0xDC00 && s[i + 1] <= 0xDFFF;

    private static char Hex(int nibble) => (char)(nibble < 10 ? '0' + nibble : 'a' + nibble - 10);
}
