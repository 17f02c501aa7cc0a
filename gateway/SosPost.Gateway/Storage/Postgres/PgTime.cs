namespace SosPost.Gateway.Storage.Postgres;

/// <summary>Times as PostgreSQL stores them: UTC, to the millisecond as in <see cref="UtcTime"/>, so a time reads back equal.</summary>
internal static class PgTime
{
    public static DateTimeOffset Of(DateTimeOffset time)
    {
        var utc = time.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
    }

    public static DateTimeOffset? Of(DateTimeOffset? time) => time is { } t ? Of(t) : null;

    /// <summary>A timestamptz read as DateTime (Kind Utc).</summary>
    public static DateTimeOffset Read(DateTime utc) => new(DateTime.SpecifyKind(utc, DateTimeKind.Utc));

    public static DateTimeOffset? Read(DateTime? utc) => utc is { } t ? Read(t) : null;
}
