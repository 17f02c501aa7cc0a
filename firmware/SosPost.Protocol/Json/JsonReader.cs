using System.Collections;
using System.Text;

namespace SosPost.Protocol.Json;

/// <summary>
/// Reads one JSON object from UTF-8 bytes into a flat <see cref="JsonObject"/>. Strict: bad UTF-8
/// (overlong forms, encoded surrogates, beyond U+10FFFF), lone \u surrogates, leading zeros, trailing
/// commas, trailing bytes, a byte order mark and duplicate member names are all "not JSON".
/// Duplicate names are rejected rather than resolved because two readers picking different values
/// of one alarm would be worse than one clear rejection.
/// Nested objects and arrays are validated and skipped up to <see cref="MaxDepth"/>; they are never
/// needed by protocol version 1. Recursion is bounded by that depth. Never throws.
/// </summary>
internal sealed class JsonReader
{
    /// <summary>Nesting limit counting the outer object as 1.</summary>
    public const int MaxDepth = 16;

    private static readonly object BoxedTrue = true;
    private static readonly object BoxedFalse = false;

    private readonly byte[] _b;
    private readonly StringBuilder _sb = new StringBuilder(32);
    private int _pos;

    private JsonReader(byte[] utf8)
    {
        _b = utf8;
    }

    /// <summary>The object's members, or null when the bytes are not exactly one well-formed JSON object.</summary>
    public static JsonObject? ReadObject(byte[] utf8)
    {
        if (utf8 == null)
        {
            return null;
        }

        var fields = new Hashtable();
        return new JsonReader(utf8).ReadTop(fields) ? new JsonObject(fields) : null;
    }

    private bool ReadTop(Hashtable fields)
    {
        SkipWhiteSpace();
        if (!Take('{'))
        {
            return false;
        }

        SkipWhiteSpace();
        if (!Take('}'))
        {
            while (true)
            {
                if (Peek() != '"' || !ReadString(true))
                {
                    return false;
                }

                var name = _sb.ToString();
                SkipWhiteSpace();
                if (!Take(':'))
                {
                    return false;
                }

                SkipWhiteSpace();
                var value = ReadValue(1, true);
                if (value == null || fields.Contains(name))
                {
                    return false;
                }

                fields[name] = value;
                SkipWhiteSpace();
                if (Take('}'))
                {
                    break;
                }

                if (!Take(','))
                {
                    return false;
                }

                SkipWhiteSpace();
            }
        }

        SkipWhiteSpace();
        return _pos == _b.Length;
    }

    // The value (string, boxed long, boxed bool or a JsonObject marker), or null on a syntax error.
    // With keep false, strings are validated but not built.
    private object? ReadValue(int depth, bool keep)
    {
        switch (Peek())
        {
            case '"':
                return ReadString(keep) ? (keep ? _sb.ToString() : JsonObject.Skipped) : null;
            case 't':
                return Literal("true") ? BoxedTrue : null;
            case 'f':
                return Literal("false") ? BoxedFalse : null;
            case 'n':
                return Literal("null") ? JsonObject.Null : null;
            case '{':
            case '[':
                return depth < MaxDepth && SkipContainer(depth + 1) ? JsonObject.Skipped : null;
            default:
                return ReadNumber();
        }
    }

    private bool SkipContainer(int depth)
    {
        var close = _b[_pos] == '{' ? '}' : ']';
        _pos++;
        SkipWhiteSpace();
        if (Take(close))
        {
            return true;
        }

        while (true)
        {
            if (close == '}')
            {
                if (Peek() != '"' || !ReadString(false))
                {
                    return false;
                }

                SkipWhiteSpace();
                if (!Take(':'))
                {
                    return false;
                }

                SkipWhiteSpace();
            }

            if (ReadValue(depth, false) == null)
            {
                return false;
            }

            SkipWhiteSpace();
            if (Take(close))
            {
                return true;
            }

            if (!Take(','))
            {
                return false;
            }

            SkipWhiteSpace();
        }
    }

    // Positioned on the opening quote; leaves the decoded text in _sb when keep is set.
    private bool ReadString(bool keep)
    {
        _pos++;
        _sb.Clear();
        while (_pos < _b.Length)
        {
            int b = _b[_pos++];
            if (b == '"')
            {
                return true;
            }

            if (b == '\\')
            {
                if (!ReadEscape(keep))
                {
                    return false;
                }
            }
            else if (b < 0x20)
            {
                return false;
            }
            else if (b < 0x80)
            {
                if (keep)
                {
                    _sb.Append((char)b);
                }
            }
            else if (!ReadUtf8Sequence(b, keep))
            {
                return false;
            }
        }

        return false;
    }

    private bool ReadUtf8Sequence(int lead, bool keep)
    {
        int more;
        int cp;
        if (lead >= 0xC2 && lead <= 0xDF)
        {
            more = 1;
            cp = lead & 0x1F;
        }
        else if (lead >= 0xE0 && lead <= 0xEF)
        {
            more = 2;
            cp = lead & 0x0F;
        }
        else if (lead >= 0xF0 && lead <= 0xF4)
        {
            more = 3;
            cp = lead & 0x07;
        }
        else
        {
            return false;
        }

        for (var k = 0; k < more; k++)
        {
            if (_pos >= _b.Length || (_b[_pos] & 0xC0) != 0x80)
            {
                return false;
            }

            cp = (cp << 6) | (_b[_pos++] & 0x3F);
        }

        var overlong = (more == 2 && cp < 0x800) || (more == 3 && cp < 0x10000);
        if (overlong || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
        {
            return false;
        }

        if (keep)
        {
            if (cp < 0x10000)
            {
                _sb.Append((char)cp);
            }
            else
            {
                cp -= 0x10000;
                _sb.Append((char)(0xD800 + (cp >> 10))).Append((char)(0xDC00 + (cp & 0x3FF)));
            }
        }

        return true;
    }

    // Positioned after the backslash.
    private bool ReadEscape(bool keep)
    {
        if (_pos >= _b.Length)
        {
            return false;
        }

        char c;
        switch (_b[_pos++])
        {
            case (byte)'"':
                c = '"';
                break;
            case (byte)'\\':
                c = '\\';
                break;
            case (byte)'/':
                c = '/';
                break;
            case (byte)'b':
                c = '\b';
                break;
            case (byte)'f':
                c = '\f';
                break;
            case (byte)'n':
                c = '\n';
                break;
            case (byte)'r':
                c = '\r';
                break;
            case (byte)'t':
                c = '\t';
                break;
            case (byte)'u':
                return ReadUnicodeEscape(keep);
            default:
                return false;
        }

        if (keep)
        {
            _sb.Append(c);
        }

        return true;
    }

    // Positioned after "\u"; a high surrogate must be followed by an escaped low surrogate.
    private bool ReadUnicodeEscape(bool keep)
    {
        var u = ReadHex4();
        if (u < 0 || (u >= 0xDC00 && u <= 0xDFFF))
        {
            return false;
        }

        var low = -1;
        if (u >= 0xD800 && u <= 0xDBFF)
        {
            if (_pos + 1 >= _b.Length || _b[_pos] != '\\' || _b[_pos + 1] != 'u')
            {
                return false;
            }

            _pos += 2;
            low = ReadHex4();
            if (low < 0xDC00 || low > 0xDFFF)
            {
                return false;
            }
        }

        if (keep)
        {
            _sb.Append((char)u);
            if (low >= 0)
            {
                _sb.Append((char)low);
            }
        }

        return true;
    }

    private int ReadHex4()
    {
        if (_pos + 4 > _b.Length)
        {
            return -1;
        }

        var value = 0;
        for (var i = 0; i < 4; i++)
        {
            int h = _b[_pos++];
            int digit;
            if (h >= '0' && h <= '9')
            {
                digit = h - '0';
            }
            else if (h >= 'a' && h <= 'f')
            {
                digit = h - 'a' + 10;
            }
            else if (h >= 'A' && h <= 'F')
            {
                digit = h - 'A' + 10;
            }
            else
            {
                return -1;
            }

            value = (value << 4) | digit;
        }

        return value;
    }

    // A boxed long for an integer within 64 bits, JsonObject.NotInteger for any other valid number,
    // null when the bytes are not a JSON number.
    private object? ReadNumber()
    {
        var negative = Take('-');
        if (!IsDigit(Peek()))
        {
            return null;
        }

        ulong magnitude = 0;
        var overflow = false;
        if (Take('0'))
        {
            if (IsDigit(Peek()))
            {
                return null;
            }
        }
        else
        {
            while (IsDigit(Peek()))
            {
                var d = (ulong)(_b[_pos++] - '0');
                if (magnitude > (ulong.MaxValue - d) / 10)
                {
                    overflow = true;
                }
                else
                {
                    magnitude = (magnitude * 10) + d;
                }
            }
        }

        var integer = true;
        if (Take('.'))
        {
            if (!SkipDigits())
            {
                return null;
            }

            integer = false;
        }

        if (Take('e') || Take('E'))
        {
            if (!Take('+'))
            {
                Take('-');
            }

            if (!SkipDigits())
            {
                return null;
            }

            integer = false;
        }

        if (!integer || overflow)
        {
            return JsonObject.NotInteger;
        }

        if (negative)
        {
            return magnitude > 9223372036854775808UL ? JsonObject.NotInteger : (object)unchecked((long)(0UL - magnitude));
        }

        return magnitude > long.MaxValue ? JsonObject.NotInteger : (object)(long)magnitude;
    }

    private bool SkipDigits()
    {
        if (!IsDigit(Peek()))
        {
            return false;
        }

        while (IsDigit(Peek()))
        {
            _pos++;
        }

        return true;
    }

    private bool Literal(string word)
    {
        if (_pos + word.Length > _b.Length)
        {
            return false;
        }

        for (var i = 0; i < word.Length; i++)
        {
            if (_b[_pos + i] != word[i])
            {
                return false;
            }
        }

        _pos += word.Length;
        return true;
    }

    private void SkipWhiteSpace()
    {
        while (_pos < _b.Length)
        {
            var b = _b[_pos];
            if (b != ' ' && b != '\t' && b != '\n' && b != '\r')
            {
                return;
            }

            _pos++;
        }
    }

    private int Peek() => _pos < _b.Length ? _b[_pos] : -1;

    private bool Take(char c)
    {
        if (_pos < _b.Length && _b[_pos] == c)
        {
            _pos++;
            return true;
        }

        return false;
    }

    private static bool IsDigit(int b) => b >= '0' && b <= '9';
}
