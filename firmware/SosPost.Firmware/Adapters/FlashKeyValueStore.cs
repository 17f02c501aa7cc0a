using System;
using System.IO;
using System.Text;
using SosPost.Firmware.Core;

namespace SosPost.Firmware.Adapters;

/// <summary>
/// The core's flash: one small file per key in a folder on the internal littlefs drive (I:). A value is
/// replaced without a window where neither the old nor the new one exists, although File.Move refuses to
/// overwrite: write key.tmp and close it (littlefs commits on close), rename it to key.new (rename is
/// atomic), delete key, rename key.new to key. After a power cut at any step, key or a complete key.new
/// holds a whole value; a half-written file is only ever key.tmp, which a read ignores.
/// </summary>
internal sealed class FlashKeyValueStore : IKeyValueStore
{
    private const string Writing = ".tmp";
    private const string Written = ".new";

    private readonly string _folder;
    private readonly ILog _log;

    public FlashKeyValueStore(string folder, ILog log)
    {
        _folder = folder;
        _log = log;
        try
        {
            if (!Directory.Exists(folder))
            {
                Directory.CreateDirectory(folder);
            }
        }
        catch (Exception e)
        {
            _log.Error("flash folder " + folder + " cannot be created: " + e.Message);
        }
    }

    public string Get(string key)
    {
        var path = PathOf(key);
        if (path == null)
        {
            return null;
        }

        try
        {
            Recover(path);
            if (!File.Exists(path))
            {
                return null;
            }

            var bytes = File.ReadAllBytes(path);
            return Encoding.UTF8.GetString(bytes, 0, bytes.Length);
        }
        catch (Exception e)
        {
            _log.Error("flash read of " + key + " failed: " + e.Message);
            return null;
        }
    }

    public bool Set(string key, string value)
    {
        var path = PathOf(key);
        if (path == null)
        {
            return false;
        }

        try
        {
            DeleteIfExists(path + Writing);
            DeleteIfExists(path + Written);
            var bytes = Encoding.UTF8.GetBytes(value);
            using (var file = new FileStream(path + Writing, FileMode.Create, FileAccess.Write))
            {
                file.Write(bytes, 0, bytes.Length);
                file.Flush();
            }

            File.Move(path + Writing, path + Written);
            DeleteIfExists(path);
            File.Move(path + Written, path);
            return true;
        }
        catch (Exception e)
        {
            _log.Error("flash write of " + key + " failed: " + e.Message);
            return false;
        }
    }

    public bool Remove(string key)
    {
        var path = PathOf(key);
        if (path == null)
        {
            return false;
        }

        try
        {
            // key.new first: otherwise a reboot between the two deletes would bring the value back.
            DeleteIfExists(path + Written);
            DeleteIfExists(path);
            DeleteIfExists(path + Writing);
            return true;
        }
        catch (Exception e)
        {
            _log.Error("flash delete of " + key + " failed: " + e.Message);
            return false;
        }
    }

    // Finishes a replacement a power cut interrupted, and drops a half-written file.
    private static void Recover(string path)
    {
        if (File.Exists(path + Written))
        {
            if (File.Exists(path))
            {
                // Cut before "delete key": key.new is complete and newer.
                File.Delete(path);
            }

            File.Move(path + Written, path);
        }

        DeleteIfExists(path + Writing);
    }

    private static void DeleteIfExists(string path)
    {
        if (File.Exists(path))
        {
            File.Delete(path);
        }
    }

    // Keys become file names: only lower-case letters, digits, '.' and '-' (the core's keys are "alarm.counter" etc.).
    private string PathOf(string key)
    {
        if (key == null || key.Length == 0 || key.Length > 32)
        {
            _log.Error("flash key rejected: empty or too long");
            return null;
        }

        for (var i = 0; i < key.Length; i++)
        {
            var c = key[i];
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-'))
            {
                _log.Error("flash key rejected: " + key);
                return null;
            }
        }

        return _folder + "\\" + key;
    }
}
