namespace SosPost.Firmware.Core;

/// <summary>
/// Small persistent strings (flash). A write returns only once the value would survive a power cut.
/// Failures are reported, never thrown: the post must keep working without its flash.
/// </summary>
public interface IKeyValueStore
{
    /// <summary>The stored value, or null when the key is absent or unreadable.</summary>
    string? Get(string key);

    /// <summary>False when the value could not be written durably.</summary>
    bool Set(string key, string value);

    /// <summary>False when the key could not be removed.</summary>
    bool Remove(string key);
}
