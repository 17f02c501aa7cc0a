namespace SosPost.Firmware.Core.Tests.Simulators;

/// <summary>Monotonic milliseconds that move only when the test says so.</summary>
public sealed class FakeClock : IClock
{
    public long NowMs { get; set; }
}

/// <summary>UTC that follows a <see cref="FakeClock"/> from a fixed base once "synced".</summary>
public sealed class FakeWallClock(FakeClock clock) : IWallClock
{
    public DateTime BaseUtc { get; set; } = new(2026, 11, 22, 3, 0, 0, DateTimeKind.Utc);

    public bool IsSynced { get; set; } = true;

    public DateTime UtcNow => BaseUtc.AddMilliseconds(clock.NowMs);
}
