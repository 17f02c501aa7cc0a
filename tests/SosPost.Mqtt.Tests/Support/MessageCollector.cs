using System.Collections.Concurrent;
using System.Text;
using SosPost.Testing;

namespace SosPost.Mqtt.Tests.Support;

/// <summary>Records what a client receives, for assertions and for waiting on a count.</summary>
public sealed class MessageCollector
{
    private readonly ConcurrentQueue<MqttMessage> _messages = new();

    public MessageCollector(MqttClient client)
    {
        client.MessageReceived = (message, _) =>
        {
            // The payload is owned by the message, but copy anyway so the assertion never depends on that.
            _messages.Enqueue(message with { Payload = message.Payload.ToArray() });
            return Task.CompletedTask;
        };
    }

    public IReadOnlyList<MqttMessage> Messages => [.. _messages];

    public IReadOnlyList<string> Texts => [.. _messages.Select(m => Encoding.UTF8.GetString(m.Payload.Span))];

    public Task WaitForCountAsync(int count, string what, TimeSpan? timeout = null) =>
        Eventually.WaitUntilAsync(
            () => _messages.Count >= count,
            timeout ?? TimeSpan.FromSeconds(15),
            $"{count} {what} arrived (so far {_messages.Count})",
            TestContext.Current.CancellationToken);

    public Task WaitForTextAsync(string text, TimeSpan? timeout = null) =>
        Eventually.WaitUntilAsync(
            () => Texts.Contains(text),
            timeout ?? TimeSpan.FromSeconds(15),
            $"the message '{text}' arrived",
            TestContext.Current.CancellationToken);
}
