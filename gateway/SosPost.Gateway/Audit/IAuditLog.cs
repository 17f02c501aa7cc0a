namespace SosPost.Gateway.Audit;

/// <summary>
/// Every operator action, who did it and when: logins (refused ones too), acknowledging and resolving
/// alarms, self-tests, dead-delivery retries, registry imports. Append-only. An interface so a shared
/// PostgreSQL store can sit beside the embedded SQLite one.
/// </summary>
public interface IAuditLog
{
    Task RecordAsync(AuditEntry entry, CancellationToken cancellationToken);

    /// <summary>The newest entries first; with <paramref name="beforeId"/>, only older ones (paging).</summary>
    Task<IReadOnlyList<AuditRecord>> ListAsync(int limit, long? beforeId, CancellationToken cancellationToken);
}

/// <summary>
/// One action. <c>UserName</c> is the logged-in user, or for a refused login the name that was typed;
/// <c>Subject</c> what it acted on (an alarm row id, post id, outbox id); <c>Detail</c> a short free text.
/// Never a password or other secret.
/// </summary>
public sealed record AuditEntry(DateTimeOffset At, string UserName, string Action, string? Subject = null, string? Detail = null);

public sealed record AuditRecord(long Id, DateTimeOffset At, string UserName, string Action, string? Subject, string? Detail);

/// <summary>The <see cref="AuditEntry.Action"/> values.</summary>
public static class AuditActions
{
    public const string Login = "login";
    public const string LoginRefused = "login-refused";

    /// <summary>A login not even checked: too many failures for the user name or from the address (LoginThrottle).</summary>
    public const string LoginThrottled = "login-throttled";
    public const string Acknowledge = "alarm-acknowledge";
    public const string Resolve = "alarm-resolve";
    public const string SelfTest = "selftest-start";
    public const string DeadLetterRetry = "dispatch-retry";
    public const string PostsImport = "posts-import";
}
