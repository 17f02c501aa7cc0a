using System.Diagnostics.Metrics;

namespace SosPost.Gateway.Console;

/// <summary>
/// Slows password guessing: after <see cref="MaxFailures"/> failed logins within <see cref="Window"/> for one user
/// name, or from one client address, further attempts for it are refused (429) until the oldest failure is older
/// than the window. Counted in <c>sospost.console.login.failures{reason}</c>.
/// </summary>
/// <remarks>
/// Both keys are needed: per user name stops a botnet guessing one account from many addresses, per address stops
/// one machine trying many names. In memory: a restart forgets, which is acceptable for a limit measured in minutes.
/// </remarks>
public sealed class LoginThrottle
{
    public const int MaxFailures = 5;

    public static readonly TimeSpan Window = TimeSpan.FromMinutes(15);

    /// <summary>Beyond this many keys, expired ones are dropped so a flood of made-up names cannot grow memory without bound.</summary>
    private const int PruneAbove = 10_000;

    private readonly TimeProvider _time;
    private readonly Counter<long> _failures;
    private readonly Dictionary<string, Queue<DateTimeOffset>> _recent = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public LoginThrottle(TimeProvider time, IMeterFactory meters)
    {
        _time = time;
        _failures = meters.Create(GatewayMeter.Name).CreateCounter<long>(
            "sospost.console.login.failures", unit: "{login}", description: "Refused console logins, by reason: wrong (user name or password) or throttled (too many failures)");
    }

    /// <summary>How long the caller must wait before trying again, or null when it may try now.</summary>
    public TimeSpan? RetryAfter(string userName, string address)
    {
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            var wait = Max(Wait(UserKey(userName), now), Wait(AddressKey(address), now));
            if (wait is not null)
            {
                _failures.Add(1, new KeyValuePair<string, object?>("reason", "throttled"));
            }

            return wait;
        }
    }

    public void Failed(string userName, string address)
    {
        var now = _time.GetUtcNow();
        _failures.Add(1, new KeyValuePair<string, object?>("reason", "wrong"));
        lock (_gate)
        {
            if (_recent.Count > PruneAbove)
            {
                foreach (var key in _recent.Where(k => Expire(k.Value, now) == 0).Select(k => k.Key).ToList())
                {
                    _recent.Remove(key);
                }
            }

            Record(UserKey(userName), now);
            Record(AddressKey(address), now);
        }
    }

    /// <summary>A correct password clears the user name's failures; the address keeps its own, so one known login cannot reset guessing at others.</summary>
    public void Succeeded(string userName)
    {
        lock (_gate)
        {
            _recent.Remove(UserKey(userName));
        }
    }

    private static string UserKey(string userName) => "user:" + userName.ToUpperInvariant();

    private static string AddressKey(string address) => "address:" + address;

    private static TimeSpan? Max(TimeSpan? a, TimeSpan? b) => a is null ? b : b is null ? a : a > b ? a : b;

    private static int Expire(Queue<DateTimeOffset> failures, DateTimeOffset now)
    {
        while (failures.Count > 0 && now - failures.Peek() >= Window)
        {
            failures.Dequeue();
        }

        return failures.Count;
    }

    private TimeSpan? Wait(string key, DateTimeOffset now)
    {
        if (!_recent.TryGetValue(key, out var failures) || Expire(failures, now) < MaxFailures)
        {
            return null;
        }

        // Free again once enough failures have aged out of the window to leave room for one more.
        return failures.ElementAt(failures.Count - MaxFailures) + Window - now;
    }

    private void Record(string key, DateTimeOffset now)
    {
        if (!_recent.TryGetValue(key, out var failures))
        {
            _recent[key] = failures = new Queue<DateTimeOffset>();
        }

        Expire(failures, now);
        failures.Enqueue(now);

        // Only the newest MaxFailures matter for the wait; older ones are dropped so a key's memory stays small.
        while (failures.Count > MaxFailures)
        {
            failures.Dequeue();
        }
    }
}
