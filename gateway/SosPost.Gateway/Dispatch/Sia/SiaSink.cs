using Microsoft.Extensions.Options;

namespace SosPost.Gateway.Dispatch.Sia;

/// <summary>Forwards alarms to an alarm receiving centre as SIA DC-09 messages (the "sia" target).</summary>
public sealed class SiaSink(SiaClient client, IOptions<SiaOptions> options) : IDispatchSink
{
    public const string TargetName = "sia";

    public string Target => TargetName;

    public DispatchBackoff Backoff => new(options.Value.InitialBackoff, options.Value.MaxBackoff);

    /// <summary>The event an alarm is coded as; null for a kind with no code.</summary>
    public static SiaEvent? EventFor(Alarms.AlarmRecord alarm) => alarm switch
    {
        { Test: true } => SiaEvent.Test,
        { Kind: "panic" } => SiaEvent.Panic,
        _ => null,
    };

    public Task<DeliveryResult> DeliverAsync(DispatchEnvelope envelope, CancellationToken cancellationToken) =>
        EventFor(envelope.Alarm) is { } value
            ? client.SendAsync(value, cancellationToken)
            : Task.FromResult(DeliveryResult.Rejected($"alarm kind '{envelope.Alarm.Kind}' has no SIA code"));
}
