using System;

namespace SosPost.Firmware.Core;

/// <summary>UTC from SNTP or similar; only meaningful once <see cref="IsSynced"/>.</summary>
public interface IWallClock
{
    bool IsSynced { get; }

    DateTime UtcNow { get; }
}
