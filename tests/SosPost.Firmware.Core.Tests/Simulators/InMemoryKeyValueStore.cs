namespace SosPost.Firmware.Core.Tests.Simulators;

/// <summary>Flash that survives "reboots": build a new core over the same instance.</summary>
public sealed class InMemoryKeyValueStore : IKeyValueStore
{
    public Dictionary<string, string> Values { get; } = new(StringComparer.Ordinal);

    /// <summary>When set, every write and remove fails (worn or full flash).</summary>
    public bool FailWrites { get; set; }

    public int Writes { get; private set; }

    public string? Get(string key) => Values.TryGetValue(key, out var value) ? value : null;

    public bool Set(string key, string value)
    {
        if (FailWrites)
        {
            return false;
        }

        Writes++;
        Values[key] = value;
        return true;
    }

    public bool Remove(string key)
    {
        if (FailWrites)
        {
            return false;
        }

        Writes++;
        Values.Remove(key);
        return true;
    }
}
