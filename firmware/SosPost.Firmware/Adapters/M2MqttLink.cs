using System;
using System.Collections;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Threading;
using nanoFramework.M2Mqtt;
using nanoFramework.M2Mqtt.Messages;
using SosPost.Firmware.Core;
using SosPost.Firmware.Core.Device;

namespace SosPost.Firmware.Adapters;

/// <summary>
/// <see cref="IMqttLink"/> over nanoFramework.M2Mqtt. Connecting (DNS, TCP, TLS, CONNECT) blocks for up to
/// 30 s, so it runs on this adapter's own thread and the core's Tick never waits for it. Each attempt builds
/// a fresh client (the broker's address is resolved again, no state left from a dead connection), with a
/// persistent session and the core's latest "offline" status as last will (QoS 1, retained): the core signs a new
/// one for every connection, so a will the broker once published is never registered again. Failed attempts back
/// off exponentially with jitter, so a district of posts does not hammer a broker that just restarted.
/// Each attempt tries the post's logins in order (<see cref="BrokerLogin.Plan"/>): its client certificate over mutual
/// TLS first, its password only when the config allows that fallback, so a refused certificate never turns quietly
/// into a password login. Incoming messages wait in a bounded queue for <see cref="TryReceive"/>.
/// </summary>
internal sealed class M2MqttLink : IMqttLink
{
    private const int MaxQueuedIncoming = 32;

    // Unacknowledged QoS 1 messages M2Mqtt may hold (its default is unbounded); beyond it Publish says
    // "not accepted" and the core retries on its own schedule.
    private const int MaxInflight = 16;

    private const int FirstRetryMs = 1000;
    private const int MaxRetryMs = 60000;

    // The broker publishes the last will about 1.5 keep-alives after the post falls silent.
    private const ushort KeepAliveSeconds = 20;

    private static readonly byte[] NoPayload = new byte[0];

    private readonly BrokerLogin[] _logins;
    private readonly bool _tls;
    private readonly X509Certificate _caCertificate;
    private readonly X509Certificate _clientCertificate;
    private readonly WaitHandle _networkReady;
    private readonly ILog _log;
    private readonly object _sync = new object();
    private readonly Queue _incoming = new Queue();
    private readonly AutoResetEvent _connectionClosed = new AutoResetEvent(false);
    private readonly Random _random = new Random();

    private MqttClient _client;
    private bool _opened;
    private string _clientId;
    private string _userName;
    private string _password;
    private string _willTopic;
    private string _willMessage;

    /// <param name="logins">The logins to try on each attempt, in order; at least one.</param>
    /// <param name="caCertificate">The CA that signed the broker's certificate; null without TLS.</param>
    /// <param name="clientCertificate">The post's certificate with its key, for the certificate login; else null.</param>
    /// <param name="networkReady">Set once the network interface has an address.</param>
    public M2MqttLink(BrokerLogin[] logins, bool tls, X509Certificate caCertificate, X509Certificate clientCertificate, WaitHandle networkReady, ILog log)
    {
        _logins = logins;
        _tls = tls;
        _caCertificate = caCertificate;
        _clientCertificate = clientCertificate;
        _networkReady = networkReady;
        _log = log;
        MqttSettings.Instance.InflightQueueSize = MaxInflight;
    }

    public bool IsConnected
    {
        get
        {
            var client = Current();
            return client != null && client.IsConnected;
        }
    }

    public void Open(string clientId, string userName, string password, string willTopic, byte[] willPayload)
    {
        lock (_sync)
        {
            if (_opened)
            {
                _log.Warn("MQTT link opened twice: the second call is ignored");
                return;
            }

            _opened = true;
            _clientId = clientId;
            _userName = userName;
            _password = password;
            _willTopic = willTopic;

            // M2Mqtt takes the will as text; the core's payloads are ASCII JSON.
            _willMessage = Encoding.UTF8.GetString(willPayload, 0, willPayload.Length);
        }

        new Thread(ConnectLoop).Start();
    }

    public void SetWill(byte[] willPayload)
    {
        var text = Encoding.UTF8.GetString(willPayload, 0, willPayload.Length);
        lock (_sync)
        {
            _willMessage = text;
        }
    }

    public bool Publish(string topic, byte[] payload, bool qos1, bool retain)
    {
        var client = Current();
        if (client == null || !client.IsConnected)
        {
            return false;
        }

        try
        {
            client.Publish(topic, payload, null, null, qos1 ? MqttQoSLevel.AtLeastOnce : MqttQoSLevel.AtMostOnce, retain);
            return true;
        }
        catch (Exception e)
        {
            // In-flight queue full or the connection dropping under us: the core resends.
            _log.Warn("publish to " + topic + " not accepted: " + e.Message);
            return false;
        }
    }

    public void Subscribe(string topic)
    {
        var client = Current();
        if (client == null)
        {
            return;
        }

        try
        {
            client.Subscribe(new[] { topic }, new[] { MqttQoSLevel.AtLeastOnce });
        }
        catch (Exception e)
        {
            // The next connection subscribes again (the core subscribes on every connect).
            _log.Warn("subscribe to " + topic + " failed: " + e.Message);
        }
    }

    public bool TryReceive(out string topic, out byte[] payload)
    {
        lock (_incoming)
        {
            if (_incoming.Count > 0)
            {
                var message = (IncomingMessage)_incoming.Dequeue();
                topic = message.Topic;
                payload = message.Payload;
                return true;
            }
        }

        topic = string.Empty;
        payload = NoPayload;
        return false;
    }

    private MqttClient Current()
    {
        lock (_sync)
        {
            return _client;
        }
    }

    private void ConnectLoop()
    {
        var delayMs = FirstRetryMs;
        while (true)
        {
            try
            {
                var client = Current();
                if (client != null && client.IsConnected)
                {
                    // Woken by ConnectionClosed; the timeout also catches a drop the event missed.
                    _connectionClosed.WaitOne(5000, false);
                    continue;
                }

                if (client != null)
                {
                    _log.Warn("broker connection lost: reconnecting");
                    Drop(client);
                }

                if (!_networkReady.WaitOne(10000, false))
                {
                    continue;
                }

                if (TryConnect())
                {
                    delayMs = FirstRetryMs;
                    continue;
                }

                Thread.Sleep((delayMs / 2) + _random.Next((delayMs / 2) + 1));
                delayMs = delayMs >= MaxRetryMs / 2 ? MaxRetryMs : delayMs * 2;
            }
            catch (Exception e)
            {
                // Not expected; the loop must outlive anything, a post never gives up on its broker.
                _log.Error("MQTT connect loop: " + e.Message);
                Thread.Sleep(MaxRetryMs);
            }
        }
    }

    private bool TryConnect()
    {
        for (var i = 0; i < _logins.Length; i++)
        {
            if (TryConnect(_logins[i]))
            {
                if (i > 0)
                {
                    _log.Warn("logged in with the " + _logins[i].Describe() + " (passwordFallback): the " + _logins[0].Describe() + " failed");
                }

                return true;
            }
        }

        return false;
    }

    private bool TryConnect(BrokerLogin login)
    {
        var where = "broker " + login.Host + ":" + login.Port + " (" + (login.Certificate ? "client certificate" : "password") + ")";
        MqttClient client = null;
        string will;
        lock (_sync)
        {
            will = _willMessage;
        }

        try
        {
            // The certificate login presents the certificate and no password: the broker takes the certificate's CN as
            // the user name (use_identity_as_username), and a password login never carries the certificate.
            client = new MqttClient(login.Host, login.Port, _tls, _caCertificate, login.Certificate ? _clientCertificate : null, _tls ? MqttSslProtocols.TLSv1_2 : MqttSslProtocols.None);
            client.MqttMsgPublishReceived += OnMessage;
            client.ConnectionClosed += OnConnectionClosed;
            var code = client.Connect(
                _clientId,
                _userName,
                login.Certificate ? null : _password,
                true,
                MqttQoSLevel.AtLeastOnce,
                true,
                _willTopic,
                will,
                false,
                KeepAliveSeconds);
            if (code == MqttReasonCode.Success)
            {
                lock (_sync)
                {
                    _client = client;
                }

                _log.Info("connected to " + where);
                return true;
            }

            _log.Warn(where + " refused the connection (reason code " + (int)code + ")");
        }
        catch (Exception e)
        {
            // With a certificate this includes a TLS handshake the broker or mbedTLS refused.
            _log.Warn("cannot reach " + where + ": " + e.Message);
        }

        if (client != null)
        {
            Drop(client);
        }

        return false;
    }

    private void Drop(MqttClient client)
    {
        lock (_sync)
        {
            if (_client == client)
            {
                _client = null;
            }
        }

        client.MqttMsgPublishReceived -= OnMessage;
        client.ConnectionClosed -= OnConnectionClosed;
        try
        {
            client.Close();
        }
        catch (Exception)
        {
            // Already closed by the broker or the network: nothing left to release.
        }
    }

    private void OnConnectionClosed(object sender, EventArgs e)
    {
        _connectionClosed.Set();
    }

    // Runs on M2Mqtt's dispatch thread.
    private void OnMessage(object sender, MqttMsgPublishEventArgs e)
    {
        lock (_incoming)
        {
            if (_incoming.Count >= MaxQueuedIncoming)
            {
                _log.Warn("incoming queue full: message on " + e.Topic + " dropped");
                return;
            }

            _incoming.Enqueue(new IncomingMessage(e.Topic, e.Message));
        }
    }

    private sealed class IncomingMessage
    {
        public IncomingMessage(string topic, byte[] payload)
        {
            Topic = topic;
            Payload = payload;
        }

        public string Topic { get; }

        public byte[] Payload { get; }
    }
}
