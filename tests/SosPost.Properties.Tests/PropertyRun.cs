using System.Diagnostics;
using System.Globalization;
using FsCheck;
using FsCheck.Fluent;

namespace SosPost.Properties.Tests;

/// <summary>
/// Runs FsCheck properties from plain xunit facts: one seed for the whole run (fixed unless
/// <c>SOSPOST_FSCHECK_SEED</c> says otherwise, so a failure replays), a case count, a time budget per property,
/// and a watchdog that turns a hang into a failure naming the input that hung.
/// </summary>
internal static class PropertyRun
{
    public const string SeedVariable = "SOSPOST_FSCHECK_SEED";

    /// <summary>Scales every property's case count (e.g. 10 for a long local run); the default suits CI.</summary>
    public const string ScaleVariable = "SOSPOST_FSCHECK_SCALE";

    public const ulong DefaultSeed = 20261122;

    /// <summary>SplitMix's odd constant: FsCheck's replay needs an odd gamma, and one fixed gamma keeps a seed alone enough.</summary>
    private const ulong Gamma = 0x9E3779B97F4A7C15;

    /// <summary>A case slower than this is treated as a hang (the decoders take microseconds).</summary>
    private static readonly TimeSpan SlowCase = TimeSpan.FromSeconds(5);

    public static ulong Seed { get; } = ReadSeed();

    public static double Scale { get; } = double.TryParse(Environment.GetEnvironmentVariable(ScaleVariable), NumberStyles.Float, CultureInfo.InvariantCulture, out var s) && s > 0 ? s : 1;

    /// <summary>How to run the failing property again.</summary>
    public static string ReplayHint => $"seed {Seed}; replay with {SeedVariable}={Seed}";

    /// <summary>Checks <paramref name="body"/> (which throws on failure) for up to <paramref name="cases"/> values, within <paramref name="budget"/>.</summary>
    public static void ForAll<T>(string name, Arbitrary<T> values, Action<T> body, int cases, TimeSpan budget)
    {
        var clock = Stopwatch.StartNew();
        var ran = 0;
        var skipped = 0;
        object? current = null;
        var property = Prop.ForAll(values, value =>
        {
            if (clock.Elapsed > budget)
            {
                // Over budget: later cases pass untried; the count below says how many ran.
                skipped++;
                return;
            }

            Volatile.Write(ref current, value);
            var started = clock.Elapsed;
            ran++;
            body(value);
            var took = clock.Elapsed - started;
            if (took > SlowCase)
            {
                throw new TimeoutException($"one case took {took.TotalSeconds:0.0} s, which is a hang for a decoder");
            }
        });

        var config = Config.QuickThrowOnFailure
            .WithMaxTest(Math.Max(1, (int)(cases * Scale)))
            .WithQuietOnSuccess(true)
            .WithName(name)
            .WithReplay(Seed, Gamma);
        var run = Task.Run(() => Check.One(config, property), TestContext.Current.CancellationToken);
        var deadline = budget + TimeSpan.FromSeconds(60);
        try
        {
            if (!run.Wait(deadline, TestContext.Current.CancellationToken))
            {
                throw new Xunit.Sdk.XunitException($"Property '{name}' hung for {deadline.TotalSeconds:0} s on input {Describe(Volatile.Read(ref current))} ({ReplayHint}).");
            }
        }
        catch (AggregateException e) when (e.InnerException is not null)
        {
            throw new Xunit.Sdk.XunitException($"Property '{name}' failed ({ReplayHint}):{Environment.NewLine}{e.InnerException.Message}", e.InnerException);
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"{name}: {ran} cases in {clock.Elapsed.TotalSeconds:0.0} s, {skipped} over budget; {ReplayHint}");
        Assert.True(ran > 0, $"Property '{name}' ran no case within its budget of {budget}.");
    }

    /// <summary>Bytes allocated on this thread by <paramref name="action"/>.</summary>
    public static long Allocated(Action action)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        action();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    public static string Describe(object? value) => value switch
    {
        null => "(none)",
        byte[] bytes => Hex(bytes),
        _ => value.ToString() ?? "(null)",
    };

    public static string Hex(ReadOnlySpan<byte> bytes) =>
        bytes.Length <= 256 ? Convert.ToHexString(bytes) : $"{Convert.ToHexString(bytes[..256])}... ({bytes.Length} bytes)";

    private static ulong ReadSeed()
    {
        var text = Environment.GetEnvironmentVariable(SeedVariable);
        if (string.IsNullOrWhiteSpace(text))
        {
            return DefaultSeed;
        }

        if (text.Equals("random", StringComparison.OrdinalIgnoreCase))
        {
            return (ulong)Random.Shared.NextInt64(1, long.MaxValue);
        }

        return ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seed)
            ? seed
            : throw new InvalidOperationException($"{SeedVariable} must be a whole number or 'random', not '{text}'.");
    }
}
