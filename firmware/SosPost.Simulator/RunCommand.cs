using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
using SosPost.Firmware.Core;
using SosPost.Firmware.Core.Device;
using SosPost.Simulator.Adapters;
using SosPost.Simulator.Control;
using SosPost.Simulator.Hosting;

namespace SosPost.Simulator;

/// <summary>run: the virtual posts, their tick loop and the control endpoint, until cancelled.</summary>
internal static class RunCommand
{
    /// <summary>Reported by simulated posts in their status and heartbeats.</summary>
    public const string FirmwareVersion = "0.1.0-sim";

    public static async Task<int> RunAsync(CommandLine line, TextWriter output, TextWriter error, CancellationToken ct)
    {
        if (line.UnknownOptions("posts", "credentials", "broker", "cert-broker", "ca", "state-dir", "control-port", "verbose").FirstOrDefault() is { } unknown)
        {
            return await Cli.UsageAsync(error, "run does not know option " + unknown);
        }

        if (line.Positional.Count > 0)
        {
            return await Cli.UsageAsync(error, "run takes no positional argument ('" + line.Positional[0] + "')");
        }

        if (line.Option("posts") is not { } postsPath || line.Option("credentials") is not { } credentialsPath || line.Option("broker") is not { } broker)
        {
            return await Cli.UsageAsync(error, "run needs --posts, --credentials and --broker");
        }

        if (!TryParseBroker(broker, out var host, out var brokerPort))
        {
            return await Cli.UsageAsync(error, "--broker must be HOST:PORT, not '" + broker + "'");
        }

        var certificateBroker = line.Option("cert-broker");
        var certificateHost = string.Empty;
        var certificatePort = 0;
        if (certificateBroker is not null && !TryParseBroker(certificateBroker, out certificateHost, out certificatePort))
        {
            return await Cli.UsageAsync(error, "--cert-broker must be HOST:PORT, not '" + certificateBroker + "'");
        }

        if (line.Port("control-port", ControlEndpoint.DefaultPort) is not { } controlPort)
        {
            return await Cli.UsageAsync(error, "--control-port must be a port number");
        }

        SosPost.Mqtt.MqttTlsOptions? tls = null;
        if (line.Option("ca") is { } caPath)
        {
            try
            {
                tls = new SosPost.Mqtt.MqttTlsOptions { CaCertificate = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificateFromFile(caPath) };
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
            {
                return await Cli.UsageAsync(error, "--ca: " + caPath + " is not a readable certificate: " + e.Message);
            }
        }

        var entries = PostsFiles.LoadPosts(postsPath, out var problem);
        var credentials = entries is null ? null : PostsFiles.LoadCredentials(credentialsPath, out problem);
        if (entries is null || credentials is null)
        {
            return await Cli.UsageAsync(error, problem!);
        }

        var missing = entries.Where(e => !credentials.ContainsKey(e.Id)).Select(e => e.Id).ToList();
        if (missing.Count > 0)
        {
            return await Cli.UsageAsync(error, "no password in " + credentialsPath + " for " + string.Join(", ", missing));
        }

        if (certificateBroker is null && entries!.FirstOrDefault(e => credentials[e.Id].ClientCert is not null) is { } certified)
        {
            return await Cli.UsageAsync(error, "post " + certified.Id + " has a client certificate: give --cert-broker HOST:PORT (the broker's mutual-TLS listener) and --ca");
        }

        if (certificateBroker is not null && tls is null)
        {
            return await Cli.UsageAsync(error, "--cert-broker needs --ca: a client certificate is presented inside TLS");
        }

        var logins = new Dictionary<string, (BrokerLogin[] Plan, X509Certificate2? Certificate)>(StringComparer.Ordinal);
        foreach (var entry in entries!)
        {
            var secrets = credentials[entry.Id];
            var certificate = LoadClientCertificate(secrets, out var certificateProblem);
            var plan = BrokerLogin.Plan(
                secrets.ClientCert is not null,
                certificate is not null,
                secrets.PasswordFallback,
                new BrokerLogin(certificateHost, certificatePort, certificate: true),
                new BrokerLogin(host, brokerPort, certificate: false));
            if (plan.Length == 0)
            {
                // A post in this state shows its fault beacon and never logs in with a password instead.
                return await Cli.UsageAsync(error, "post " + entry.Id + ": " + certificateProblem + "; passwordFallback is false, so it would not log in without it");
            }

            if (certificateProblem is not null)
            {
                await error.WriteLineAsync("error: post " + entry.Id + ": " + certificateProblem + "; logging in with the password fallback");
            }

            logins[entry.Id] = (plan, certificate);
        }

        var stateDir = line.Option("state-dir");
        if (stateDir is not null)
        {
            Directory.CreateDirectory(stateDir);
        }

        var verbose = line.Flag("verbose");
        var level = verbose ? LogLevel.Information : LogLevel.Warning;
        using var loggers = LoggerFactory.Create(b => b
            .SetMinimumLevel(level)
            .AddFilter("Microsoft", LogLevel.Warning)
            .AddSimpleConsole(o => o.SingleLine = true)
            .AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace)); // stdout is for beacon lines
        // A virtual post is provisioned when the simulator starts: its counters begin above any earlier run's.
        var counterStart = (DateTimeOffset.UtcNow - DateTimeOffset.UnixEpoch).Ticks / 10;
        var posts = entries.Select(e =>
        {
            var log = new ConsoleLog(e.Id, error, verbose);
            IKeyValueStore store = stateDir is null ? new MemoryKeyValueStore() : new FileKeyValueStore(Path.Combine(stateDir, e.Id + ".json"), log);
            var config = new PostConfig
            {
                PostId = e.Id,
                Password = credentials[e.Id].Password,
                MessageKey = credentials[e.Id].Key,
                MessageCounterStart = counterStart,
                FirmwareVersion = FirmwareVersion,
                ConfigHash = ConfigHashOf(e),
            };
            return new VirtualPost(config, store, new MqttClientLink(logins[e.Id].Plan, loggers, tls, logins[e.Id].Certificate), log, TimeProvider.System);
        }).ToList();

        await using var simulator = new SimulatorHost(posts, output, loggers.CreateLogger<SimulatorHost>());
        await using var app = ControlEndpoint.Build(simulator, controlPort, level);
        try
        {
            await app.StartAsync(ct);
        }
        catch (IOException e)
        {
            await error.WriteLineAsync("error: control endpoint on 127.0.0.1:" + controlPort.ToString(CultureInfo.InvariantCulture) + " could not start: " + e.Message);
            return ExitCodes.StartFailed;
        }

        await error.WriteLineAsync(
            "simulating " + posts.Count.ToString(CultureInfo.InvariantCulture) + " posts against " + broker + (tls is null ? string.Empty : " (TLS)")
            + (certificateBroker is null ? string.Empty : ", client certificates at " + certificateBroker)
            + "; control http://127.0.0.1:" + controlPort.ToString(CultureInfo.InvariantCulture)
            + (stateDir is null ? "; flash in memory" : "; flash in " + stateDir));
        try
        {
            await simulator.RunAsync(ct);
        }
        finally
        {
            await app.StopAsync(CancellationToken.None);
        }

        return ExitCodes.Ok;
    }

    /// <summary>The post's entry in the posts file stands in for its config file: an edited entry reports a new hash.</summary>
    internal static string ConfigHashOf(PostEntry entry) =>
        ConfigHash.Of(System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(entry));

    /// <summary>The post's certificate with its key, or null: not configured (no problem) or unreadable (<paramref name="problem"/>).</summary>
    private static X509Certificate2? LoadClientCertificate(PostCredentials secrets, out string? problem)
    {
        problem = null;
        if (secrets.ClientCert is null || secrets.ClientKey is null)
        {
            return null;
        }

        try
        {
            return X509Certificate2.CreateFromPemFile(secrets.ClientCert, secrets.ClientKey);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException or ArgumentException)
        {
            problem = "clientCert " + secrets.ClientCert + " or clientKey " + secrets.ClientKey + " is unreadable: " + e.Message;
            return null;
        }
    }

    internal static bool TryParseBroker(string text, out string host, out int port)
    {
        host = string.Empty;
        port = 0;
        var colon = text.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535)
        {
            return false;
        }

        host = text[..colon];
        return true;
    }
}
