using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace SosPost.Testing;

/// <summary>
/// A TCP relay on a free loopback port in front of a real server (the broker), that a test can cut off:
/// <see cref="Partition"/> blackholes every byte both ways, on open connections and on new ones, the way a
/// dead radio link or a broken route looks to both ends (no FIN, no RST, just silence). <see cref="Heal"/>
/// forwards again; a connection that lost bytes is reset then, because its stream has a hole in it and
/// could never carry a whole packet again, as when a long outage made TCP give up.
/// </summary>
public sealed class TcpProxy : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly string _targetHost;
    private readonly int _targetPort;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<Link, byte> _links = new();
    private readonly Task _accepting;
    private volatile bool _partitioned;
    private long _bytesDropped;
    private int _accepted;

    private TcpProxy(string targetHost, int targetPort)
    {
        _targetHost = targetHost;
        _targetPort = targetPort;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        _accepting = AcceptLoopAsync(_stopping.Token);
    }

    public string Host => "127.0.0.1";

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public bool IsPartitioned => _partitioned;

    /// <summary>Connections taken so far, forwarded or blackholed.</summary>
    public int ConnectionsAccepted => Volatile.Read(ref _accepted);

    /// <summary>Bytes thrown away while partitioned: proof the partition really cut something.</summary>
    public long BytesDropped => Interlocked.Read(ref _bytesDropped);

    public static TcpProxy Start(string targetHost, int targetPort) => new(targetHost, targetPort);

    public void Partition() => _partitioned = true;

    /// <summary>Forwards again; resets the connections that lost bytes (their peers reconnect).</summary>
    public void Heal()
    {
        _partitioned = false;
        foreach (var link in _links.Keys.Where(l => l.LostBytes))
        {
            link.Reset();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        foreach (var link in _links.Keys)
        {
            link.Reset();
        }

        try
        {
            await _accepting;
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }

        _stopping.Dispose();
    }

    private async Task AcceptLoopAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync(ct);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            Interlocked.Increment(ref _accepted);
            _ = RelayAsync(client, ct);
        }
    }

    private async Task RelayAsync(Socket client, CancellationToken ct)
    {
        var server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        client.NoDelay = true;
        var link = new Link(client, server);
        _links[link] = 0;
        try
        {
            await server.ConnectAsync(_targetHost, _targetPort, ct);
            await Task.WhenAny(PumpAsync(link, client, server, ct), PumpAsync(link, server, client, ct));
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The server refused, or the proxy stops: the client sees its connection close.
        }
        finally
        {
            _links.TryRemove(link, out _);
            link.Close();
        }
    }

    private async Task PumpAsync(Link link, Socket from, Socket to, CancellationToken ct)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None, ct);
                if (read == 0)
                {
                    return;
                }

                if (_partitioned || link.LostBytes)
                {
                    link.LostBytes = true;
                    Interlocked.Add(ref _bytesDropped, read);
                    continue;
                }

                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, ct);
            }
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // One side went away (or was reset by Heal): the relay closes the other.
        }
    }

    private sealed class Link(Socket client, Socket server)
    {
        private volatile bool _lostBytes;

        public bool LostBytes
        {
            get => _lostBytes;
            set => _lostBytes = value;
        }

        /// <summary>RST both ways (linger 0), so neither peer waits for a goodbye.</summary>
        public void Reset()
        {
            foreach (var socket in new[] { client, server })
            {
                try
                {
                    socket.LingerState = new LingerOption(enable: true, seconds: 0);
                    socket.Close();
                }
                catch (Exception e) when (e is SocketException or ObjectDisposedException)
                {
                    // Already closed.
                }
            }
        }

        public void Close()
        {
            client.Dispose();
            server.Dispose();
        }
    }
}
