using System.Globalization;
using SosPost.Cli.Provisioning;

namespace SosPost.Cli.Gateway;

/// <summary>
/// <c>sospost test POST</c>: starts the post's self-test through the gateway, waits for its report and prints
/// the commissioning report. Exit 0 only when no check failed.
/// </summary>
internal static class TestCommand
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(5);

    /// <summary>What to do when a check fails, in the technician guide's words (docs/technician-guide.md).</summary>
    private static readonly Dictionary<string, string> Advice = new(StringComparer.Ordinal)
    {
        ["lamp"] = "no lamp current while the beacon was lit: check the beacon lamp, its fuse, the MOSFET driver and the lamp-sense comparator (hardware/wiring.md)",
        ["camera"] = "the camera relay pulse failed: check the relay coil wiring and fuse; confirm the camera or NVR logs its alarm input",
        ["storage"] = "the flash write/read failed: re-flash the runtime (docs/flashing.md section 2); replace the board if it repeats",
        ["link round trip"] = "the test alarm got no 'received' in time: check the network, the broker address in the config, and that the gateway runs",
    };

    public static async Task<int> RunAsync(string postId, GatewayLogin login, TimeSpan timeout, TimeProvider time, TextWriter output, TextWriter progress, CancellationToken ct)
    {
        using var client = await login.LoginAsync(ct);
        var before = (await client.PostsAsync(ct)).FirstOrDefault(p => p.Id == postId)
            ?? throw new CliException(ExitCodes.UnknownPost, $"the gateway does not know post {postId} (import it first: sospost posts import)");
        if (!before.Online)
        {
            await progress.WriteLineAsync($"warning: the gateway sees {postId} offline; the post will get the test when it connects");
        }

        var startedAt = time.GetUtcNow();
        var everOnline = before.Online;
        var testId = await client.StartSelfTestAsync(postId, ct);
        await progress.WriteLineAsync($"==> self-test {testId} sent to {postId}; waiting for its report (up to {timeout.TotalSeconds:0} s)");
        var nextProgress = ProgressInterval;
        while (true)
        {
            var post = (await client.PostsAsync(ct)).FirstOrDefault(p => p.Id == postId);
            var elapsed = time.GetUtcNow() - startedAt;
            if (post?.LatestSelfTest is { } report && report.Id == testId)
            {
                return await PrintReportAsync(post, report, client.BaseAddress, startedAt, elapsed, output);
            }

            everOnline |= post?.Online == true;
            if (elapsed >= timeout && !everOnline)
            {
                // Never online since the test began: no birth message, so no application ran to take the test.
                foreach (var line in ApplicationNotStarted.Explain(postId, null, "PORT", "SosPost.Firmware.bin", null))
                {
                    await progress.WriteLineAsync(line);
                }

                throw new CliException(ExitCodes.NotRunning, $"{postId} did not come online within {timeout.TotalSeconds:0} s: its application did not start, or it cannot reach the broker");
            }

            if (elapsed >= timeout)
            {
                throw new CliException(ExitCodes.TimedOut, $"no self-test report from {postId} within {timeout.TotalSeconds:0} s (is it online? sospost posts show {postId} --gateway ...)");
            }

            if (elapsed >= nextProgress)
            {
                await progress.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"    ... {elapsed.TotalSeconds:0} s, no report yet"));
                nextProgress += ProgressInterval;
            }

            await Task.Delay(PollInterval, time, ct);
        }
    }

    /// <summary>The commissioning report; returns the exit code of its verdict.</summary>
    public static async Task<int> PrintReportAsync(PostView post, SelfTestView report, Uri gateway, DateTimeOffset startedAt, TimeSpan took, TextWriter output)
    {
        (string Check, string Outcome, string Time)[] checks =
        [
            ("lamp", report.Lamp, "-"),
            ("camera", report.Camera, "-"),
            ("storage", report.Storage, "-"),
            ("link round trip", report.Link, report.LinkRttMs is { } rtt ? rtt.ToString(CultureInfo.InvariantCulture) + " ms" : "-"),
        ];
        var failed = checks.Where(c => c.Outcome == "fail").ToList();
        var pass = report.Ok && failed.Count == 0;
        var c = CultureInfo.InvariantCulture;
        await output.WriteLineAsync($"Commissioning report: post {post.Id} ({post.Name})");
        await output.WriteLineAsync($"  address   : {post.Address}");
        await output.WriteLineAsync($"  gateway   : {gateway}");
        await output.WriteLineAsync($"  firmware  : {post.Firmware ?? "?"}   config {post.ConfigHash ?? "?"}");
        await output.WriteLineAsync($"  self-test : {report.Id}, started {startedAt.ToString("yyyy-MM-dd HH:mm:ss'Z'", c)}, report after {took.TotalSeconds.ToString("0.0", c)} s");
        await output.WriteLineAsync();
        await output.WriteLineAsync("  check              result  time");
        foreach (var (check, outcome, time) in checks)
        {
            await output.WriteLineAsync($"  {check,-18} {outcome.ToUpperInvariant(),-7} {time}");
        }

        await output.WriteLineAsync();
        if (post.OpenTroubles is { Count: > 0 } troubles)
        {
            await output.WriteLineAsync($"  open troubles: {string.Join(", ", troubles.Select(t => t.Type))} (a cabinet left open during the test shows as tamper)");
        }

        await output.WriteLineAsync($"  verdict: {(pass ? "PASS" : "FAIL")}");
        foreach (var (check, _, _) in failed)
        {
            await output.WriteLineAsync($"  {check}: {Advice[check]}");
        }

        if (!pass && failed.Count == 0)
        {
            await output.WriteLineAsync("  the post reported the test as not ok; run it again and read the post's log (docs/flashing.md section 6)");
        }

        return pass ? ExitCodes.Ok : ExitCodes.CheckFailed;
    }
}
