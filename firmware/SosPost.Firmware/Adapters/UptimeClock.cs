using System;
using SosPost.Firmware.Core;

namespace SosPost.Firmware.Adapters;

/// <summary>
/// Milliseconds since the CLR started, from nanoFramework.Runtime.Native's Environment.TickCount64:
/// monotonic, unaffected by SNTP setting the wall clock, and 64-bit so it never wraps in a post's life.
/// </summary>
internal sealed class UptimeClock : IClock
{
    public long NowMs => Environment.TickCount64;
}
