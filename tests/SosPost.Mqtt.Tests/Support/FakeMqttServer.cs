using System.Net;
using System.Net.Sockets;

namespace SosPost.Mqtt.Tests.Support;

/// <summary>A scripted MQTT "server" on loopback: the test decides byte by byte what the client gets.</summary>
public sealed class FakeMqttServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly List<FakeConnection> _connections = [];

    public FakeMqttServer()
    {
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
    }

    public int Port { get; }

    public MqttClientOptions Options(MqttProtocolVersion version = MqttProtocolVersion.V311, int maxInFlight = 32, TimeSpan? connectTimeout = null) => new()
    {
        Host = "127.0.0.1",
        Port = Port,
        ClientId = "fake-server-client",
        ProtocolVersion = version,
        MaxInFlight = maxInFlight,
        MaxPacketSize = 65536,
        ConnectTimeout = connectTimeout ?? TimeSpan.FromSeconds(5),
        ReconnectMinDelay = TimeSpan.FromMilliseconds(50),
        ReconnectMaxDelay = TimeSpan.FromMilliseconds(200),
    };

    public async Task<FakeConnection> AcceptAsync()
    {
        var client = await _listener.AcceptTcpClientAsync(TestContext.Current.CancellationToken).AsTask().Within();
        var connection = new FakeConnection(client);
        _connections.Add(connection);
        return connection;
    }

    /// <summary>Accepts a client, reads its CONNECT and answers CONNACK accepted.</summary>
    public async Task<FakeConnection> AcceptSessionAsync(byte[]? connAck = null)
    {
        var connection = await AcceptAsync();
        await connection.ExpectAsync(1);
        await connection.SendAsync(connAck ?? [0x20, 0x02, 0x00, 0x00]);
        return connection;
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        foreach (var connection in _connections)
        {
            await connection.DisposeAsync();
        }
    }
}

public sealed record RawPacket(byte FirstByte, byte[] Body)
{
    public int Type => FirstByte >> 4;

    public ushort PacketId => (ushort)((Body[0] << 8) | Body[1]);
}

public sealed class FakeConnection(TcpClient client) : IAsyncDisposable
{
    private readonly NetworkStream _stream = client.GetStream();

    public bool HasUnreadData => _stream.DataAvailable;

    public Task SendAsync(byte[] bytes) => _stream.WriteAsync(bytes, TestContext.Current.CancellationToken).AsTask().Within();

    /// <summary>Reads packets until one of the given type arrives (PINGREQs in between are skipped).</summary>
    public async Task<RawPacket> ExpectAsync(int type)
    {
        while (true)
        {
            var packet = await ReadPacketAsync().Within();
            if (packet.Type == type)
            {
                return packet;
            }

            Assert.Equal(12, packet.Type); // only PINGREQ may come in between
        }
    }

    /// <summary>Reads the next packet whatever its type, skipping PINGREQs (which come whenever keepalive says so).</summary>
    public async Task<RawPacket> NextAsync()
    {
        while (true)
        {
            var packet = await ReadPacketAsync().Within();
            if (packet.Type != 12)
            {
                return packet;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync();
        client.Dispose();
    }

    private async Task<RawPacket> ReadPacketAsync()
    {
        var first = await ReadByteAsync();
        var length = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = await ReadByteAsync();
            length |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                break;
            }
        }

        var body = new byte[length];
        await _stream.ReadExactlyAsync(body, TestContext.Current.CancellationToken);
        return new RawPacket(first, body);
    }

    private async Task<byte> ReadByteAsync()
    {
        var one = new byte[1];
        await _stream.ReadExactlyAsync(one, TestContext.Current.CancellationToken);
        return one[0];
    }
}
