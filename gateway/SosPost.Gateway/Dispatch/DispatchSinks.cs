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

    /// <summary>
    /// The targets an alarm is forwarded to: every one, except for a test alarm, which goes only to the
    /// targets that mark it as a test in their own format (<see cref="IDispatchSink.AcceptsTestAlarms"/>: CAP's
    /// status Test). Anywhere else a test alarm could be dispatched on as real; the console shows it instead.
    /// </summary>
    public IReadOnlyList<string> TargetsFor(Alarms.NewAlarm alarm) =>
        alarm.Test ? [.. _byTarget.Value.Values.Where(sink => sink.AcceptsTestAlarms).Select(sink => sink.Target)] : Targets;

    public IDispatchSink? Find(string target) => _byTarget.Value.GetValueOrDefault(target);
}
