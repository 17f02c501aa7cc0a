using SosPost.Chaos.Tests.Support;
using SosPost.Gateway.Tests.Support;
using SosPost.Testing;

namespace SosPost.Chaos.Tests;

/// <summary>
/// The dispatch centre is down for a long stretch. Production backs off from 1 s to a 5-minute cap and gives up
/// after 50 attempts (about 3.5 hours); here the curve is scaled down 150 times (200 ms doubling to a 2 s cap,
/// 50 attempts: at least about 80 s of trying even with the -20 % jitter) so the outage can cover the ramp and
/// many capped retries, the shape of a real hour-long outage, in about 20 s, well inside the dead-letter limit.
/// </summary>
public sealed class DispatchOutageTests
{
    private const int CappedRetriesOfTheOldestAlarm = 14;

    [Fact]
    public async Task Alarms_pile_up_with_backoff_while_dispatch_answers_503_and_all_arrive_once_when_it_returns()
    {
        var options = new ChaosOptions { Posts = 30 };
        await using var rig = await ChaosRig.StartAsync(options);
        await rig.RunAsync(async () =>
        {
            var ct = TestContext.Current.CancellationToken;
            rig.DispatchUp = false;

            // Two waves of alarms arrive while dispatch is down: the oldest waits for the whole outage.
            var firstWave = rig.PostIds.Take(15).ToList();
            await rig.PressAsync(firstWave);
            await Eventually.WaitUntilAsync(
                () => MinAttempts(rig.Webhook, rig.Pressed) >= 4,
                ChaosRig.Deadline,
                "each first-wave alarm failed 4 times (its backoff is at the cap)",
                ct);
            await rig.PressAsync(rig.PostIds.Skip(15));

            // The outage lasts until the oldest alarms have had many retries at the cap.
            await Eventually.WaitUntilAsync(
                () => rig.Targets.Values.All(r => MinAttempts(r, firstWave.Select(id => rig.Pressed.Single(a => a.PostId == id))) >= CappedRetriesOfTheOldestAlarm),
                ChaosRig.Deadline,
                "each first-wave alarm failed " + CappedRetriesOfTheOldestAlarm + " times at both targets",
                ct);
            var stored = await rig.StoredAsync();
            Assert.Equal(rig.Pressed.Count, stored.Count);
            Assert.All(stored.SelectMany(a => a.Deliveries), d => Assert.Equal("pending", d.Status));
            AssertBackoffGrowsToTheCap(rig.Webhook, options);

            rig.DispatchUp = true;
            await rig.WaitUntilEveryAlarmArrivesAsync();
            await rig.AssertNothingLostAndNoDuplicatesAsync("dispatch down (503)");
            var attempts = (await rig.StoredAsync()).SelectMany(a => a.Deliveries).Select(d => d.Attempts).ToList();
            TestContext.Current.SendDiagnosticMessage(
                "chaos dispatch down: attempts per delivery min {0}, max {1} of {2} allowed",
                attempts.Min(), attempts.Max(), options.MaxAttempts);
            Assert.True(attempts.Max() < options.MaxAttempts);
        });
    }

    private static int MinAttempts(WebhookReceiver receiver, IEnumerable<AlarmKey> alarms)
    {
        var counts = receiver.Requests.GroupBy(r => AlarmKey.FromIdempotencyKey(r.IdempotencyKey)).ToDictionary(g => g.Key, g => g.Count());
        return alarms.Select(a => counts.GetValueOrDefault(a)).DefaultIfEmpty(0).Min();
    }

    /// <summary>
    /// Per alarm, no retry comes sooner than its backoff allows (initial doubling to the cap, -20 % jitter), and the
    /// retries at the cap come about the cap apart (median: on a busy 2-core machine, where CI runs the other test
    /// assemblies at the same time, a single retry can come late without the backoff being wrong).
    /// </summary>
    private static void AssertBackoffGrowsToTheCap(WebhookReceiver receiver, ChaosOptions options)
    {
        var early = TimeSpan.FromMilliseconds(100);
        var late = TimeSpan.FromMilliseconds(750);
        foreach (var attempts in receiver.Requests.Where(r => r.AnsweredStatus == 503).GroupBy(r => r.IdempotencyKey).Where(g => g.Count() >= 8))
        {
            var at = attempts.Select(r => r.At).Order().ToList();
            var gaps = at.Zip(at.Skip(1), (a, b) => b - a).ToList();
            for (var i = 0; i < gaps.Count; i++)
            {
                var nominal = TimeSpan.FromTicks(Math.Min(options.InitialBackoff.Ticks << Math.Min(i, 30), options.MaxBackoff.Ticks));
                Assert.True(gaps[i] >= (nominal * 0.8) - early, $"{attempts.Key}: retry {i + 1} came {gaps[i]} after the previous attempt, sooner than its backoff {nominal} allows");
            }

            var capped = gaps.Skip(4).Order().ToList();
            var median = capped[capped.Count / 2];
            Assert.True(median <= options.MaxBackoff + late, $"{attempts.Key}: retries at the cap come {median} apart (median), not about {options.MaxBackoff}");
        }
    }
}
