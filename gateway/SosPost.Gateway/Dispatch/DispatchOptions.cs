namespace SosPost.Gateway.Dispatch;

/// <summary><c>Gateway:Dispatch</c>: how the relay works the outbox.</summary>
public sealed class DispatchOptions : IValidatedOptions
{
    /// <summary>The relay is woken when rows are added; this slow sweep is the backstop.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Due rows taken per pass.</summary>
    public int BatchSize { get; set; } = 100;

    /// <summary>Deliveries in flight at once, so one slow target does not hold up the others.</summary>
    public int MaxParallelDeliveries { get; set; } = 8;

    /// <summary>
    /// Failed attempts after which a row is dead-lettered. With the webhook's default backoff (1 s doubling to
    /// 5 minutes) the default of 50 is about 3.5 hours of trying.
    /// </summary>
    public int MaxAttempts { get; set; } = 50;

    public IEnumerable<string> Validate()
    {
        if (MaxAttempts < 1)
        {
            yield return "MaxAttempts must be at least 1.";
        }

        if (SweepInterval <= TimeSpan.Zero || SweepInterval > TimeSpan.FromHours(1))
        {
            yield return "SweepInterval must be positive and at most 1 hour.";
        }

        if (BatchSize < 1)
        {
            yield return "BatchSize must be at least 1.";
        }

        if (MaxParallelDeliveries < 1)
        {
            yield return "MaxParallelDeliveries must be at least 1.";
        }
    }
}
