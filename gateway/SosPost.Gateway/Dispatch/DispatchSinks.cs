namespace SosPost.Gateway.Dispatch;

/// <summary>The configured dispatch targets. Each alarm gets one outbox row per target listed here.</summary>
public sealed class DispatchSinks
{
    private readonly Dictionary<string, IDispatchSink> _byTarget;

    public DispatchSinks(IEnumerable<IDispatchSink> sinks)
    {
        _byTarget = sinks.ToDictionary(sink => sink.Target, StringComparer.Ordinal);
        Targets = [.. _byTarget.Keys];
    }

    public IReadOnlyList<string> Targets { get; }

    public IDispatchSink? Find(string target) => _byTarget.GetValueOrDefault(target);
}
