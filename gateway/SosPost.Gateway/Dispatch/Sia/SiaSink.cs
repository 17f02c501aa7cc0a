using Microsoft.Extensions.Options;

namespace SosPost.Gateway.Dispatch.Sia;

/// <summary>Forwards alarms to an alarm receiving centre as SIA DC-09 messages (the "sia" target), each with its post's account and zone.</summary>
public sealed class SiaSink(SiaClient client, IOptions<SiaOptions> options) : IDispatchSink
{
    public const string TargetName = "sia";

    private readonly Lazy<SiaPostMap> _posts = new(() => SiaPostMap.From(options.Value));

    public string Target => TargetName;

    public DispatchBackoff Backoff => new(options.Value.InitialBackoff, options.Value.MaxBackoff);

    public IReadOnlyCollection<string> Groups => options.Value.Groups;

    /// <summary>The event an alarm is coded as; null for a kind with no code.</summary>
    public static SiaEvent? EventFor(Alarms.AlarmRecord alarm) => alarm switch
    {
        { Test: true } => SiaEvent.Test,
        { Kind: "panic" } => SiaEvent.Panic,
        _ => null,
    };

    public Task<DeliveryResult> DeliverAsync(DispatchEnvelope envelope, CancellationToken cancellationToken) =>
        EventFor(envelope.Alarm) is { } value
            ? client.SendAsync(value, _posts.Value.For(envelope.Alarm.PostId), cancellationToken)
            : Task.FromResult(DeliveryResult.Rejected($"alarm kind '{envelope.Alarm.Kind}' has no SIA code"));
}
