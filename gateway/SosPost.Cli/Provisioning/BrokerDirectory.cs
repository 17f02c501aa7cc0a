using System.Diagnostics;
using System.Globalization;

namespace SosPost.Cli.Provisioning;

/// <summary>
/// A running Mosquitto's files as scripts/lib.sh lays them out: <c>passwd</c>, <c>acl</c>,
/// <c>mosquitto.conf</c> and <c>mosquitto.pid</c> in one directory. Adds a post's password, makes sure the
/// ACL confines a post to its own topics, and makes the broker reload both (SIGHUP) without a restart.
/// </summary>
internal sealed class BrokerDirectory(string directory)
{
    /// <summary>The per-post rules: user name = post id, its own reports out, its own answers in (docs/protocol.md).</summary>
    public static readonly string[] PostPatterns =
    [
        "pattern write sos/v1/%u/alarm",
        "pattern write sos/v1/%u/heartbeat",
        "pattern write sos/v1/%u/status",
        "pattern write sos/v1/%u/event",
        "pattern write sos/v1/%u/selftest",
        "pattern read sos/v1/%u/alarm/state",
        "pattern read sos/v1/%u/event/ack",
        "pattern read sos/v1/%u/cmd",
    ];

    public string Directory { get; } = Path.GetFullPath(directory);

    public string PasswordFile => Path.Combine(Directory, "passwd");

    public string AclFile => Path.Combine(Directory, "acl");

    public string ConfigFile => Path.Combine(Directory, "mosquitto.conf");

    public string PidFile => Path.Combine(Directory, "mosquitto.pid");

    /// <summary>The read-only user scripts/lib.sh creates for watching posts (ACL: read sos/v1/#).</summary>
    public const string MonitorUser = "monitor";

    public string MonitorPasswordFile => Path.Combine(Directory, MonitorUser + ".password");

    /// <summary>The broker's CA (scripts/lib.sh make_broker_certificates): clients trust it; post certificates are signed with its key.</summary>
    public string CaCertificateFile => Path.Combine(Directory, "ca.crt");

    public string CaKeyFile => Path.Combine(Directory, "ca.key");

    /// <summary>
    /// The first listener of mosquitto.conf that takes certificate logins (<c>require_certificate true</c> and
    /// <c>use_identity_as_username true</c>); null when there is none.
    /// </summary>
    public (string Host, int Port)? CertificateListener()
    {
        if (!File.Exists(ConfigFile))
        {
            return null;
        }

        (string Host, int Port)? current = null;
        bool required = false, identity = false;
        foreach (var line in File.ReadLines(ConfigFile).Append("listener end"))
        {
            var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (words is ["listener", ..])
            {
                if (current is not null && required && identity)
                {
                    return current;
                }

                current = words.Length > 1 && int.TryParse(words[1], NumberStyles.None, CultureInfo.InvariantCulture, out var port)
                    ? (words.Length > 2 ? words[2] : "127.0.0.1", port)
                    : null;
                required = identity = false;
            }
            else if (words is ["require_certificate", "true"])
            {
                required = true;
            }
            else if (words is ["use_identity_as_username", "true"])
            {
                identity = true;
            }
        }

        return null;
    }

    /// <summary>Checks that the files exist and the broker runs, before anything is changed.</summary>
    public int RunningPid()
    {
        foreach (var file in new[] { PasswordFile, AclFile, PidFile })
        {
            if (!File.Exists(file))
            {
                throw new CliException(ExitCodes.Environment, $"{file} does not exist (--broker-dir must hold the broker's passwd, acl and mosquitto.pid, as scripts/lib.sh writes them)");
            }
        }

        var text = File.ReadAllText(PidFile).Trim();
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || !System.IO.Directory.Exists($"/proc/{pid}"))
        {
            throw new CliException(ExitCodes.Environment, $"{PidFile}: no running broker with pid \"{text}\" (start Mosquitto first)");
        }

        return pid;
    }

    /// <summary>The first <c>listener PORT [HOST]</c> of mosquitto.conf, to check the new credentials against; null when none.</summary>
    public (string Host, int Port)? Listener()
    {
        if (!File.Exists(ConfigFile))
        {
            return null;
        }

        foreach (var line in File.ReadLines(ConfigFile))
        {
            var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (words is ["listener", var port, ..] && int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            {
                return (words.Length > 2 ? words[2] : "127.0.0.1", number);
            }
        }

        return null;
    }

    /// <summary>Adds the per-post patterns the ACL lacks; returns how many were added.</summary>
    public int EnsurePostPatterns()
    {
        var present = File.ReadAllLines(AclFile).Select(l => string.Join(' ', l.Split(' ', '\t', StringSplitOptions.RemoveEmptyEntries))).ToHashSet(StringComparer.Ordinal);
        var missing = PostPatterns.Where(p => !present.Contains(p)).ToList();
        if (missing.Count > 0)
        {
            // Pattern lines apply to every user wherever they stand in the file, so appending is enough.
            File.AppendAllLines(AclFile, ["", "# Added by sospost provision: a post (user name = post id) may only use its own topics.", .. missing]);
        }

        return missing.Count;
    }

    /// <summary>True when the password file already has this user (provisioning again replaces the password).</summary>
    public bool HasUser(string user) =>
        File.ReadLines(PasswordFile).Any(line => line.StartsWith(user + ":", StringComparison.Ordinal));

    /// <summary>Sets the user's password with mosquitto_passwd, giving it on stdin so it never shows in a process list.</summary>
    public async Task SetPasswordAsync(string user, string password, CancellationToken ct)
    {
        var start = new ProcessStartInfo("mosquitto_passwd")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(PasswordFile);
        start.ArgumentList.Add(user);
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            throw new CliException(ExitCodes.Environment, "mosquitto_passwd is not installed (Debian: apt-get install mosquitto)");
        }

        using (process)
        {
            await process.StandardInput.WriteAsync($"{password}\n{password}\n");
            process.StandardInput.Close();
            var errors = process.StandardError.ReadToEndAsync(ct);
            _ = await process.StandardOutput.ReadToEndAsync(ct);
            await process.WaitForExitAsync(ct);
            if (process.ExitCode != 0)
            {
                throw new CliException(ExitCodes.Environment, $"mosquitto_passwd failed on {PasswordFile}: {(await errors).Trim()}");
            }
        }
    }

    /// <summary>SIGHUP: Mosquitto reads its password and ACL files again and keeps every connection.</summary>
    public async Task ReloadAsync(int pid, CancellationToken ct)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-HUP", pid.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false })!;
        await kill.WaitForExitAsync(ct);
        if (kill.ExitCode != 0)
        {
            throw new CliException(ExitCodes.Environment, $"could not signal the broker (pid {pid}) to reload: kill -HUP exited with {kill.ExitCode}");
        }
    }
}
