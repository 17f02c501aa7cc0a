using System;

namespace SosPost.Protocol;

/// <summary>
/// The protocol's time format, "2026-11-22T03:15:42.120Z": UTC, milliseconds, always 24 characters.
/// Integer code only, so it is culture-free and identical on nanoFramework.
/// </summary>
public static class IsoTime
{
    /// <summary>Oldest year accepted when parsing; every runtime (nanoFramework's DateTime starts in 1601) can hold it.</summary>
    public const int MinYear = 1970;

    /// <summary>
    /// Latest year accepted when parsing: nanoFramework's DateTime ends at 3000-12-31T23:59:59.999 (.NET's at 9999),
    /// so a later time would be accepted by the gateway and throw on the post. One range for both.
    /// </summary>
    public const int MaxYear = 3000;

    private const int Length = 24;
    private const long TicksPerMs = 10000;
    private const long MsPerDay = 86400000;

    // Days from 0001-01-01 to 1970-01-01.
    private const long UnixEpochDays = 719162;

    /// <summary>Formats the value as UTC (its Kind is not consulted), truncated to whole milliseconds.</summary>
    public static string Format(DateTime utc)
    {
        var totalMs = utc.Ticks / TicksPerMs;
        var days = totalMs / MsPerDay;
        var msOfDay = (int)(totalMs - (days * MsPerDay));
        CivilFromDays(days - UnixEpochDays, out var year, out var month, out var day);

        var c = new char[Length];
        Put(c, 0, year, 4);
        c[4] = '-';
        Put(c, 5, month, 2);
        c[7] = '-';
        Put(c, 8, day, 2);
        c[10] = 'T';
        Put(c, 11, msOfDay / 3600000, 2);
        c[13] = ':';
        Put(c, 14, msOfDay / 60000 % 60, 2);
        c[16] = ':';
        Put(c, 17, msOfDay / 1000 % 60, 2);
        c[19] = '.';
        Put(c, 20, msOfDay % 1000, 3);
        c[23] = 'Z';
        return new string(c);
    }

    /// <summary>
    /// Parses exactly the format <see cref="Format"/> writes (years <see cref="MinYear"/> to
    /// <see cref="MaxYear"/>, no leap seconds). The result has Kind Utc. Never throws.
    /// </summary>
    public static bool TryParse(string text, out DateTime utc)
    {
        utc = DateTime.MinValue;
        if (text == null || text.Length != Length
            || text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':'
            || text[16] != ':' || text[19] != '.' || text[23] != 'Z')
        {
            return false;
        }

        var year = Digits(text, 0, 4);
        var month = Digits(text, 5, 2);
        var day = Digits(text, 8, 2);
        var hour = Digits(text, 11, 2);
        var minute = Digits(text, 14, 2);
        var second = Digits(text, 17, 2);
        var ms = Digits(text, 20, 3);
        if (year < MinYear || year > MaxYear || month < 1 || month > 12 || day < 1
            || day > DaysInMonth(year, month) || hour < 0 || hour > 23 || minute < 0 || minute > 59
            || second < 0 || second > 59 || ms < 0)
        {
            return false;
        }

        var days = DaysFromCivil(year, month, day) + UnixEpochDays;
        var totalMs = (days * MsPerDay) + (hour * 3600000L) + (minute * 60000L) + (second * 1000L) + ms;
        utc = new DateTime(totalMs * TicksPerMs, DateTimeKind.Utc);
        return true;
    }

    internal static int DaysInMonth(int year, int month)
    {
        if (month == 2)
        {
            var leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
            return leap ? 29 : 28;
        }

        return month == 4 || month == 6 || month == 9 || month == 11 ? 30 : 31;
    }

    // Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
    private static long DaysFromCivil(int year, int month, int day)
    {
        long y = month <= 2 ? year - 1 : year;
        var era = (y >= 0 ? y : y - 399) / 400;
        var yearOfEra = y - (era * 400);
        var monthFromMarch = month > 2 ? month - 3 : month + 9;
        var dayOfYear = (((153 * monthFromMarch) + 2) / 5) + day - 1;
        var dayOfEra = (yearOfEra * 365) + (yearOfEra / 4) - (yearOfEra / 100) + dayOfYear;
        return (era * 146097) + dayOfEra - 719468;
    }

    // The inverse (civil_from_days).
    private static void CivilFromDays(long days, out int year, out int month, out int day)
    {
        var z = days + 719468;
        var era = (z >= 0 ? z : z - 146096) / 146097;
        var dayOfEra = z - (era * 146097);
        var yearOfEra = (dayOfEra - (dayOfEra / 1460) + (dayOfEra / 36524) - (dayOfEra / 146096)) / 365;
        var dayOfYear = dayOfEra - ((365 * yearOfEra) + (yearOfEra / 4) - (yearOfEra / 100));
        var monthFromMarch = ((5 * dayOfYear) + 2) / 153;
        day = (int)(dayOfYear - (((153 * monthFromMarch) + 2) / 5) + 1);
        month = (int)(monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9);
        year = (int)(yearOfEra + (era * 400) + (month <= 2 ? 1 : 0));
    }

    private static void Put(char[] buffer, int at, int value, int width)
    {
        for (var i = at + width - 1; i >= at; i--)
        {
            buffer[i] = (char)('0' + (value % 10));
            value /= 10;
        }
    }

    // -1 unless every character is an ASCII digit.
    private static int Digits(string text, int at, int count)
    {
        var value = 0;
        for (var i = at; i < at + count; i++)
        {
            var c = text[i];
            if (c < '0' || c > '9')
            {
                return -1;
            }

            value = (value * 10) + (c - '0');
        }

        return value;
    }
}
