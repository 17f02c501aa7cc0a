#nullable enable
namespace SosPost.Firmware.NanoTests.Support;

/// <summary>A chapter of a long story has ended on <paramref name="bench"/>, the post it is about now.</summary>
public delegate void ChapterEnded(string chapter, PostBench bench);

/// <summary>
/// Where a long story lets a measurement look in: the heap probe of tests/Bench (docs/performance.md, "The post on
/// nanoCLR") reads the managed heap at the end of each chapter. Nobody listens in a test run, so it costs nothing.
/// </summary>
public static class StoryCheckpoint
{
    public static ChapterEnded? Listener { get; set; }

    public static void Reached(string chapter, PostBench bench)
    {
        var listener = Listener;
        if (listener != null)
        {
            listener(chapter, bench);
        }
    }
}
