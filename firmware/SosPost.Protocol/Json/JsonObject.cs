using System;
using System.Collections;

namespace SosPost.Protocol.Json;

/// <summary>
/// The members of one decoded object, read by typed getters. The first getter that fails records
/// its <see cref="RejectReason"/> in <see cref="Reason"/>; a failed getter returns a default value.
/// </summary>
internal sealed class JsonObject
{
    /// <summary>Marker value of a JSON null.</summary>
    internal static readonly object Null = new object();

    /// <summary>Marker value of a number with a fraction or exponent, or beyond 64 bits.</summary>
    internal static readonly object NotInteger = new object();

    /// <summary>Marker value of a skipped object, array or (inside them) string.</summary>
    internal static readonly object Skipped = new object();

    private readonly Hashtable _fields;

    internal JsonObject(Hashtable fields)
    {
        _fields = fields;
    }

    /// <summary>The member names, for a reader that rejects names it does not know (a post's config file).</summary>
    public ICollection Names => _fields.Keys;

    /// <summary>Null while every getter succeeded, else the reason of the first failure.</summary>
    public string? Reason { get; private set; }

    public long Integer(string name, long min, long max)
    {
        var raw = Get(name);
        if (raw is long number && number >= min && number <= max)
        {
            return number;
        }

        Fail(raw);
        return 0;
    }

    /// <summary>An integer within the range, or <paramref name="nullValue"/> for a JSON null.</summary>
    public long IntegerOrNull(string name, long min, long max, long nullValue)
    {
        var raw = Get(name);
        if (raw == Null)
        {
            return nullValue;
        }

        if (raw is long number && number >= min && number <= max)
        {
            return number;
        }

        Fail(raw);
        return 0;
    }

    public bool Boolean(string name)
    {
        var raw = Get(name);
        if (raw is bool flag)
        {
            return flag;
        }

        Fail(raw);
        return false;
    }

    public string String(string name, bool allowEmpty)
    {
        var raw = Get(name);
        if (raw is string text && (allowEmpty || text.Length > 0))
        {
            return text;
        }

        Fail(raw);
        return string.Empty;
    }

    /// <summary>An ISO time; with <paramref name="allowNull"/> a JSON null gives <see cref="DateTime.MinValue"/>.</summary>
    public DateTime Time(string name, bool allowNull)
    {
        var raw = Get(name);
        if (raw is string text && IsoTime.TryParse(text, out var value))
        {
            return value;
        }

        if (raw != Null || !allowNull)
        {
            Fail(raw);
        }

        return DateTime.MinValue;
    }

    /// <summary>True when the object has a member of that name, whatever its value: lets a reader apply a default.</summary>
    public bool Has(string name) => _fields.Contains(name);

    /// <summary>Records a bad value found by the caller's own check.</summary>
    public void FailBadField() => Fail(Skipped);

    private object? Get(string name) => Reason == null ? _fields[name] : null;

    private void Fail(object? raw)
    {
        if (Reason == null)
        {
            Reason = raw == null ? RejectReason.MissingField : RejectReason.BadField;
        }
    }
}
