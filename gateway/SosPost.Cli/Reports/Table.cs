using System.Globalization;

namespace SosPost.Cli.Reports;

/// <summary>Plain text tables for a terminal: columns as wide as their widest cell, two spaces apart.</summary>
internal static class Table
{
    /// <summary>Cells longer than this are cut with "…" so one long name does not push every row off the screen.</summary>
    private const int MaxCell = 32;

    /// <summary>UTC, to the minute: what a technician compares with a post's record.</summary>
    public static string Time(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-dd HH:mm'Z'", CultureInfo.InvariantCulture);

    /// <summary>Columns from <paramref name="rightAligned"/> on are numbers and are aligned right.</summary>
    public static async Task WriteAsync(TextWriter output, IReadOnlyList<string> header, IEnumerable<string[]> rows, int rightAligned = int.MaxValue)
    {
        var cells = rows.Select(row => row.Select(Cut).ToArray()).Prepend([.. header]).ToList();
        var widths = header.Select((_, column) => cells.Max(row => Width(row[column]))).ToArray();
        foreach (var row in cells)
        {
            var line = string.Join("  ", row.Select((cell, column) =>
            {
                var padding = new string(' ', widths[column] - Width(cell));
                return column >= rightAligned ? padding + cell : cell + padding;
            }));
            await output.WriteLineAsync(line.TrimEnd());
        }
    }

    /// <summary>Columns the text takes on a terminal: Thai vowel and tone marks sit on their consonant and take none.</summary>
    public static int Width(string text) => text.Count(ch => CharUnicodeInfo.GetUnicodeCategory(ch)
        is not (UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark or UnicodeCategory.Format));

    private static string Cut(string cell)
    {
        var oneLine = cell.ReplaceLineEndings(" ");
        return oneLine.Length <= MaxCell ? oneLine : oneLine[..(MaxCell - 1)] + "…";
    }
}
