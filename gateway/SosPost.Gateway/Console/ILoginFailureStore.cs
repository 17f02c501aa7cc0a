namespace SosPost.Gateway.Console;

/// <summary>
/// Failed console logins by throttle key (a user name or a client address), in the store every gateway shares, so
/// the login limit holds across several gateways and across a restart.
/// </summary>
public interface ILoginFailureStore
{
    /// <summary>Records one failure at <paramref name="at"/> under each key, and forgets every failure older than <paramref name="forgetBefore"/>.</summary>
    Task RecordAsync(IReadOnlyCollection<string> keys, DateTimeOffset at, DateTimeOffset forgetBefore, CancellationToken cancellationToken);

    /// <summary>When the newest failures of the key after <paramref name="since"/> happened, newest first, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<DateTimeOffset>> RecentAsync(string key, DateTimeOffset since, int limit, CancellationToken cancellationToken);

    /// <summary>Forgets every failure of the key.</summary>
    Task ForgetAsync(string key, CancellationToken cancellationToken);
}
