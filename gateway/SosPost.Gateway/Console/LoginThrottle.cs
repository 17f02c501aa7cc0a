using System.Diagnostics.Metrics;

namespace SosPost.Gateway.Console;

/// <summary>
/// Slows password guessing: after <see cref="MaxFailures"/> failed logins within <see cref="Window"/> for one user
/// name, or from one client address, further attempts for it are refused (429) until the oldest failure is older
/// than the window. Counted in <c>sospost.console.login.failures{reason}</c>.
/// </summary>
/// <remarks>
/// Both keys are needed: per user name stops a botnet guessing one account from many addresses, per address stops
/// one machine trying many names. The failures are kept in the store (<see cref="ILoginFailureStore"/>), so gateways
/// sharing a PostgreSQL database share one count, and a restart does not reset it.
/// </remarks>
public sealed class LoginThrottle
{
    public const int MaxFailures = 5;

    public static readonly TimeSpan Window = TimeSpan.FromMinutes(15);

    /// <summary>A typed user name can be anything; its key is kept to a bounded length.</summary>
    private const int MaxKeyLength = 300;

    private readonly ILoginFailureStore _store;
    private readonly TimeProvider _time;
    private readonly Counter<long> _failures;

    public LoginThrottle(ILoginFailureStore store, TimeProvider time, IMeterFactory meters)
    {
        _store = store;
        _time = time;
        _failures = meters.Create(GatewayMeter.Name).CreateCounter<long>(
            "sospost.console.login.failures", unit: "{login}", description: "Refused console logins, by reason: wrong (user name or password) or throttled (too many failures)");
    }

    /// <summary>How long the caller must wait before trying again, or null when it may try now.</summary>
    public async Task<TimeSpan?> RetryAfterAsync(string userName, string address, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var wait = Max(await WaitAsync(UserKey(userName), now, cancellationToken), await WaitAsync(AddressKey(address), now, cancellationToken));
        if (wait is not null)
        {
            _failures.Add(1, new KeyValuePair<string, object?>("reason", "throttled"));
        }

        return wait;
    }

    public async Task FailedAsync(string userName, string address, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        _failures.Add(1, new KeyValuePair<string, object?>("reason", "wrong"));
        await _store.RecordAsync([UserKey(userName), AddressKey(address)], now, now - Window, cancellationToken);
    }

    /// <summary>A correct password clears the user name's failures; the address keeps its own, so one known login cannot reset guessing at others.</summary>
    public Task SucceededAsync(string userName, CancellationToken cancellationToken) => _store.ForgetAsync(UserKey(userName), cancellationToken);

    private static string UserKey(string userName) => Bounded("user:" + userName.ToUpperInvariant());

    private static string AddressKey(string address) => Bounded("address:" + address);

    private static string Bounded(string key) => key.Length > MaxKeyLength ? key[..MaxKeyLength] : key;

    private static TimeSpan? Max(TimeSpan? a, TimeSpan? b) => a is null ? b : b is null ? a : a > b ? a : b;

    private async Task<TimeSpan?> WaitAsync(string key, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // A failure counts while it is younger than the window; free again once the MaxFailures-th newest ages out.
        var recent = await _store.RecentAsync(key, now - Window, MaxFailures, cancellationToken);
        return recent.Count < MaxFailures ? null : recent[MaxFailures - 1] + Window - now;
    }
}
