#nullable enable
using System;
using System.Collections;
using System.Text;
using SosPost.Firmware.Core;

namespace SosPost.Firmware.NanoTests.Simulators;

/// <summary>Called for each publish the link accepts, before it is recorded.</summary>
public delegate void PublishHook(PublishedMessage message);

/// <summary>
/// The broker connection as the test scripts it: connect and drop at will, queue messages from the
/// gateway, and read back what the post published and subscribed to.
/// </summary>
public sealed class ScriptedLink : IMqttLink
{
    private static readonly byte[] NoPayload = new byte[0];
    private readonly Queue _incoming = new Queue();

    public ScriptedLink()
    {
        Published = new ArrayList();
        Subscriptions = new ArrayList();
        AcceptPublishes = true;
    }

    public bool IsConnected { get; private set; }

    public int OpenCalls { get; private set; }

    public string OpenedClientId { get; private set; } = string.Empty;

    public string OpenedUserName { get; private set; } = string.Empty;

    public string OpenedPassword { get; private set; } = string.Empty;

    public string WillTopic { get; private set; } = string.Empty;

    /// <summary>The will the next connection registers (from Open, then from SetWill).</summary>
    public byte[] WillPayload { get; private set; } = NoPayload;

    /// <summary>The will given to Open: the first connection's.</summary>
    public byte[] OpenedWill { get; private set; } = NoPayload;

    /// <summary>The will the current (or last) connection registered: what the broker publishes if the post vanishes.</summary>
    public byte[] ConnectedWill { get; private set; } = NoPayload;

    /// <summary>Every accepted publish, in order (<see cref="PublishedMessage"/>).</summary>
    public ArrayList Published { get; }

    /// <summary>Every subscribed topic, in order (strings).</summary>
    public ArrayList Subscriptions { get; }

    /// <summary>When false, publishes are refused, as when the adapter's queue is full.</summary>
    public bool AcceptPublishes { get; set; }

    public int RefusedPublishes { get; private set; }

    /// <summary>Lets a test look at the rest of the post (e.g. its flash) at the moment of a publish.</summary>
    public PublishHook? BeforePublish { get; set; }

    public void Open(string clientId, string userName, string password, string willTopic, byte[] willPayload)
    {
        OpenCalls++;
        OpenedClientId = clientId;
        OpenedUserName = userName;
        OpenedPassword = password;
        WillTopic = willTopic;
        WillPayload = willPayload;
        OpenedWill = willPayload;
    }

    /// <exception cref="InvalidOperationException">Open was not called: a real adapter cannot connect yet.</exception>
    public void Connect()
    {
        if (OpenCalls == 0)
        {
            throw new InvalidOperationException("the post never opened the link");
        }

        IsConnected = true;
        ConnectedWill = WillPayload;
    }

    public void SetWill(byte[] willPayload) => WillPayload = willPayload;

    public void Disconnect() => IsConnected = false;

    public bool Publish(string topic, byte[] payload, bool qos1, bool retain)
    {
        if (!IsConnected || !AcceptPublishes)
        {
            RefusedPublishes++;
            return false;
        }

        var message = new PublishedMessage(topic, payload, qos1, retain);
        BeforePublish?.Invoke(message);
        Published.Add(message);
        return true;
    }

    public void Subscribe(string topic) => Subscriptions.Add(topic);

    public bool TryReceive(out string topic, out byte[] payload)
    {
        if (_incoming.Count == 0)
        {
            topic = string.Empty;
            payload = NoPayload;
            return false;
        }

        var message = (PublishedMessage)_incoming.Dequeue()!;
        topic = message.Topic;
        payload = message.Payload;
        return true;
    }

    /// <summary>Queues a message from the gateway for the post's next tick.</summary>
    public void Inject(string topic, byte[] payload) => _incoming.Enqueue(new PublishedMessage(topic, payload, true, false));

    public void Inject(string topic, string json) => Inject(topic, Encoding.UTF8.GetBytes(json));

    /// <summary>The accepted publishes on one topic, in order.</summary>
    public PublishedMessage[] On(string topic)
    {
        var found = new ArrayList();
        foreach (PublishedMessage message in Published)
        {
            if (message.Topic == topic)
            {
                found.Add(message);
            }
        }

        return (PublishedMessage[])found.ToArray(typeof(PublishedMessage));
    }
}

public sealed class PublishedMessage
{
    public PublishedMessage(string topic, byte[] payload, bool qos1, bool retain)
    {
        Topic = topic;
        Payload = payload;
        Qos1 = qos1;
        Retain = retain;
    }

    public string Topic { get; }

    public byte[] Payload { get; }

    public bool Qos1 { get; }

    public bool Retain { get; }

    public string Text => Encoding.UTF8.GetString(Payload, 0, Payload.Length);
}
