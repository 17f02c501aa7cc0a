using SosPost.Firmware.Core;

namespace SosPost.Simulator.Adapters;

/// <summary>Flash that lasts as long as the simulator process (no --state-dir).</summary>
internal sealed class MemoryKeyValueStore : IKeyValueStore
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    public string? Get(string key) => _values.GetValueOrDefault(key);

    public bool Set(string key, string value)
    {
        _values[key] = value;
        return true;
    }

    public bool Remove(string key)
    {
        _values.Remove(key);
        return true;
    }
}
