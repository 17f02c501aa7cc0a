using System.Globalization;
using SosPost.Testing;

namespace SosPost.Chaos.Tests.Support;

/// <summary>
/// A real, small filesystem (a size-limited tmpfs mounted on a temp folder; needs root) that a test can fill to the
/// last byte and free again. Writes on it fail with ENOSPC, which SQLite reports as SQLITE_FULL.
/// </summary>
internal sealed class SmallDisk : IAsyncDisposable
{
    private readonly List<string> _fillers = [];

    private SmallDisk(string path) => Path = path;

    public string Path { get; }

    /// <summary>Mounts the filesystem; null with the reason when this machine cannot (not root, no mount).</summary>
    public static async Task<(SmallDisk? Disk, string? Reason)> TryMountAsync(int megabytes, CancellationToken ct)
    {
        var path = Directory.CreateTempSubdirectory("sospost-chaos-disk-").FullName;
        try
        {
            await ChildProcess.RunAsync("mount", ["-t", "tmpfs", "-o", "size=" + megabytes.ToString(CultureInfo.InvariantCulture) + "m,mode=0700", "sospost-chaos", path], ct: ct);
            return (new SmallDisk(path), null);
        }
        catch (Exception e) when (e is InvalidOperationException or FileNotFoundException or System.ComponentModel.Win32Exception)
        {
            Directory.Delete(path);
            return (null, e.Message);
        }
    }

    public long FreeBytes => new DriveInfo(Path).AvailableFreeSpace;

    /// <summary>Writes filler files until the filesystem refuses another byte.</summary>
    public async Task FillAsync(CancellationToken ct)
    {
        var chunk = new byte[64 * 1024];
        var filler = System.IO.Path.Combine(Path, "filler-" + _fillers.Count.ToString(CultureInfo.InvariantCulture));
        _fillers.Add(filler);
        await using var stream = new FileStream(filler, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 1);
        var size = chunk.Length;
        while (size > 0)
        {
            try
            {
                await stream.WriteAsync(chunk.AsMemory(0, size), ct);
                await stream.FlushAsync(ct);
            }
            catch (IOException)
            {
                // Full for this size: try smaller writes down to one byte, so no block is left over.
                size /= 2;
            }
        }
    }

    /// <summary>Deletes the filler files: the space is there again.</summary>
    public void Free()
    {
        foreach (var filler in _fillers)
        {
            File.Delete(filler);
        }

        _fillers.Clear();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await ChildProcess.RunAsync("umount", [Path]);
        }
        catch (InvalidOperationException)
        {
            // Still busy (a process did not let go): detach it now, the kernel frees it when the last file closes.
            await ChildProcess.RunAsync("umount", ["-l", Path]);
        }

        Directory.Delete(Path);
    }
}
