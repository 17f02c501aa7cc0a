using System.Collections.Concurrent;
using System.Diagnostics;
using SosPost.Bench.Rig;

namespace SosPost.Bench.Load;

/// <summary>
/// Mosquitto with per-post users and the product ACL, the gateway process over a fresh SQLite file with its webhook
/// pointed at a Kestrel receiver in this process, and many connected posts.
/// </summary>
internal sealed class AlarmRig : IAsyncDisposable
{
    private readonly List<LoadPost> _posts = [];
    private readonly ConcurrentDictionary<long, long> _pongs = new();

    private AlarmRig(string directory, BenchBroker broker, DispatchReceiver receiver, GatewayProcess gateway, EchoClient echo)
    {
        Directory = directory;
        Broker = broker;
        Receiver = receiver;
        Gateway = gateway;
        Echo = echo;
    }

    public string Directory { get; }

    public BenchBroker Broker { get; }

    public DispatchReceiver Receiver { get; }

    public GatewayProcess Gateway { get; }

    public EchoClient Echo { get; }

    public IReadOnlyList<LoadPost> Posts => _posts;

    public AlarmLedger Ledger { get; private set; } = new(0);

    public static async Task<AlarmRig> StartAsync(string directory, int posts)
    {
        System.IO.Directory.CreateDirectory(directory);
        var identities = PostIdentities.Create(posts);
        var gatewayPassword = Secrets.New();
        var echoPassword = Secrets.New();
        var broker = await BenchBroker.StartAsync(Path.Combine(directory, "broker"), identities.BrokerUsers(gatewayPassword, echoPassword), listeners: 1);
        DispatchReceiver? receiver = null;
        GatewayProcess? gateway = null;
        EchoClient? echo = null;
        try
        {
            receiver = await DispatchReceiver.StartAsync();
            var masterKey = PostSigner.NewMasterKey();
            gateway = await GatewayProcess.StartAsync(directory, broker, gatewayPassword, masterKey, identities.WritePostsFile(Path.Combine(directory, "posts.json")), receiver.Url);
            echo = new EchoClient(broker, echoPassword);
            await echo.StartAsync();
            return await ConnectPostsAsync(new AlarmRig(directory, broker, receiver, gateway, echo), identities, PostSigner.ParseMasterKey(masterKey));
        }
        catch
        {
            // Whatever started must not outlive a failed start (a broker left running holds its port and files).
            if (echo is not null)
            {
                await echo.DisposeAsync();
            }

            if (gateway is not null)
            {
                await gateway.DisposeAsync();
            }

            if (receiver is not null)
            {
                await receiver.DisposeAsync();
            }

            await broker.DisposeAsync();
            throw;
        }
    }

    private static async Task<AlarmRig> ConnectPostsAsync(AlarmRig rig, PostIdentities identities, byte[] masterKey)
    {
        await Parallel.ForEachAsync(identities.Ids, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (id, _) =>
        {
            var post = new LoadPost(id, identities.Passwords[id], masterKey, rig.Broker, () => rig.Ledger, rig.OnPong);
            await post.ConnectAsync();
            lock (rig._posts)
            {
                rig._posts.Add(post);
            }
        });
        return rig;
    }

    /// <summary>A fresh ledger for the next run; the posts record into the current one.</summary>
    public AlarmLedger NewLedger(int count) => Ledger = new AlarmLedger(count);

    /// <summary>
    /// The raw broker round trip at the same rate from the same posts: ping on bench/{id}/ping, the echo client
    /// answers on bench/{id}/pong; measured from the due time to the pong's arrival.
    /// </summary>
    public async Task<long[]> RoundTripsAsync(int count, double perSecond, CancellationToken ct)
    {
        _pongs.Clear();
        var due = new long[count];
        var payload = new byte[96]; // about the size of an alarm payload
        await Pacer.RunAsync(count, perSecond, (i, at) =>
        {
            due[i] = at;
            var copy = (byte[])payload.Clone();
            BitConverter.TryWriteBytes(copy, (long)i);
            _ = _posts[i % _posts.Count].PingAsync(copy);
        }, ct);
        var clock = Stopwatch.StartNew();
        while (_pongs.Count < count && clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(50, ct);
        }

        return [.. _pongs.Where(p => p.Key < count).Select(p => p.Value - due[p.Key])];
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var post in _posts)
        {
            await post.DisposeAsync();
        }

        await Echo.DisposeAsync();
        await Gateway.DisposeAsync();
        await Receiver.DisposeAsync();
        await Broker.DisposeAsync();
    }

    private void OnPong(string postId, long sequence) => _pongs.TryAdd(sequence, Stopwatch.GetTimestamp());
}
