namespace SosPost.Gateway.Dispatch;

/// <summary>The configured dispatch targets. Each alarm gets one outbox row per target listed here.</summary>
/// <remarks>
/// The sinks are enumerated on first use, so a deferred sequence can wait for validated options
/// (see <see cref="Intake.GatewayMqtt"/> for why).
/// </remarks>
public sealed class DispatchSinks(IEnumerable<IDispatchSink> sinks)
{
    private readonly Lazy<Dictionary<string, IDispatchSink>> _byTarget = new(() => sinks.ToDictionary(sink => sink.Target, StringComparer.Ordinal));

    public IReadOnlyList<string> Targets => [.. _byTarget.Value.Keys];

    public IDispatchSink? Find(string target) => _byTarget.Value.GetValueOrDefault(target);
}
