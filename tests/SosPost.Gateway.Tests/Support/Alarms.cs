using SosPost.Gateway.Alarms;

namespace SosPost.Gateway.Tests.Support;

public static class TestAlarms
{
    public static readonly DateTimeOffset PressedAt = new(2026, 11, 22, 3, 15, 42, 120, TimeSpan.Zero);
    public static readonly DateTimeOffset ReceivedAt = new(2026, 11, 22, 3, 15, 42, 180, TimeSpan.Zero);

    /// <summary>The alarm of docs/protocol.md's first example, as intake records it.</summary>
    public static NewAlarm Market42(int presses = 1) =>
        new("MHC-001", 42, "panic", false, presses, 5234119, PressedAt, null, true, ReceivedAt);
}
