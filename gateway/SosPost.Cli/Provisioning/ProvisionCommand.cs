using System.Diagnostics;
using System.Globalization;
using SosPost.Firmware.Core.Device;
using SosPost.Mqtt;
using SosPost.Protocol;

namespace SosPost.Cli.Provisioning;

/// <summary>
/// <c>sospost provision POST</c>: a new broker password for the post on the running broker (reloaded, not
/// restarted), proved by connecting with it, the post's config file, and the nanoff commands to put it all on the board.
/// </summary>
internal static class ProvisionCommand
{
    /// <summary>How long the broker may take to apply the reload before the new credentials count as refused.</summary>
    private static readonly TimeSpan ReloadDeadline = TimeSpan.FromSeconds(15);

    public sealed record Request(
        string PostId,
        string BrokerDir,
        string BrokerHost,
        int? BrokerPort,
        bool Tls,
        string? CaFile,
        string Board,
        string? Network,
        string? WifiSsid,
        bool Camera,
        string? SntpServer1,
        string? SntpServer2,
        string OutputDir,
        string SerialPort,
        string Image,
        string? CheckAt,
        bool ClientCertificate = false,
        TimeSpan? WaitOnline = null,
        bool PasswordFallback = false,
        int? PasswordPort = null);

    /// <summary>The environment variable holding the gateway's master key (Gateway:Security:MasterKey); never an argument, so it stays out of shell history.</summary>
    public const string MasterKeyVariable = "SOSPOST_MASTER_KEY";

    public static async Task<int> RunAsync(Request request, string? wifiPassword, string? masterKey, TimeProvider time, TextWriter output, TextWriter progress, CancellationToken ct)
    {
        // 1. Everything that can be refused is checked before the broker or any file is touched.
        if (!Topics.IsValidPostId(request.PostId))
        {
            throw new CliException(ExitCodes.Usage, $"POST: \"{request.PostId}\" is not a post id (1 to 32 of A-Z, 0-9 and '-', e.g. MHC-001)");
        }

        var board = BoardProfiles.Find(request.Board)
            ?? throw new CliException(ExitCodes.Usage, $"--board: unknown board \"{request.Board}\" (supported: {BoardProfiles.Ids()})");
        var master = SosPost.Protocol.Security.MessageAuth.ParseKey(masterKey)
            ?? throw new CliException(ExitCodes.Usage, $"set {MasterKeyVariable} to the gateway's Gateway:Security:MasterKey (64 hex characters): the post's message key is derived from it");
        if (request.PasswordFallback && !request.ClientCertificate)
        {
            throw new CliException(ExitCodes.Usage, "--password-fallback is the fallback of --cert: give both, or neither");
        }

        if (request.PasswordPort is not null && !request.PasswordFallback)
        {
            throw new CliException(ExitCodes.Usage, "--password-port goes with --password-fallback");
        }

        var broker = new BrokerDirectory(request.BrokerDir);
        var certificateAt = request.ClientCertificate ? broker.CertificateListener() : null;
        if (request.ClientCertificate && (certificateAt is null || !File.Exists(broker.CaCertificateFile) || !File.Exists(broker.CaKeyFile)))
        {
            throw new CliException(
                ExitCodes.Environment,
                $"--cert needs the broker's CA ({broker.CaCertificateFile}, {broker.CaKeyFile}) and a listener with require_certificate true and use_identity_as_username true in {broker.ConfigFile} (scripts/lib.sh start_broker makes both)");
        }

        // A certificate is presented inside TLS, and the post must know the CA that signed the broker's certificate.
        var tls = request.Tls || request.ClientCertificate;
        var caFile = request.CaFile ?? (request.ClientCertificate ? broker.CaCertificateFile : null);
        var password = DeviceConfigFile.NewPassword();
        var settings = new DeviceConfigFile.Settings(
            request.PostId,
            password,
            SosPost.Protocol.Security.MessageAuth.FormatKey(SosPost.Protocol.Security.MessageAuth.DerivePostKey(master, request.PostId)),
            DeviceConfigFile.CounterStartNow(),
            board.Id,
            request.Network ?? board.Networks[0],
            request.BrokerHost,
            request.BrokerPort ?? certificateAt?.Port,
            tls,
            request.Camera,
            request.WifiSsid,
            wifiPassword,
            request.SntpServer1,
            request.SntpServer2,
            request.ClientCertificate,
            request.PasswordFallback,
            request.PasswordPort);
        var config = DeviceConfigFile.Build(settings);
        if (caFile is not null && !File.Exists(caFile))
        {
            throw new CliException(ExitCodes.InvalidInput, $"--ca: {caFile} does not exist");
        }

        if (tls && caFile is null)
        {
            throw new CliException(ExitCodes.Usage, "--tls needs --ca FILE: the broker's CA certificate (PEM) goes onto the post beside its config");
        }

        if (NanoffCommands.ImageTooLarge(request.Image) is { } tooLarge)
        {
            throw new CliException(ExitCodes.InvalidInput, $"--image: {tooLarge}: it does not fit");
        }

        var pid = broker.RunningPid();
        if (request.WaitOnline is not null && !File.Exists(broker.MonitorPasswordFile))
        {
            throw new CliException(ExitCodes.Environment, $"--wait-online watches as the broker's monitor user: {broker.MonitorPasswordFile} does not exist (scripts/lib.sh start_broker writes it)");
        }

        var checkAt = request.CheckAt is null ? broker.Listener() : ParseHostPort(request.CheckAt);
        if (checkAt is null)
        {
            throw new CliException(ExitCodes.Environment, $"{broker.ConfigFile} names no listener: give --check-at HOST:PORT");
        }

        // 2. The broker: ACL patterns, password, reload. A certificate-only post gets a new password too, which nobody is
        // given: whatever password an older board of this post holds stops working at once.
        var added = broker.EnsurePostPatterns();
        if (added > 0)
        {
            await progress.WriteLineAsync($"==> {broker.AclFile}: added {added} per-post pattern line(s)");
        }

        var replacing = broker.HasUser(request.PostId);
        await progress.WriteLineAsync($"==> {broker.PasswordFile}: {(replacing ? "replacing the password of" : "adding")} user {request.PostId}");
        await broker.SetPasswordAsync(request.PostId, password, ct);
        await progress.WriteLineAsync($"==> reloading the broker (SIGHUP to pid {pid}; it keeps running and keeps its connections)");
        await broker.ReloadAsync(pid, ct);

        // 3. The files for the technician, written once the broker knows the password.
        Directory.CreateDirectory(request.OutputDir);
        var configPath = Path.GetFullPath(Path.Combine(request.OutputDir, request.PostId + ".post.json"));
        DeviceConfigFile.Save(configPath, config);
        var certificate = request.ClientCertificate ? PostCertificate.Issue(request.PostId, broker.CaCertificateFile, broker.CaKeyFile, request.OutputDir) : null;
        var deployPath = Path.GetFullPath(Path.Combine(request.OutputDir, request.PostId + ".deploy.json"));
        await File.WriteAllTextAsync(
            deployPath,
            NanoffCommands.DeploymentFile(request.SerialPort, configPath, caFile is null ? null : Path.GetFullPath(caFile), certificate),
            ct);

        // 4. The proof: the broker accepts the new credentials and lets the post read its own command topic.
        await progress.WriteLineAsync($"==> connecting to {checkAt.Value.Host}:{checkAt.Value.Port} as {request.PostId} with the new password");
        var took = await ProveAsync(request.PostId, password, null, checkAt.Value, ct);
        if (certificate is not null)
        {
            await progress.WriteLineAsync($"==> connecting to {certificateAt!.Value.Host}:{certificateAt.Value.Port} as {request.PostId} with its new certificate (mutual TLS)");
            using var ca = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificateFromFile(broker.CaCertificateFile);
            using var client = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPemFile(certificate.Certificate, certificate.Key);
            await ProveAsync(request.PostId, null, new MqttTlsOptions { CaCertificate = ca, ClientCertificate = client }, certificateAt.Value, ct);
        }

        var login = certificate is null ? (tls ? " with TLS" : string.Empty)
            : " with its client certificate (mutual TLS)" + (request.PasswordFallback ? $", password fallback at port {request.PasswordPort ?? DeviceConfig.DefaultTlsPort}" : ", no password");
        await output.WriteLineAsync($"Post {request.PostId} provisioned on {board.Id} ({settings.Network}), broker {request.BrokerHost}:{settings.BrokerPort ?? (tls ? DeviceConfig.DefaultTlsPort : DeviceConfig.DefaultPort)}{login}.");
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  broker check : {request.PostId} connected with the new password and may read {Topics.Command(request.PostId)} ({took.TotalMilliseconds:0} ms after the reload)"));
        await output.WriteLineAsync($"  config file  : {configPath} (mode 0600)");
        if (certificate is null || request.PasswordFallback)
        {
            await output.WriteLineAsync($"  password     : {password}");
            await output.WriteLineAsync("                 shown this once; it is in the config file. Keep that file in the registry, not on a laptop.");
        }
        else
        {
            await output.WriteLineAsync($"  password     : none on the post; the broker's password for {request.PostId} is replaced by one nobody is given, so an older board's no longer works");
        }

        if (certificate is not null)
        {
            await output.WriteLineAsync($"  certificate  : {certificate.Certificate} (CN={request.PostId}, from the broker's CA; {request.PostId} connected with it at {certificateAt!.Value.Host}:{certificateAt.Value.Port})");
            await output.WriteLineAsync($"  its key      : {certificate.Key} (mode 0600)");
        }

        await output.WriteLineAsync($"  nanoff file  : {deployPath}, which puts on the board:");
        foreach (var (destination, source) in NanoffCommands.DeployedFiles(configPath, caFile is null ? null : Path.GetFullPath(caFile), certificate))
        {
            await output.WriteLineAsync($"                 {destination} <- {source}");
        }

        await output.WriteLineAsync("  flash        : not encrypted: whoever holds the board can read these files (docs/flashing.md, section 8)");
        await output.WriteLineAsync();
        await output.WriteLineAsync($"Flash the board ({board.Id}, image {board.NanoffTargets[0]}) with the board on {request.SerialPort}:");
        foreach (var (what, command) in NanoffCommands.For(board, request.SerialPort, request.Image, deployPath))
        {
            await output.WriteLineAsync($"  # {what}");
            await output.WriteLineAsync($"  {command}");
        }

        await output.WriteLineAsync();
        if (request.WaitOnline is { } deadline)
        {
            await WaitOnlineAsync(request, board, configPath, deployPath, broker, checkAt.Value, deadline, time, output, progress, ct);
        }

        await output.WriteLineAsync($"Then power it up and run: sospost test {request.PostId} --gateway URL --user USER");
        return ExitCodes.Ok;
    }

    /// <summary>After the technician flashes the board: its online status with this config's hash, or why the application did not start.</summary>
    private static async Task WaitOnlineAsync(
        Request request, BoardProfile board, string configPath, string deployPath, BrokerDirectory broker, (string Host, int Port) at, TimeSpan deadline, TimeProvider time, TextWriter output, TextWriter progress, CancellationToken ct)
    {
        var hash = SosPost.Firmware.Core.ConfigHash.Of(await File.ReadAllBytesAsync(configPath, ct));
        await progress.WriteLineAsync($"==> flash the board now (the commands above); waiting up to {deadline.TotalSeconds:0} s for {request.PostId}'s online status with config {hash}");
        var monitorPassword = (await File.ReadAllTextAsync(broker.MonitorPasswordFile, ct)).Trim();
        var outcome = await OnlineWait.RunAsync(at, BrokerDirectory.MonitorUser, monitorPassword, request.PostId, hash, deadline, time, ct);
        if (outcome.Online)
        {
            await output.WriteLineAsync($"  post online  : {request.PostId} started firmware {outcome.Firmware} with config {hash}: the application runs the file just written");
            await output.WriteLineAsync();
            return;
        }

        foreach (var line in ApplicationNotStarted.Explain(request.PostId, board, request.SerialPort, request.Image, deployPath))
        {
            await progress.WriteLineAsync(line);
        }

        throw new CliException(ExitCodes.NotRunning, $"no online status from {request.PostId} with config {hash} within {deadline.TotalSeconds:0} s (the broker holds {outcome.LastSeen}): the application did not start");
    }

    public static (string Host, int Port)? ParseHostPort(string text)
    {
        var colon = text.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(text[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            throw new CliException(ExitCodes.Usage, $"\"{text}\" is not HOST:PORT");
        }

        return (text[..colon], port);
    }

    /// <summary>Connects as the post until the reload has taken effect or <see cref="ReloadDeadline"/> passes.</summary>
    /// <remarks>With <paramref name="tls"/> carrying a client certificate there is no password: the certificate is the login.</remarks>
    private static async Task<TimeSpan> ProveAsync(string postId, string? password, MqttTlsOptions? tls, (string Host, int Port) at, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var client = new MqttClient(new MqttClientOptions
            {
                Host = at.Host,
                Port = at.Port,
                ClientId = "sospost-provision-" + postId,
                UserName = password is null ? null : postId,
                Password = password,
                Tls = tls,
                ProtocolVersion = MqttProtocolVersion.V500,
                AutoReconnect = false,
                ConnectTimeout = TimeSpan.FromSeconds(5),
            });
            await using (client)
            {
                try
                {
                    await client.ConnectAsync(ct);
                    await client.SubscribeAsync(Topics.Command(postId), MqttQos.AtLeastOnce, ct);
                    await client.DisconnectAsync(ct);
                    return clock.Elapsed;
                }
                catch (MqttConnectException e) when (e.ReasonCode is null)
                {
                    throw new CliException(ExitCodes.Unreachable, $"the broker at {at.Host}:{at.Port} does not answer: {e.Message}");
                }
                catch (MqttSubscribeRejectedException e)
                {
                    throw new CliException(ExitCodes.CheckFailed, $"the broker accepts {postId} but refuses it its own command topic (reason {e.ReasonCode}): check the ACL patterns in the broker's acl file");
                }
                catch (MqttConnectException e) when (clock.Elapsed < ReloadDeadline)
                {
                    // Refused: the broker may not have re-read its password file yet.
                    _ = e;
                    await Task.Delay(TimeSpan.FromMilliseconds(200), ct);
                }
                catch (MqttConnectException e)
                {
                    throw new CliException(ExitCodes.CheckFailed, $"the broker still refuses {postId} with the new password {ReloadDeadline.TotalSeconds:0} s after the reload (reason {e.ReasonCode}); is --broker-dir the running broker's?");
                }
            }
        }
    }
}
