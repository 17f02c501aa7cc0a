using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace SosPost.Gateway.Http;

/// <summary>
/// The general request limit (<see cref="RateLimitOptions"/>) with ASP.NET Core rate limiting: a fixed window per
/// logged-in user chained with one per client address, so a flood is cut whether it logs in or not, and one user's
/// or address's flood leaves everyone else served. A refused request gets 429 with Retry-After (seconds), is counted
/// in <c>sospost.http.rate_limited{client}</c> and logged once per client and window.
/// </summary>
public static class RateLimits
{
    public static IServiceCollection AddRateLimits(this IServiceCollection services)
    {
        services.AddSingleton<RateLimitRejections>();
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitOptions>>((limiter, configured) =>
        {
            var options = configured.Value;
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = (rejected, cancellationToken) =>
                rejected.HttpContext.RequestServices.GetRequiredService<RateLimitRejections>().AnswerAsync(rejected, cancellationToken);
            if (options.Enabled)
            {
                limiter.GlobalLimiter = PartitionedRateLimiter.CreateChained(PerUser(options), PerAddress(options));
            }
        });
        return services;
    }

    /// <summary>After authentication (the user is a partition), before everything it guards. <c>/health</c> opts out (DisableRateLimiting).</summary>
    public static WebApplication UseRateLimits(this WebApplication app)
    {
        app.UseRateLimiter();
        return app;
    }

    private static PartitionedRateLimiter<HttpContext> PerUser(RateLimitOptions options) =>
        PartitionedRateLimiter.Create<HttpContext, string>(context => context.User.Identity is { IsAuthenticated: true, Name: { } name }
            ? RateLimitPartition.GetFixedWindowLimiter(name.ToUpperInvariant(), _ => Window(options.PerUser, options.Window))
            : RateLimitPartition.GetNoLimiter(string.Empty));

    private static PartitionedRateLimiter<HttpContext> PerAddress(RateLimitOptions options) =>
        PartitionedRateLimiter.Create<HttpContext, string>(context =>
            RateLimitPartition.GetFixedWindowLimiter(ClientAddress.TextOf(context), _ => Window(options.PerAddress, options.Window)));

    private static FixedWindowRateLimiterOptions Window(int permits, TimeSpan window) =>
        new() { PermitLimit = permits, Window = window, QueueLimit = 0, AutoReplenishment = true };
}

/// <summary>Answers, counts and logs refused requests; logs a client once per window so a flood cannot flood the log too.</summary>
internal sealed class RateLimitRejections
{
    /// <summary>Beyond this many clients remembered, those not logged within the window are forgotten.</summary>
    private const int PruneAbove = 10_000;

    private readonly Counter<long> _rejected;
    private readonly ILogger<RateLimitRejections> _logger;
    private readonly TimeProvider _time;
    private readonly IOptions<RateLimitOptions> _options;
    private readonly ConcurrentDictionary<string, DateTimeOffset> _lastLogged = new(StringComparer.Ordinal);

    public RateLimitRejections(IMeterFactory meters, ILogger<RateLimitRejections> logger, TimeProvider time, IOptions<RateLimitOptions> options)
    {
        _rejected = meters.Create(GatewayMeter.Name).CreateCounter<long>(
            "sospost.http.rate_limited", unit: "{request}", description: "HTTP requests refused by the general rate limit (429), by client: user (logged in) or anonymous");
        _logger = logger;
        _time = time;
        _options = options;
    }

    public async ValueTask AnswerAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        var wait = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : _options.Value.Window;
        var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);

        var user = context.User.Identity is { IsAuthenticated: true } identity ? identity.Name : null;
        var address = ClientAddress.TextOf(context);
        _rejected.Add(1, new KeyValuePair<string, object?>("client", user is null ? "anonymous" : "user"));
        if (ShouldLog(user is null ? "address:" + address : "user:" + user))
        {
            // The path only: a signed snapshot link carries its signature in the query.
            _logger.LogWarning(
                "Rate limit: refused {Method} {Path} of user {UserName} from {Address}, retry after {RetryAfterSeconds} s; further refusals of this client in this window are counted, not logged",
                context.Request.Method, context.Request.Path.Value, user ?? "(not logged in)", address, seconds);
        }

        await context.Response.WriteAsJsonAsync(new { error = $"too many requests: try again in {seconds} s" }, cancellationToken);
    }

    private bool ShouldLog(string client)
    {
        var now = _time.GetUtcNow();
        var window = _options.Value.Window;
        if (_lastLogged.Count > PruneAbove)
        {
            foreach (var (key, at) in _lastLogged)
            {
                if (now - at >= window)
                {
                    _lastLogged.TryRemove(key, out _);
                }
            }
        }

        if (_lastLogged.TryGetValue(client, out var last) && now - last < window)
        {
            return false;
        }

        _lastLogged[client] = now; // two refusals at once may both log: harmless
        return true;
    }
}
