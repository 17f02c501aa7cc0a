using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace SosPost.Gateway;

/// <summary>
/// The one text form of a time everywhere the gateway writes one (database, API, webhook): UTC with
/// milliseconds and Z, as in the protocol. Fixed width, so stored times also sort and compare as text.
/// </summary>
public static class UtcTime
{
    private const string Format = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    public static string ToText(DateTimeOffset time) =>
        time.UtcDateTime.ToString(Format, CultureInfo.InvariantCulture);

    public static string? ToText(DateTimeOffset? time) => time is { } t ? ToText(t) : null;

    public static DateTimeOffset Parse(string text) =>
        DateTimeOffset.ParseExact(text, Format, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    public static DateTimeOffset? ParseOrNull(string? text) => text is null ? null : Parse(text);

    /// <summary>Protocol times are UTC DateTime with MinValue meaning "not known".</summary>
    public static DateTimeOffset? FromProtocol(DateTime utc) =>
        utc == DateTime.MinValue ? null : new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc));

    /// <summary>Writes DateTimeOffset in the same form in JSON.</summary>
    public sealed class JsonConverter : JsonConverter<DateTimeOffset>
    {
        public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.GetDateTimeOffset();

        public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
            writer.WriteStringValue(ToText(value));
    }
}
