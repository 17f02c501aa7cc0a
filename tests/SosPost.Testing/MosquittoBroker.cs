using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;

namespace SosPost.Testing;

/// <summary>
/// A real Mosquitto on a free loopback port, configured in its own temporary directory (password file, ACL,
/// persistence, log, optional TLS). Tests can stop, kill, pause, restart and reload it to provoke failures.
/// </summary>
public sealed class MosquittoBroker : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(15);

    private readonly Dictionary<string, string> _users;
    private readonly bool _persistence;
    private readonly IList<string> _extraConfig;
    private readonly bool _certificateLogins;
    private List<string> _acl;
    private TestCertificates.Files? _certificates;
    private ChildProcess? _process;

    private MosquittoBroker(string directory, MosquittoBrokerOptions options)
    {
        Directory = directory;
        _users = new Dictionary<string, string>(options.Users, StringComparer.Ordinal);
        _acl = [.. options.AclLines];
        _persistence = options.Persistence;
        _extraConfig = options.ExtraConfig;
        _certificateLogins = options.CertificateLogins;
    }

    public string Host => "127.0.0.1";

    public int Port { get; private set; }

    /// <summary>Port of the TLS listener; 0 when the broker was started without TLS.</summary>
    public int TlsPort { get; private set; }

    /// <summary>Port of the listener for certificate logins (CN = user name); 0 without <see cref="MosquittoBrokerOptions.CertificateLogins"/>.</summary>
    public int CertificatePort { get; private set; }

    public string Directory { get; }

    /// <summary>PEM file of the CA that signed the server certificate; null without TLS.</summary>
    public string? CaCertificatePath => _certificates?.CaCertificate;

    public string LogPath => Path.Combine(Directory, "mosquitto.log");

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>The pid of the running mosquitto, to tell a reload from a restart; null when stopped.</summary>
    public int? ProcessId => _process is { HasExited: false } running ? running.Id : null;

    /// <summary>mosquitto.pid, written by the broker (the layout of scripts/lib.sh: passwd, acl, mosquitto.conf, mosquitto.pid).</summary>
    public string PidPath => Path.Combine(Directory, "mosquitto.pid");

    private string ConfigPath => Path.Combine(Directory, "mosquitto.conf");

    private string PasswordPath => Path.Combine(Directory, "passwd");

    private string AclPath => Path.Combine(Directory, "acl");

    public static async Task<MosquittoBroker> StartAsync(MosquittoBrokerOptions? options = null, CancellationToken ct = default)
    {
        options ??= new MosquittoBrokerOptions();
        var broker = new MosquittoBroker(System.IO.Directory.CreateTempSubdirectory("sospost-mosquitto-").FullName, options);
        try
        {
            if (options.Tls)
            {
                broker._certificates = await TestCertificates.CreateAsync(broker.Directory, ct);
            }

            await broker.WriteSecurityFilesAsync(ct);

            // A port the OS just gave us can be taken by someone else before mosquitto binds it: then try new ones.
            for (var attempt = 1; ; attempt++)
            {
                broker.Port = FreePort.Next();
                broker.TlsPort = options.Tls ? FreePort.Next() : 0;
                broker.CertificatePort = options.Tls && options.CertificateLogins ? FreePort.Next() : 0;
                await broker.WriteConfigAsync(ct);
                if (await broker.LaunchAsync(ct) is not { } failure)
                {
                    return broker;
                }

                if (attempt == 3 || !IsAddressInUse(failure))
                {
                    throw new InvalidOperationException(failure);
                }
            }
        }
        catch
        {
            await broker.DisposeAsync();
            throw;
        }
    }

    /// <summary>The broker's log so far (log_type all): connections, subscriptions, denials.</summary>
    public string LogText()
    {
        try
        {
            using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        }
        catch (FileNotFoundException)
        {
            return string.Empty;
        }
    }

    /// <summary>Clean stop (SIGTERM): mosquitto writes its persistence database and exits.</summary>
    public async Task StopAsync(CancellationToken ct = default)
    {
        if (_process is { HasExited: false } process)
        {
            await SignalAsync("TERM", ct);
            await process.WaitForExitAsync(ExitTimeout, ct);
        }
    }

    /// <summary>Crash (SIGKILL): nothing is saved, connections drop without a goodbye.</summary>
    public async Task KillAsync(CancellationToken ct = default)
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill();
            await process.WaitForExitAsync(ExitTimeout, ct);
        }
    }

    /// <summary>Freezes the broker (SIGSTOP): TCP stays open but nothing is answered, like a hung server.</summary>
    public async Task PauseAsync(CancellationToken ct = default)
    {
        await SignalAsync("STOP", ct);
        Eventually.WaitUntil(() => ProcessState() is 'T' or 't', TimeSpan.FromSeconds(5), "mosquitto is stopped by SIGSTOP");
    }

    /// <summary>Lets a paused broker run again (SIGCONT).</summary>
    public async Task ResumeAsync(CancellationToken ct = default)
    {
        await SignalAsync("CONT", ct);
        Eventually.WaitUntil(() => ProcessState() is not ('T' or 't'), TimeSpan.FromSeconds(5), "mosquitto runs again after SIGCONT");
    }

    /// <summary>Starts mosquitto again on the same ports with the same files (and database), after a stop or kill.</summary>
    public async Task RestartAsync(CancellationToken ct = default)
    {
        await StopAsync(ct);
        var deadline = Stopwatch.StartNew();
        while (await LaunchAsync(ct) is { } failure)
        {
            // The old listening socket can take a moment to be released.
            if (!IsAddressInUse(failure) || deadline.Elapsed > StartTimeout)
            {
                throw new InvalidOperationException(failure);
            }

            await Task.Delay(50, ct);
        }
    }

    public void AddUser(string name, string password) => _users[name] = password;

    public void SetAcl(IEnumerable<string> lines) => _acl = [.. lines];

    /// <summary>Rewrites the password and ACL files and makes the running broker read them again (SIGHUP).</summary>
    public async Task ReloadAsync(CancellationToken ct = default)
    {
        await WriteSecurityFilesAsync(ct);
        var reloads = CountInLog("Reloading config.");
        await SignalAsync("HUP", ct);

        // Mosquitto logs this line and then reloads before it serves the next network event.
        await Eventually.WaitUntilAsync(() => CountInLog("Reloading config.") > reloads, StartTimeout, "mosquitto logs that it reloads its config", ct);
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
        }

        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open; the temp directory is cleaned by the OS eventually.
        }
    }

    private static bool IsAddressInUse(string failure) => failure.Contains("Address already in use", StringComparison.OrdinalIgnoreCase);

    private async Task WriteSecurityFilesAsync(CancellationToken ct)
    {
        // Written beside and then moved over, so a reload never reads a half-written file.
        var passwords = PasswordPath + ".new";
        await File.WriteAllTextAsync(passwords, string.Empty, ct);
        foreach (var (name, password) in _users)
        {
            await ChildProcess.RunAsync("mosquitto_passwd", ["-b", passwords, name, password], ct: ct);
        }

        File.Move(passwords, PasswordPath, overwrite: true);
        await File.WriteAllLinesAsync(AclPath + ".new", _acl, ct);
        File.Move(AclPath + ".new", AclPath, overwrite: true);
    }

    private async Task WriteConfigAsync(CancellationToken ct)
    {
        List<string> lines =
        [
            "# Generated by SosPost.Testing for one test broker.",
            "per_listener_settings false",
            "allow_anonymous false",
            $"password_file {PasswordPath}",
            $"acl_file {AclPath}",
            $"persistence {(_persistence ? "true" : "false")}",
            $"persistence_location {Directory}/",
            $"log_dest file {LogPath}",

            // Where tools that manage a running broker (sospost provision) find its pid for SIGHUP.
            $"pid_file {PidPath}",
            "log_type all",
            "set_tcp_nodelay true", // as scripts/lib.sh: no 40 ms Nagle stall on each small packet
            "connection_messages true",

            // Run as root keeps root, so the files above need no chown for the mosquitto user.
            "user root",
            .. _extraConfig,
            $"listener {Port} {Host}",
        ];
        if (_certificates is { } certificates)
        {
            lines.AddRange(
            [
                $"listener {TlsPort} {Host}",
                $"cafile {certificates.CaCertificate}",
                $"certfile {certificates.ServerCertificate}",
                $"keyfile {certificates.ServerKey}",
            ]);
            if (_certificateLogins)
            {
                lines.AddRange(
                [
                    $"listener {CertificatePort} {Host}",
                    $"cafile {certificates.CaCertificate}",
                    $"certfile {certificates.ServerCertificate}",
                    $"keyfile {certificates.ServerKey}",
                    "require_certificate true",
                    "use_identity_as_username true",
                ]);
            }
        }

        await File.WriteAllLinesAsync(ConfigPath, lines, ct);
    }

    /// <summary>Starts the process and waits until every listener accepts TCP; returns why it failed, or null.</summary>
    private async Task<string?> LaunchAsync(CancellationToken ct)
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
        }

        var process = ChildProcess.Start("mosquitto", ["-c", ConfigPath], Directory);
        _process = process;
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited)
            {
                return $"mosquitto exited with code {process.ExitCode} while starting on port {Port}.\n"
                    + $"stderr:\n{process.ErrorText}\nlog:\n{LogText()}";
            }

            if (await AcceptsAsync(Port, ct) && (TlsPort == 0 || await AcceptsAsync(TlsPort, ct)) && (CertificatePort == 0 || await AcceptsAsync(CertificatePort, ct)))
            {
                return null;
            }

            if (clock.Elapsed > StartTimeout)
            {
                throw new TimeoutException($"mosquitto did not accept connections on port {Port} within {StartTimeout.TotalSeconds} s.\nlog:\n{LogText()}");
            }

            await Task.Delay(20, ct);
        }
    }

    private async Task<bool> AcceptsAsync(int port, CancellationToken ct)
    {
        using var client = new TcpClient();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(1));
        try
        {
            await client.ConnectAsync(Host, port, timeout.Token);
            return true;
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            return false;
        }
    }

    private async Task SignalAsync(string signal, CancellationToken ct)
    {
        var process = _process is { HasExited: false } running ? running : throw new InvalidOperationException("mosquitto is not running.");
        await ChildProcess.RunAsync("kill", [$"-{signal}", process.Id.ToString(CultureInfo.InvariantCulture)], ct: ct);
    }

    /// <summary>The state letter from /proc/PID/stat: R, S, T (stopped) and so on.</summary>
    private char ProcessState()
    {
        var stat = File.ReadAllText($"/proc/{_process!.Id}/stat");
        return stat[stat.LastIndexOf(')') + 2];
    }

    private int CountInLog(string text)
    {
        var log = LogText();
        var count = 0;
        for (var i = log.IndexOf(text, StringComparison.Ordinal); i >= 0; i = log.IndexOf(text, i + text.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
