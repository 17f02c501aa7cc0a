using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using SosPost.Mqtt.Packets;

namespace SosPost.Mqtt;

/// <summary>
/// One TCP (or TLS) connection after a successful CONNECT: a buffered packet reader, serialized writes and the
/// timestamps keepalive needs. It is used once: when it fails, the client opens a new one.
/// </summary>
internal sealed class MqttConnection : IAsyncDisposable
{
    private const int InitialBufferSize = 4096;

    private readonly Socket _socket;
    private readonly Stream _stream;
    private readonly TimeProvider _time;
    private readonly MqttPacketReader _reader;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly CancellationTokenSource _lifetime = new();
    private byte[] _buffer = new byte[InitialBufferSize];
    private int _start;
    private int _end;
    private long _lastSent;
    private long _lastReceived;
    private string? _failure;

    private MqttConnection(Socket socket, Stream stream, MqttClientOptions options)
    {
        _socket = socket;
        _stream = stream;
        _time = options.TimeProvider;
        _reader = new MqttPacketReader(options.ProtocolVersion, options.MaxPacketSize);
        _lastSent = _lastReceived = _time.GetTimestamp();
    }

    /// <summary>Cancelled when the connection fails or is closed.</summary>
    public CancellationToken Lifetime => _lifetime.Token;

    /// <summary>The first reason this connection was given up, if it was.</summary>
    public string? FailureReason => Volatile.Read(ref _failure);

    public long LastSent => Interlocked.Read(ref _lastSent);

    public long LastReceived => Interlocked.Read(ref _lastReceived);

    /// <summary>The server's MQTT 5 Maximum Packet Size, if it announced one.</summary>
    public uint? ServerMaximumPacketSize { get; private set; }

    /// <summary>Connects, sends CONNECT and reads the CONNACK, all within the connect timeout. A refusing CONNACK is returned, not thrown.</summary>
    public static async Task<(MqttConnection Connection, ConnAckPacket ConnAck)> OpenAsync(MqttClientOptions options, MqttLastWill? will, CancellationToken ct)
    {
        using var timeout = new CancellationTokenSource(options.ConnectTimeout, options.TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        MqttConnection? connection = null;
        try
        {
            await socket.ConnectAsync(options.Host, options.Port, linked.Token);
            Stream stream = new NetworkStream(socket, ownsSocket: true);
            if (options.Tls is { } tls)
            {
                var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
                stream = ssl;
                await ssl.AuthenticateAsClientAsync(CreateTlsOptions(options.Host, tls), linked.Token);
            }

            connection = new MqttConnection(socket, stream, options);
            await connection.WriteAsync(MqttPacketWriter.Connect(options, will), linked.Token);
            var packet = await connection.ReadPacketAsync(linked.Token);
            if (packet is not ConnAckPacket connAck)
            {
                var got = packet is null ? "the connection was closed" : $"got {packet.GetType().Name}";
                throw new MqttConnectException($"The broker at {options.Host}:{options.Port} did not answer CONNECT with CONNACK: {got}.");
            }

            connection.ServerMaximumPacketSize = connAck.MaximumPacketSize;
            return (connection, connAck);
        }
        catch (Exception e) when (e is not MqttConnectException)
        {
            await DisposeQuietlyAsync(connection, socket);
            if (e is OperationCanceledException && ct.IsCancellationRequested)
            {
                throw;
            }

            var what = e switch
            {
                OperationCanceledException => $"no CONNACK within {options.ConnectTimeout.TotalSeconds:0.###} s",
                MqttProtocolException => $"invalid answer: {e.Message}",
                AuthenticationException => $"TLS handshake failed: {e.Message}",
                _ => e.Message,
            };
            throw new MqttConnectException($"Cannot connect to the MQTT broker at {options.Host}:{options.Port}: {what}", null, e);
        }
        catch
        {
            await DisposeQuietlyAsync(connection, socket);
            throw;
        }
    }

    /// <summary>Returns the next packet, or null when the server closed the connection. Throws <see cref="MqttProtocolException"/> on bad bytes.</summary>
    public async Task<MqttPacket?> ReadPacketAsync(CancellationToken ct)
    {
        while (true)
        {
            var result = _reader.Decode(_buffer.AsSpan(_start, _end - _start));
            switch (result.Status)
            {
                case MqttDecodeStatus.Packet:
                    _start += result.Consumed;
                    return result.Packet;
                case MqttDecodeStatus.Error:
                    throw new MqttProtocolException(result.Error!);
            }

            MakeRoom(result.FrameLength);
            var read = await _stream.ReadAsync(_buffer.AsMemory(_end), ct);
            if (read == 0)
            {
                return null;
            }

            _end += read;
            Interlocked.Exchange(ref _lastReceived, _time.GetTimestamp());
        }
    }

    /// <summary>
    /// Writes one packet. The caller's token only limits waiting for the write lock: a write cut in half would
    /// corrupt the stream, so once started it ends only with the connection.
    /// </summary>
    public async Task WriteAsync(ReadOnlyMemory<byte> packet, CancellationToken ct)
    {
        await _writeLock.WaitAsync(ct);
        try
        {
            await WriteUnlockedAsync(packet);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Writes the packets <paramref name="prepare"/> returns with no other write in between; it runs under the write lock.</summary>
    public async Task WriteBatchAsync(Func<IReadOnlyList<byte[]>> prepare)
    {
        await _writeLock.WaitAsync(Lifetime);
        try
        {
            foreach (var packet in prepare())
            {
                await WriteUnlockedAsync(packet);
            }
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Gives the connection up: pending reads and writes end, the socket is closed without DISCONNECT.</summary>
    public void Fail(string reason)
    {
        if (Interlocked.CompareExchange(ref _failure, reason, null) is null)
        {
            _lifetime.Cancel();
            _socket.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        Fail("closed");
        await _stream.DisposeAsync();
    }

    private async Task WriteUnlockedAsync(ReadOnlyMemory<byte> packet)
    {
        await _stream.WriteAsync(packet, Lifetime);
        Interlocked.Exchange(ref _lastSent, _time.GetTimestamp());
    }

    /// <summary>Moves unread bytes to the front and grows the buffer to hold a whole frame (the reader caps frame size).</summary>
    private void MakeRoom(int frameLength)
    {
        var unread = _end - _start;
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, unread);
            _start = 0;
            _end = unread;
        }

        // At least one free byte, or the whole frame once its length is known.
        var needed = Math.Max(frameLength, unread + 1);
        if (needed > _buffer.Length)
        {
            Array.Resize(ref _buffer, needed);
        }
        else if (unread == 0 && _buffer.Length > InitialBufferSize)
        {
            _buffer = new byte[InitialBufferSize]; // give back the memory of a large packet
        }
    }

    private static SslClientAuthenticationOptions CreateTlsOptions(string host, MqttTlsOptions tls)
    {
        var options = new SslClientAuthenticationOptions { TargetHost = tls.TargetHost ?? host };
        if (tls.ClientCertificate is not null)
        {
            options.ClientCertificates = [tls.ClientCertificate];
        }

        if (tls.AllowUntrustedCertificates)
        {
#pragma warning disable CA5359 // only when the operator set AllowUntrustedCertificates, documented as diagnostics-only
            options.RemoteCertificateValidationCallback = (_, _, _, _) => true;
#pragma warning restore CA5359
        }
        else if (tls.CaCertificate is not null)
        {
            options.CertificateChainPolicy = new X509ChainPolicy
            {
                TrustMode = X509ChainTrustMode.CustomRootTrust,
                RevocationMode = X509RevocationMode.NoCheck,
                CustomTrustStore = { tls.CaCertificate },
            };
        }

        return options;
    }

    private static async Task DisposeQuietlyAsync(MqttConnection? connection, Socket socket)
    {
        if (connection is not null)
        {
            await connection.DisposeAsync();
        }

        socket.Dispose();
    }
}

/// <summary>The server sent bytes that are not a valid packet, or a packet it must not send.</summary>
internal sealed class MqttProtocolException(string message) : Exception(message);
