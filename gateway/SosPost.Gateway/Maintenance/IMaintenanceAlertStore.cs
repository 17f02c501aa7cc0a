namespace SosPost.Gateway.Maintenance;

/// <summary>Durable maintenance alerts: a post's trouble or offline spell, from its raise to its clear.</summary>
public interface IMaintenanceAlertStore
{
    /// <summary>Raises an alert unless one of this post and type is open; returns the new alert, or null.</summary>
    Task<MaintenanceAlert?> RaiseAsync(NewMaintenanceAlert alert, CancellationToken cancellationToken);

    /// <summary>Clears the open alert of this post and type; returns it cleared, or null when none was open.</summary>
    Task<MaintenanceAlert?> ClearAsync(string postId, string type, string clearedBy, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Alerts newest raised first; only the open ones when <paramref name="openOnly"/>.</summary>
    Task<IReadOnlyList<MaintenanceAlert>> ListAsync(bool openOnly, int limit, CancellationToken cancellationToken);
}

/// <summary>
/// One alert. <c>Type</c> is the trouble type (<c>tamper</c>, <c>mains</c>, ...) or <c>offline</c>; <c>Source</c>
/// what raised it: <c>event:{eventId}</c>, <c>last-will</c> or <c>supervision</c> (missed heartbeats);
/// <c>ClearedBy</c> what cleared it: <c>event:{eventId}</c> or <c>post-heard</c>.
/// </summary>
public sealed record MaintenanceAlert(
    long Id,
    string PostId,
    string Type,
    string Source,
    DateTimeOffset RaisedAt,
    DateTimeOffset? ClearedAt,
    string? ClearedBy);

public sealed record NewMaintenanceAlert(string PostId, string Type, string Source, DateTimeOffset RaisedAt);

public static class MaintenanceAlertType
{
    /// <summary>The post is offline (last will or missed heartbeats); any trouble type is an alert type too.</summary>
    public const string Offline = "offline";
}

public static class MaintenanceAlertSource
{
    public const string Supervision = "supervision";

    public const string PostHeard = "post-heard";

    public static string Event(long eventId) => $"event:{eventId.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
}
