using System.Globalization;

namespace SosPost.Protocol.Tests;

public sealed class IsoTimeTests
{
    [Theory]
    [InlineData("2026-11-22T03:15:42.120Z")]
    [InlineData("1970-01-01T00:00:00.000Z")]
    [InlineData("3000-12-31T23:59:59.999Z")]
    [InlineData("2024-02-29T12:00:00.001Z")]
    [InlineData("2000-02-29T23:59:59.999Z")]
    [InlineData("2025-12-31T23:59:59.999Z")]
    [InlineData("2026-01-01T00:00:00.000Z")]
    public void Text_round_trips_and_agrees_with_the_base_library(string text)
    {
        Assert.True(IsoTime.TryParse(text, out var utc));
        Assert.Equal(DateTimeKind.Utc, utc.Kind);
        Assert.Equal(DateTime.ParseExact(text, "yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal), utc);
        Assert.Equal(text, IsoTime.Format(utc));
    }

    [Fact]
    public void Seeded_random_times_format_like_the_base_library_and_parse_back()
    {
        var random = new Random(1122);
        var min = new DateTime(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc).Ticks;
        var max = new DateTime(IsoTime.MaxYear + 1, 1, 1, 0, 0, 0, DateTimeKind.Utc).Ticks;
        for (var i = 0; i < 20000; i++)
        {
            var utc = new DateTime(random.NextInt64(min, max), DateTimeKind.Utc);
            var text = IsoTime.Format(utc);

            Assert.Equal(utc.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture), text);
            Assert.True(IsoTime.TryParse(text, out var back));
            Assert.Equal(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerMillisecond), back.Ticks);
        }
    }

    [Fact]
    public void Format_truncates_to_whole_milliseconds()
    {
        var utc = new DateTime(2026, 11, 22, 3, 15, 42, 120, DateTimeKind.Utc).AddTicks(9999);

        Assert.Equal("2026-11-22T03:15:42.120Z", IsoTime.Format(utc));
    }

    [Theory]
    [InlineData("")]
    [InlineData("2026-11-22T03:15:42Z")]
    [InlineData("2026-11-22T03:15:42.12Z")]
    [InlineData("2026-11-22T03:15:42.1200Z")]
    [InlineData("2026-11-22T03:15:42.120")]
    [InlineData("2026-11-22T03:15:42.120z")]
    [InlineData("2026-11-22t03:15:42.120Z")]
    [InlineData("2026-11-22 03:15:42.120Z")]
    [InlineData("2026-11-22T03:15:42.120+00:00")]
    [InlineData("2026-11-22T03:15:42,120Z")]
    [InlineData("2026/11/22T03:15:42.120Z")]
    [InlineData(" 2026-11-22T03:15:42.120Z")]
    [InlineData("2026-11-22T03:15:42.120Z ")]
    [InlineData("2026-13-22T03:15:42.120Z")]
    [InlineData("2026-00-22T03:15:42.120Z")]
    [InlineData("2026-11-00T03:15:42.120Z")]
    [InlineData("2026-11-31T03:15:42.120Z")]
    [InlineData("2026-02-29T03:15:42.120Z")]
    [InlineData("2100-02-29T03:15:42.120Z")]
    [InlineData("2026-11-22T24:00:00.000Z")]
    [InlineData("2026-11-22T03:60:42.120Z")]
    [InlineData("2026-11-22T03:15:60.000Z")]
    [InlineData("1969-12-31T23:59:59.999Z")]
    [InlineData("0001-01-01T00:00:00.000Z")]
    [InlineData("3001-01-01T00:00:00.000Z")] // after nanoFramework's DateTime.MaxValue: one range on every runtime
    [InlineData("9999-12-31T23:59:59.999Z")]
    [InlineData("+026-11-22T03:15:42.120Z")]
    [InlineData("2026-11-2xT03:15:42.120Z")]
    [InlineData("2026-11-22T03:15:42.1-0Z")]
    [InlineData("２026-11-22T03:15:42.120Z")]
    [InlineData("yesterday")]
    public void Anything_but_the_exact_format_is_rejected(string text)
    {
        Assert.False(IsoTime.TryParse(text, out var utc));
        Assert.Equal(DateTime.MinValue, utc);
    }

    [Fact]
    public void Null_is_rejected()
    {
        Assert.False(IsoTime.TryParse(null!, out _));
    }
}
