namespace SosPost.Firmware.Core;

/// <summary>A whole number kept in flash as its decimal text (the message counters).</summary>
public static class StoredNumber
{
    /// <summary>The number stored under <paramref name="key"/>; 0 when absent, or when unreadable (then <paramref name="unreadable"/> is logged as an error).</summary>
    public static long Read(IKeyValueStore store, string key, ILog log, string unreadable)
    {
        var text = store.Get(key);
        if (text == null)
        {
            return 0;
        }

        if (!IntegerText.TryParse(text, out var value))
        {
            log.Error(unreadable);
            return 0;
        }

        return value;
    }
}
