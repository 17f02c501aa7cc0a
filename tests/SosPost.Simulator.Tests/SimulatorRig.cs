using System.Collections.Concurrent;
using System.Globalization;
using SosPost.Mqtt;
using SosPost.Protocol;
using SosPost.Simulator.Control;
using SosPost.Simulator.Hosting;
using SosPost.Testing;

namespace SosPost.Simulator.Tests;

/// <summary>
/// A real Mosquitto, a gateway stand-in on it, and the simulator's own command line run in-process
/// (the "run" command on a background task, "press" and "status" as a user would call them).
/// </summary>
internal sealed class SimulatorRig : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("sospost-sim-");
    private readonly ConcurrentQueue<(string Topic, byte[] Payload, bool Retain)> _seen = new();
    private MosquittoBroker? _broker;
    private MqttClient? _gateway;
    private CancellationTokenSource? _running;
    private Task<int>? _run;

    public static readonly string[] PostIds = ["MHC-001", "MHC-002"];

    public int ControlPort { get; } = FreePort.Next();

    public string StateDir => Path.Combine(_dir.FullName, "state");

    /// <summary>The run command's stdout (beacon lines).</summary>
    public TextWriter Output { get; private set; } = TextWriter.Null;

    public string OutputText => Output.ToString() ?? string.Empty;

    /// <summary>When set, the gateway stand-in answers every alarm with this state.</summary>
    public AlarmState? AutoAnswer { get; set; }

    public string PostsPath => Path.Combine(_dir.FullName, "posts.json");

    public string CredentialsPath => Path.Combine(_dir.FullName, "credentials.json");

    public string Broker => _broker!.Host + ":" + _broker.Port.ToString(CultureInfo.InvariantCulture);

    /// <summary>The broker's TLS listener for password logins (with <c>mutualTls</c>).</summary>
    public string TlsBroker => _broker!.Host + ":" + _broker.TlsPort.ToString(CultureInfo.InvariantCulture);

    /// <summary>The broker's mutual-TLS listener: require_certificate, use_identity_as_username (with <c>mutualTls</c>).</summary>
    public string CertificateBroker => _broker!.Host + ":" + _broker.CertificatePort.ToString(CultureInfo.InvariantCulture);

    public string CaPath => _broker!.CaCertificatePath!;

    public string Folder => _dir.FullName;

    /// <summary>The broker's log so far: its connections, with the user name each client got.</summary>
    public string BrokerLog => _broker!.LogText();

    /// <param name="ct">Cancels the start.</param>
    /// <param name="mutualTls">Also a TLS listener and a mutual-TLS listener, as scripts/lib.sh starts the broker.</param>
    public static async Task<SimulatorRig> StartAsync(CancellationToken ct, bool mutualTls = false)
    {
        var rig = new SimulatorRig();
        var options = new MosquittoBrokerOptions { Tls = mutualTls, CertificateLogins = mutualTls }.AddUser("gateway", "gw-secret");
        var credentials = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var id in PostIds)
        {
            options.AddUser(id, "pw-" + id);
            credentials[id] = "pw-" + id;
        }

        await File.WriteAllTextAsync(rig.PostsPath, "{\"posts\":[" + string.Join(",", PostIds.Select(id => "{\"id\":\"" + id + "\",\"name\":\"test\",\"latitude\":13.5,\"longitude\":100.2,\"address\":\"a\",\"station\":\"s\"}")) + "]}", ct);
        await File.WriteAllTextAsync(rig.CredentialsPath, System.Text.Json.JsonSerializer.Serialize(TestKeys.Credentials(credentials)), ct);
        rig._broker = await MosquittoBroker.StartAsync(options, ct);
        rig._gateway = new MqttClient(new MqttClientOptions { Host = rig._broker.Host, Port = rig._broker.Port, ClientId = "gateway-test", UserName = "gateway", Password = "gw-secret" });
        rig._gateway.MessageReceived = rig.OnGatewayMessageAsync;
        await rig._gateway.ConnectAsync(ct);
        await rig._gateway.SubscribeAsync("sos/v1/+/alarm", MqttQos.AtLeastOnce, ct);
        await rig._gateway.SubscribeAsync("sos/v1/+/status", MqttQos.AtLeastOnce, ct);
        await rig._gateway.SubscribeAsync("sos/v1/+/event", MqttQos.AtLeastOnce, ct);
        return rig;
    }

    /// <summary>The run command's stderr (its start line and refusals).</summary>
    public TextWriter Error { get; private set; } = TextWriter.Null;

    /// <summary>Replaces the credentials file: post id to its entry (password, key, clientCert, clientKey, passwordFallback).</summary>
    public Task WriteCredentialsAsync(Dictionary<string, Dictionary<string, object>> entries, CancellationToken ct) =>
        File.WriteAllTextAsync(CredentialsPath, System.Text.Json.JsonSerializer.Serialize(entries), ct);

    /// <summary>Starts "run" and waits until every post is connected.</summary>
    public Task StartSimulatorAsync(bool withStateDir, CancellationToken ct) => StartSimulatorAsync(withStateDir, ct, [], waitConnected: true);

    /// <summary>
    /// Starts "run" with <paramref name="extraArgs"/> (a later "--broker" replaces the plain listener) and waits until
    /// every post is connected, or, without <paramref name="waitConnected"/>, until the control endpoint answers.
    /// </summary>
    public async Task StartSimulatorAsync(bool withStateDir, CancellationToken ct, string[] extraArgs, bool waitConnected)
    {
        Output = new LockedStringWriter();
        Error = new LockedStringWriter();
        _running = new CancellationTokenSource();
        List<string> args = ["run", "--posts", PostsPath, "--credentials", CredentialsPath, "--control-port", ControlPort.ToString(CultureInfo.InvariantCulture)];
        if (!extraArgs.Contains("--broker"))
        {
            args.AddRange(["--broker", Broker]);
        }

        args.AddRange(extraArgs);
        if (withStateDir)
        {
            args.AddRange(["--state-dir", StateDir]);
        }

        _run = Task.Run(() => Cli.RunAsync([.. args], Output, Error, _running.Token), ct);
        using var control = new ControlClient(ControlPort);
        await Eventually.WaitUntilAsync(
            async () =>
            {
                if (_run.IsCompleted)
                {
                    throw new InvalidOperationException("run ended early with exit code " + await _run);
                }

                try
                {
                    var all = await control.GetAllAsync(ct);
                    return all.Count == PostIds.Length && (!waitConnected || all.All(p => p.Connected));
                }
                catch (HttpRequestException)
                {
                    return false;
                }
            },
            Timeout,
            waitConnected ? "the simulator serves its control endpoint and every post is connected" : "the simulator serves its control endpoint",
            ct);
    }

    /// <summary>Ends "run" as Ctrl+C would; returns its exit code.</summary>
    public async Task<int> StopSimulatorAsync()
    {
        await _running!.CancelAsync();
        var code = await _run!.WaitAsync(Timeout);
        _running.Dispose();
        _running = null;
        return code;
    }

    /// <summary>Runs a short-lived command (press, status) against this simulator.</summary>
    public async Task<(int Code, string Output, string Error)> CliAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await Cli.RunAsync([.. args, "--control-port", ControlPort.ToString(CultureInfo.InvariantCulture)], output, error, CancellationToken.None);
        return (code, output.ToString(), error.ToString());
    }

    public async Task<PostStatus> StatusAsync(string postId, CancellationToken ct)
    {
        using var control = new ControlClient(ControlPort);
        return await control.GetAsync(postId, ct) ?? throw new InvalidOperationException("no post " + postId);
    }

    /// <summary>Waits for the control endpoint's status of the post to satisfy <paramref name="condition"/>.</summary>
    public async Task<PostStatus> WaitForStatusAsync(string postId, Func<PostStatus, bool> condition, TimeSpan timeout, string because, CancellationToken ct)
    {
        PostStatus? last = null;
        await Eventually.WaitUntilAsync(async () => condition(last = await StatusAsync(postId, ct)), timeout, because, ct);
        return last!;
    }

    public Task WaitForBeaconAsync(string postId, string beacon, CancellationToken ct) =>
        Eventually.WaitUntilAsync(async () => (await StatusAsync(postId, ct)).Beacon == beacon, Timeout, postId + " shows " + beacon, ct);

    public List<AlarmMessage> AlarmsOf(string postId) =>
        [.. _seen.Where(m => m.Topic == Topics.Alarm(postId)).Select(m => PayloadCodec.TryDecodeAlarm(m.Payload, out var a, out _) ? a! : throw new InvalidOperationException("bad alarm"))];

    public List<StatusMessage> StatusesOf(string postId) =>
        [.. _seen.Where(m => m.Topic == Topics.Status(postId)).Select(m => PayloadCodec.TryDecodeStatus(m.Payload, out var s, out _) ? s! : throw new InvalidOperationException("bad status"))];

    /// <summary>Trouble events as the gateway received them (re-sends included), each acknowledged on arrival.</summary>
    public List<EventMessage> EventsOf(string postId) =>
        [.. _seen.Where(m => m.Topic == Topics.Event(postId)).Select(m => PayloadCodec.TryDecodeEvent(m.Payload, out var e, out _) ? e! : throw new InvalidOperationException("bad event"))];

    public Task AnswerAsync(string postId, long alarmId, AlarmState state, CancellationToken ct) =>
        _gateway!.PublishAsync(
            Topics.AlarmState(postId),
            TestKeys.Sign(postId, Topics.AlarmState(postId), PayloadCodec.Encode(new AlarmStateMessage { AlarmId = alarmId, State = state, At = DateTime.UtcNow })),
            MqttQos.AtLeastOnce,
            retain: false,
            ct);

    public async ValueTask DisposeAsync()
    {
        if (_running is not null)
        {
            await StopSimulatorAsync();
        }

        if (_gateway is not null)
        {
            await _gateway.DisposeAsync();
        }

        if (_broker is not null)
        {
            await _broker.DisposeAsync();
        }

        _dir.Delete(recursive: true);
    }

    private async Task OnGatewayMessageAsync(MqttMessage message, CancellationToken ct)
    {
        var payload = message.Payload.ToArray();
        _seen.Enqueue((message.Topic, payload, message.Retain));
        if (AutoAnswer is { } state && Topics.TryParse(message.Topic, out var postId, out var kind) && kind == TopicKind.Alarm
            && PayloadCodec.TryDecodeAlarm(payload, out var alarm, out _))
        {
            await AnswerAsync(postId, alarm!.AlarmId, state, ct);
        }

        // The gateway acknowledges every trouble event it stores, as the real one does.
        if (Topics.TryParse(message.Topic, out var eventPostId, out var eventKind) && eventKind == TopicKind.Event
            && PayloadCodec.TryDecodeEvent(payload, out var trouble, out _))
        {
            await _gateway!.PublishAsync(
                Topics.EventAck(eventPostId),
                TestKeys.Sign(eventPostId, Topics.EventAck(eventPostId), PayloadCodec.Encode(new EventAckMessage { EventId = trouble!.EventId })),
                MqttQos.AtLeastOnce,
                retain: false,
                ct);
        }
    }
}
