#nullable enable
using System.Collections;
using SosPost.Firmware.Core;

namespace SosPost.Firmware.NanoTests.Simulators;

/// <summary>Flash that survives a "reboot": build a new core over the same instance.</summary>
public sealed class MemoryKeyValueStore : IKeyValueStore
{
    private readonly Hashtable _values = new Hashtable();

    /// <summary>When set, every write and remove fails (worn or full flash).</summary>
    public bool FailWrites { get; set; }

    /// <summary>Successful writes and removes (flash wear).</summary>
    public int Writes { get; private set; }

    public string? Get(string key) => (string?)_values[key];

    public bool Set(string key, string value)
    {
        if (FailWrites)
        {
            return false;
        }

        Writes++;

        // Not _values[key] = value: after a Remove, nanoFramework's Hashtable can add a second entry for a key it
        // holds instead of replacing it, and reads then return the old value (RuntimeDifferenceTests).
        _values.Remove(key);
        _values.Add(key, value);
        return true;
    }

    public bool Remove(string key)
    {
        if (FailWrites)
        {
            return false;
        }

        Writes++;
        _values.Remove(key);
        return true;
    }

    public bool Contains(string key) => _values.Contains(key);
}
