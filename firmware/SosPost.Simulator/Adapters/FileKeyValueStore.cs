using System.Text.Json;
using SosPost.Firmware.Core;

namespace SosPost.Simulator.Adapters;

/// <summary>
/// A post's flash as one JSON file, so a restarted simulator keeps alarm counters and outboxes.
/// Every write replaces the file atomically (write beside, flush to disk, rename), like a flash
/// page that is either old or new after a power cut. Used from the tick thread only.
/// </summary>
internal sealed class FileKeyValueStore : IKeyValueStore
{
    // Readable by a person looking at the file: no \u0022 for every quote of the stored alarm.
    private static readonly JsonSerializerOptions WriteOptions = new()
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private readonly string _path;
    private readonly Dictionary<string, string> _values;
    private readonly ILog _log;

    public FileKeyValueStore(string path, ILog log)
    {
        _path = path;
        _log = log;
        _values = Load(path, log);
    }

    public string? Get(string key) => _values.GetValueOrDefault(key);

    public bool Set(string key, string value)
    {
        var old = _values.GetValueOrDefault(key);
        _values[key] = value;
        if (Save())
        {
            return true;
        }

        Restore(key, old);
        return false;
    }

    public bool Remove(string key)
    {
        if (!_values.Remove(key, out var old))
        {
            return true;
        }

        if (Save())
        {
            return true;
        }

        _values[key] = old;
        return false;
    }

    private static Dictionary<string, string> Load(string path, ILog log)
    {
        if (!File.Exists(path))
        {
            return new Dictionary<string, string>(StringComparer.Ordinal);
        }

        try
        {
            var values = JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(path));
            return new Dictionary<string, string>(values ?? [], StringComparer.Ordinal);
        }
        catch (JsonException e)
        {
            // Keep the evidence; the post starts with empty flash (its counter then restarts).
            var aside = path + ".corrupt-" + DateTime.UtcNow.ToString("yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture);
            File.Move(path, aside);
            log.Error("flash file " + path + " is not readable JSON (" + e.Message + "); moved to " + aside);
            return new Dictionary<string, string>(StringComparer.Ordinal);
        }
    }

    private void Restore(string key, string? old)
    {
        if (old is null)
        {
            _values.Remove(key);
        }
        else
        {
            _values[key] = old;
        }
    }

    private bool Save()
    {
        var temp = _path + ".new";
        try
        {
            using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                JsonSerializer.Serialize(stream, _values, WriteOptions);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, _path, overwrite: true);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _log.Error("flash file " + _path + " could not be written: " + e.Message);
            return false;
        }
    }
}
