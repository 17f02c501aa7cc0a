using System.Text.RegularExpressions;
using Microsoft.Playwright;
using SosPost.Gateway.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace SosPost.Console.Tests;

/// <summary>The dispatch console in Chromium, against the real gateway, broker and virtual posts.</summary>
public sealed partial class DispatchConsoleTests : IClassFixture<ConsoleRig>
{
    private readonly ConsoleRig _rig;

    public DispatchConsoleTests(ConsoleRig rig)
    {
        _rig = rig;
        SetDefaultExpectTimeout((float)ConsoleRig.Deadline.TotalMilliseconds);
    }

    [Fact]
    public async Task A_dispatcher_sees_a_press_arrive_with_an_alert_acknowledges_it_so_the_post_shows_dispatched_and_resolves_it_as_a_prank()
    {
        const string postId = "MHC-001";
        var page = await _rig.LoggedInPageAsync(TestUsers.Dispatcher);
        var alertsBefore = await AlertsAsync(page);

        await _rig.PressAsync(postId);

        var card = page.Locator($"#open-alarms article[data-post-id='{postId}']");
        await Expect(card).ToHaveAttributeAsync("data-state", "received");
        await Expect(card.Locator(".post-name")).ToHaveTextAsync("Mahachai Market north gate");
        await Expect(card.Locator(".station")).ToHaveTextAsync("Mueang Samut Sakhon Police Station");
        await Expect(card.Locator(".address")).ToContainTextAsync("Mahachai");
        await Expect(card.Locator(".position")).ToHaveTextAsync(PositionPattern());
        await Expect(card.Locator(".presses")).ToHaveTextAsync("1");
        await Expect(card.Locator(".received-at")).ToContainTextAsync("after the press");
        await Expect(card.Locator(".mini-map path.post-marker")).ToHaveCountAsync(1);
        await Expect(card.Locator(".snapshot-missing, .snapshot:not([hidden])").First).ToBeVisibleAsync();
        Assert.True(await AlertsAsync(page) > alertsBefore, "a new alarm sounds the alert");
        if (ConsoleRig.UpdateScreenshots)
        {
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ConsoleRig.DocsImages(), "console.png") });
        }

        await card.Locator("button.acknowledge").ClickAsync();

        await Expect(card).ToHaveAttributeAsync("data-state", "dispatched");
        await Expect(card.Locator(".history")).ToContainTextAsync("by " + TestUsers.Dispatcher);
        await _rig.WaitForBeaconAsync(postId, "Dispatched");

        await card.Locator("button.resolve").ClickAsync();
        await card.Locator("select[name=outcome]").SelectOptionAsync("prank");
        await card.Locator("textarea[name=notes]").FillAsync("Children pressed it and ran; nobody at the post.");
        await card.Locator("button.save").ClickAsync();

        var resolved = page.Locator($"#resolved-alarms article[data-post-id='{postId}']");
        await Expect(resolved).ToHaveAttributeAsync("data-state", "resolved");
        await Expect(resolved.Locator(".history")).ToContainTextAsync("prank — Children pressed it and ran");
        await Expect(page.Locator($"#open-alarms article[data-post-id='{postId}']")).ToHaveCountAsync(0);

        await page.ClickAsync("#tabs button[data-view=stats]");
        var stats = page.Locator($"#stats tr[data-post-id='{postId}'] td");
        await Expect(stats.Nth(1)).ToHaveTextAsync("1"); // alarms
        await Expect(stats.Nth(4)).ToHaveTextAsync("1"); // prank
        await Expect(stats.Nth(8)).ToHaveTextAsync("100%");
        _rig.Gateway.Logs.AssertNoErrors();
    }

    [Fact]
    public async Task A_wrong_password_shows_an_error_and_no_console()
    {
        var page = await _rig.NewPageAsync();

        await page.FillAsync("input[name=userName]", TestUsers.Dispatcher);
        await page.FillAsync("input[name=password]", "not the password");
        await page.ClickAsync("button[type=submit]");

        await Expect(page.Locator("#error")).ToBeVisibleAsync();
        await Expect(page.Locator("#error")).ToHaveTextAsync("User name or password is wrong.");
        Assert.EndsWith("/login?error=1&returnUrl=%2F", page.Url, StringComparison.Ordinal);
        var api = await page.APIRequest.GetAsync("/api/alarms");
        Assert.Equal(401, api.Status);
    }

    [Fact]
    public async Task The_console_speaks_Thai_after_the_language_switch_and_remembers_it()
    {
        const string postId = "BKK-002";
        var page = await _rig.NewPageAsync();
        await page.SelectOptionAsync("#language", "th");
        await Expect(page.Locator("button[type=submit]")).ToHaveTextAsync("เข้าสู่ระบบ");
        await page.FillAsync("input[name=userName]", TestUsers.Dispatcher);
        await page.FillAsync("input[name=password]", TestUsers.DispatcherPassword);
        await page.ClickAsync("button[type=submit]");
        await _rig.WaitUntilReadyAsync(page);

        await _rig.PressAsync(postId);

        Assert.Equal("th", await page.GetAttributeAsync("html", "lang"));
        await Expect(page.Locator("#tabs button[data-view=queue]")).ToHaveTextAsync("รายการแจ้งเหตุ");
        var card = page.Locator($"#open-alarms article[data-post-id='{postId}']");
        await Expect(card.Locator(".state")).ToHaveTextAsync("แจ้งเหตุใหม่");
        await Expect(card.Locator("button.acknowledge")).ToHaveTextAsync("รับทราบ");
        await Expect(card.Locator("dt").First).ToHaveTextAsync("ที่อยู่");
        await card.Locator("button.acknowledge").ClickAsync();
        await Expect(card.Locator("button.resolve")).ToHaveTextAsync("ปิดเหตุ");

        await page.ReloadAsync();
        await _rig.WaitUntilReadyAsync(page);
        await Expect(page.Locator("#user")).ToHaveTextAsync("dispatcher · เจ้าหน้าที่รับแจ้งเหตุ");
        await page.SelectOptionAsync("#language", "en");
        await Expect(card.Locator("button.resolve")).ToHaveTextAsync("Resolve");
    }

    [Fact]
    public async Task A_forged_dispatched_leaves_the_post_idle_and_the_technician_sees_it_refused()
    {
        const string target = "BKK-007";
        await _rig.ForgeDispatchedAsync(target);
        var page = await _rig.LoggedInPageAsync(TestUsers.Technician);

        // The count travels in the post's next heartbeat (one a minute), then the posts table's next poll.
        await Expect(page.Locator($"#posts tr[data-post-id='{target}'] .refused")).ToHaveTextAsync("1 refused", new() { Timeout = 150_000 });
        Assert.Equal("Idle", (await _rig.PostAsync(target)).Beacon);
    }

    [Fact]
    public async Task The_posts_map_shows_every_post_and_its_health_without_any_map_tiles()
    {
        const string troubled = "MHC-003";
        await _rig.OpenCabinetAsync(troubled);
        var page = await _rig.LoggedInPageAsync(TestUsers.Technician);

        // A technician sees posts, not the alarm queue.
        await Expect(page.Locator("#tabs button[data-view=queue]")).ToBeHiddenAsync();
        await Expect(page.Locator("#view-posts")).ToBeVisibleAsync();
        await Expect(page.Locator("#posts-map path.post-marker")).ToHaveCountAsync(20);
        await Expect(page.Locator($"#posts tr[data-post-id='{troubled}']")).ToHaveAttributeAsync("data-health", "trouble");
        await Expect(page.Locator("#posts-map path.post-online")).ToHaveCountAsync(19);
        await Expect(page.Locator("#posts-map path.post-trouble")).ToHaveCountAsync(1);
        await Expect(page.Locator("#posts-map .coordinate-grid canvas").First).ToBeVisibleAsync();
        await Expect(page.Locator("#map-note")).ToBeVisibleAsync();
        Assert.Equal(0, await page.Locator("#posts-map img.leaflet-tile").CountAsync());

        await page.Locator("#posts-map path.post-trouble").DispatchEventAsync("mouseover"); // neighbouring markers may overlap it at this zoom
        await Expect(page.Locator(".leaflet-tooltip")).ToContainTextAsync("Talat Thale Thai seafood market (MHC-003) · trouble · 13.");
        await Expect(page.Locator($"#posts tr[data-post-id='{troubled}'] button.selftest")).ToBeVisibleAsync();
        if (ConsoleRig.UpdateScreenshots)
        {
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ConsoleRig.DocsImages(), "console-map.png") });
        }
    }

    [Fact]
    public async Task An_admin_reads_the_audit_log_with_refused_logins_and_a_dispatcher_cannot()
    {
        var refused = await _rig.NewPageAsync();
        await refused.FillAsync("input[name=userName]", "mallory");
        await refused.FillAsync("input[name=password]", "guess");
        await refused.ClickAsync("button[type=submit]");
        await Expect(refused.Locator("#error")).ToBeVisibleAsync();

        var admin = await _rig.LoggedInPageAsync(TestUsers.Admin);
        await admin.ClickAsync("#tabs button[data-view=audit]");

        await Expect(admin.Locator("#audit tr[data-action='login-refused']", new() { HasText = "mallory" }).First).ToBeVisibleAsync();
        await Expect(admin.Locator("#audit tr[data-action='login']", new() { HasText = TestUsers.Admin }).First).ToBeVisibleAsync();
        var dispatcher = await _rig.LoggedInPageAsync(TestUsers.Dispatcher);
        await Expect(dispatcher.Locator("#tabs button[data-view=audit]")).ToBeHiddenAsync();
        Assert.Equal(403, (await dispatcher.APIRequest.GetAsync("/api/audit")).Status);
    }

    private static Task<int> AlertsAsync(IPage page) =>
        page.EvaluateAsync<int>("() => Number(document.body.dataset.alerts ?? 0)");

    [GeneratedRegex(@"^\d+\.\d{5}, \d+\.\d{5}$")]
    private static partial Regex PositionPattern();
}
