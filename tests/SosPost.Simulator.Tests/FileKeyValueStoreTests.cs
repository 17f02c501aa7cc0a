using SosPost.Simulator.Adapters;

namespace SosPost.Simulator.Tests;

public sealed class FileKeyValueStoreTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("sospost-flash-");
    private readonly ListLog _log = new();

    private string FilePath => Path.Combine(_dir.FullName, "MHC-001.json");

    [Fact]
    public void Values_survive_a_new_store_over_the_same_file()
    {
        var store = new FileKeyValueStore(FilePath, _log);
        Assert.True(store.Set("alarm.counter", "41"));
        Assert.True(store.Set("alarm.pending", "{\"v\":1,\"alarmId\":41}"));
        Assert.True(store.Remove("alarm.pending"));
        Assert.True(store.Set("alarm.counter", "42"));

        var reopened = new FileKeyValueStore(FilePath, _log);

        Assert.Equal("42", reopened.Get("alarm.counter"));
        Assert.Null(reopened.Get("alarm.pending"));
        Assert.False(File.Exists(FilePath + ".new"));
        Assert.Empty(_log.Entries);
    }

    [Fact]
    public void Missing_file_is_empty_flash()
    {
        var store = new FileKeyValueStore(FilePath, _log);

        Assert.Null(store.Get("alarm.counter"));
        Assert.True(store.Remove("alarm.counter"));
        Assert.False(File.Exists(FilePath));
    }

    [Fact]
    public void Corrupt_file_is_set_aside_and_logged()
    {
        File.WriteAllText(FilePath, "{\"alarm.counter\":");

        var store = new FileKeyValueStore(FilePath, _log);

        Assert.Null(store.Get("alarm.counter"));
        Assert.Contains(_log.Entries, e => e.StartsWith("error: flash file", StringComparison.Ordinal));
        Assert.Single(Directory.GetFiles(_dir.FullName, "MHC-001.json.corrupt-*"));
    }

    [Fact]
    public void Failed_write_reports_false_and_keeps_the_old_value()
    {
        var store = new FileKeyValueStore(FilePath, _log);
        Assert.True(store.Set("alarm.counter", "1"));

        // A directory where the temporary file should go makes every write fail.
        Directory.CreateDirectory(FilePath + ".new");

        Assert.False(store.Set("alarm.counter", "2"));
        Assert.Equal("1", store.Get("alarm.counter"));
        Assert.False(store.Set("alarm.other", "x"));
        Assert.Null(store.Get("alarm.other"));
        Assert.False(store.Remove("alarm.counter"));
        Assert.Equal("1", store.Get("alarm.counter"));
        Assert.Contains(_log.Entries, e => e.StartsWith("error: flash file", StringComparison.Ordinal));
    }

    public void Dispose() => _dir.Delete(recursive: true);
}
