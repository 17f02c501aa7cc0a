namespace SosPost.Gateway.Dispatch;

/// <summary>The kind values of dispatch_outbox.kind: what a delivery carries.</summary>
public static class OutboxKind
{
    /// <summary>The alarm itself (with its camera picture when that was stored in time).</summary>
    public const string Alarm = "alarm";

    /// <summary>The camera picture of an alarm that was delivered without it; added only after that delivery.</summary>
    public const string Snapshot = "snapshot";

    private const string SnapshotSuffix = "/" + Snapshot;

    /// <summary>The follow-up's key: its alarm delivery's key and "/snapshot", so a receiver tells them apart and drops repeats of each.</summary>
    public static string SnapshotKey(string alarmKey) => alarmKey + SnapshotSuffix;

    /// <summary>The key of the alarm delivery a follow-up belongs to.</summary>
    public static string AlarmKeyOf(string snapshotKey) =>
        snapshotKey.EndsWith(SnapshotSuffix, StringComparison.Ordinal) ? snapshotKey[..^SnapshotSuffix.Length] : snapshotKey;
}
