using SosPost.Gateway.Registry;

namespace SosPost.Gateway.Dispatch;

/// <summary>The configured dispatch targets. Each alarm gets one outbox row per target that serves it.</summary>
/// <remarks>
/// The sinks are enumerated on first use, so a deferred sequence can wait for validated options
/// (see <see cref="Intake.GatewayMqtt"/> for why). <paramref name="registry"/> gives an alarm's post its group;
/// without one every alarm is of <see cref="Post.DefaultGroup"/>.
/// </remarks>
public sealed class DispatchSinks(IEnumerable<IDispatchSink> sinks, IPostRegistry? registry = null)
{
    private readonly Lazy<Dictionary<string, IDispatchSink>> _byTarget = new(() => sinks.ToDictionary(sink => sink.Target, StringComparer.Ordinal));

    public IReadOnlyList<string> Targets => [.. _byTarget.Value.Keys];

    /// <summary>The sinks, in configuration order.</summary>
    public IReadOnlyCollection<IDispatchSink> All => _byTarget.Value.Values;

    /// <summary>
    /// The targets an alarm is forwarded to: those serving its post's group (<see cref="IDispatchSink.Groups"/>,
    /// empty serves every group). A test alarm goes only to the targets that mark it as a test in their own
    /// format (<see cref="IDispatchSink.AcceptsTestAlarms"/>: CAP's status Test). Anywhere else a test alarm could
    /// be dispatched on as real; the console shows it instead.
    /// </summary>
    public IReadOnlyList<string> TargetsFor(Alarms.NewAlarm alarm) =>
        TargetsFor(alarm, registry?.Find(alarm.PostId)?.Group ?? Post.DefaultGroup);

    /// <inheritdoc cref="TargetsFor(Alarms.NewAlarm)"/>
    public IReadOnlyList<string> TargetsFor(Alarms.NewAlarm alarm, string group) =>
        [.. _byTarget.Value.Values
            .Where(sink => !sink.EscalationOnly && Serves(sink, group) && (!alarm.Test || sink.AcceptsTestAlarms))
            .Select(sink => sink.Target)];

    public IDispatchSink? Find(string target) => _byTarget.Value.GetValueOrDefault(target);

    /// <summary>True when <paramref name="sink"/> takes alarms of posts in <paramref name="group"/>.</summary>
    public static bool Serves(IDispatchSink sink, string group) =>
        sink.Groups.Count == 0 || sink.Groups.Contains(group, StringComparer.Ordinal);
}
