using System.Text;
using SosPost.Protocol;

namespace SosPost.Firmware.Core.Tests.Simulators;

/// <summary>
/// A broker connection the test drives: connect and disconnect at will, inject incoming
/// messages, inspect what the post published and subscribed.
/// </summary>
public sealed class SimulatedLink : IMqttLink
{
    private readonly Queue<(string Topic, byte[] Payload)> _incoming = new();

    public bool IsConnected { get; private set; }

    public int OpenCalls { get; private set; }

    public (string ClientId, string UserName, string Password, string WillTopic, byte[] WillPayload)? OpenedWith { get; private set; }

    /// <summary>Every publish the link accepted, in order.</summary>
    public List<Published> Published { get; } = [];

    public List<string> Subscriptions { get; } = [];

    /// <summary>When false, publishes are refused (queue full).</summary>
    public bool AcceptPublishes { get; set; } = true;

    public int RefusedPublishes { get; private set; }

    /// <summary>Runs at each accepted publish, before it is recorded (e.g. to look at the flash at that moment).</summary>
    public Action<Published>? OnPublish { get; set; }

    public void Open(string clientId, string userName, string password, string willTopic, byte[] willPayload)
    {
        OpenCalls++;
        OpenedWith = (clientId, userName, password, willTopic, willPayload);
        NextWill = willPayload;
    }

    /// <summary>The will the next connection registers (from Open, then from SetWill).</summary>
    public byte[] NextWill { get; private set; } = [];

    /// <summary>The will each connection registered, in order: what the broker would publish when it dies.</summary>
    public List<byte[]> ConnectionWills { get; } = [];

    public void Connect()
    {
        IsConnected = OpenCalls > 0 ? true : throw new InvalidOperationException("Open was not called");
        ConnectionWills.Add(NextWill);
    }

    public void SetWill(byte[] willPayload) => NextWill = willPayload;

    public void Disconnect() => IsConnected = false;

    public bool Publish(string topic, byte[] payload, bool qos1, bool retain)
    {
        if (!IsConnected || !AcceptPublishes)
        {
            RefusedPublishes++;
            return false;
        }

        var published = new Published(topic, payload, qos1, retain);
        OnPublish?.Invoke(published);
        Published.Add(published);
        return true;
    }

    public void Subscribe(string topic) => Subscriptions.Add(topic);

    public void Inject(string topic, byte[] payload) => _incoming.Enqueue((topic, payload));

    public void Inject(string topic, string json) => Inject(topic, Encoding.UTF8.GetBytes(json));

    public bool TryReceive(out string topic, out byte[] payload)
    {
        if (_incoming.TryDequeue(out var message))
        {
            (topic, payload) = message;
            return true;
        }

        topic = string.Empty;
        payload = [];
        return false;
    }

    public List<Published> On(string topic) => Published.Where(p => p.Topic == topic).ToList();

    public List<AlarmMessage> Alarms(string postId) =>
        On(Topics.Alarm(postId)).Select(p => PayloadCodec.TryDecodeAlarm(p.Payload, out var m, out var r) ? m! : throw new InvalidOperationException("bad alarm payload: " + r)).ToList();

    public List<HeartbeatMessage> Heartbeats(string postId) =>
        On(Topics.Heartbeat(postId)).Select(p => PayloadCodec.TryDecodeHeartbeat(p.Payload, out var m, out var r) ? m! : throw new InvalidOperationException("bad heartbeat payload: " + r)).ToList();

    public List<EventMessage> Events(string postId) =>
        On(Topics.Event(postId)).Select(p => PayloadCodec.TryDecodeEvent(p.Payload, out var m, out var r) ? m! : throw new InvalidOperationException("bad event payload: " + r)).ToList();

    public List<SelfTestMessage> SelfTests(string postId) =>
        On(Topics.SelfTest(postId)).Select(p => PayloadCodec.TryDecodeSelfTest(p.Payload, out var m, out var r) ? m! : throw new InvalidOperationException("bad self-test payload: " + r)).ToList();

    public List<StatusMessage> Statuses(string postId) =>
        On(Topics.Status(postId)).Select(p => PayloadCodec.TryDecodeStatus(p.Payload, out var m, out var r) ? m! : throw new InvalidOperationException("bad status payload: " + r)).ToList();
}

public sealed record Published(string Topic, byte[] Payload, bool Qos1, bool Retain);
