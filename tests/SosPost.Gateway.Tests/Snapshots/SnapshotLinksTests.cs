using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using SosPost.Gateway.Snapshots;
using SosPost.Gateway.Tests.Support;
using SosPost.Testing;

namespace SosPost.Gateway.Tests.Snapshots;

public sealed class SnapshotLinksTests
{
    private static readonly SnapshotOptions Settings = new()
    {
        PublicBaseUrl = "https://sospost.example/",
        LinkKey = "link-key-0123456789abcdef-0123456789abcdef",
        LinkLifetime = TimeSpan.FromHours(24),
    };

    [Fact]
    public void A_link_works_until_its_lifetime_has_passed_and_then_never_again()
    {
        var clock = new ManualTimeProvider();
        var links = new SnapshotLinks(Options.Create(Settings), clock);

        var link = links.Create(17)!;
        var (exp, sig) = Parts(link.Url);

        Assert.StartsWith("https://sospost.example/snapshots/17?exp=", link.Url.AbsoluteUri, StringComparison.Ordinal);
        Assert.Equal(clock.GetUtcNow() + TimeSpan.FromHours(24), link.ExpiresAt);
        Assert.True(links.IsValid(17, exp, sig));
        clock.Advance(TimeSpan.FromHours(24));
        Assert.True(links.IsValid(17, exp, sig), "valid up to and including its expiry second");
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.False(links.IsValid(17, exp, sig), "expired");
    }

    [Fact]
    public void A_link_opens_only_its_own_alarm_and_cannot_be_extended_or_forged()
    {
        var clock = new ManualTimeProvider();
        var links = new SnapshotLinks(Options.Create(Settings), clock);
        var (exp, sig) = Parts(links.Create(17)!.Url);

        Assert.False(links.IsValid(18, exp, sig), "another alarm");
        Assert.False(links.IsValid(17, (long.Parse(exp, System.Globalization.CultureInfo.InvariantCulture) + 3600).ToString(System.Globalization.CultureInfo.InvariantCulture), sig), "a later expiry");
        Assert.False(links.IsValid(17, exp, new string('0', 64)), "a made-up signature");
        Assert.False(links.IsValid(17, exp, "not-hex"), "not a signature");
        Assert.False(links.IsValid(17, null, sig), "no expiry");
        var otherKey = new SnapshotLinks(Options.Create(new SnapshotOptions { PublicBaseUrl = Settings.PublicBaseUrl, LinkKey = "another-key-0123456789abcdef-0123456789" }), clock);
        Assert.False(otherKey.IsValid(17, exp, sig), "signed with another key (the key was changed)");
    }

    [Fact]
    public void Without_a_public_address_and_key_there_are_no_links()
    {
        var links = new SnapshotLinks(Options.Create(new SnapshotOptions()), new ManualTimeProvider());

        Assert.False(links.Enabled);
        Assert.Null(links.Create(1));
        Assert.False(links.IsValid(1, "9999999999", new string('a', 64)));
    }

    [Fact]
    public void Snapshot_settings_are_checked_at_start_without_repeating_secrets()
    {
        var errors = new SnapshotOptions
        {
            PublicBaseUrl = "https://sospost.example/",
            LinkKey = "short-secret",
            Credentials =
            [
                new SnapshotCredential { UserName = "viewer", Password = "pw-one" },
                new SnapshotCredential { UserName = "viewer", Password = "pw-two" },
                new SnapshotCredential { Group = "Bang Kok", UserName = "", Password = "pw-three" },
            ],
        }.Validate().ToList();

        Assert.Equal(
            [
                "Credentials:1 is a second default login (no Group); give each one a Group.",
                "Credentials:2:Group 'Bang Kok' must be 1 to 64 characters of a-z, 0-9 and '-', not starting or ending with '-' (e.g. \"samut-sakhon\").",
                "Credentials:2:UserName is missing.",
                "LinkKey must be at least 32 characters.",
            ],
            errors);
        Assert.DoesNotContain(errors, e => e.Contains("pw-", StringComparison.Ordinal) || e.Contains("short-secret", StringComparison.Ordinal));
        Assert.Contains("LinkKey must be set with PublicBaseUrl: it signs the links.", new SnapshotOptions { PublicBaseUrl = "https://x.example" }.Validate());
    }

    [Fact]
    public void A_camera_login_is_the_post_groups_own_else_the_default()
    {
        var options = new SnapshotOptions
        {
            Credentials = [new() { UserName = "default-viewer", Password = "a" }, new() { Group = "bangkok", UserName = "bkk-viewer", Password = "b" }],
        };

        Assert.Equal("bkk-viewer", options.CredentialFor("bangkok")!.UserName);
        Assert.Equal("default-viewer", options.CredentialFor("samut-sakhon")!.UserName);
        Assert.Null(new SnapshotOptions().CredentialFor("bangkok"));
    }

    [Fact]
    public void The_documented_link_example_is_what_the_gateway_makes_and_accepts()
    {
        var lines = DocExamples.Block("```text example=snapshot-link").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .ToDictionary(line => line[..line.IndexOf(':', StringComparison.Ordinal)], line => line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim());
        var link = new Uri(lines["link"]);
        var (exp, sig) = Parts(link);
        var expires = DateTimeOffset.FromUnixTimeSeconds(long.Parse(exp, System.Globalization.CultureInfo.InvariantCulture));
        var options = Options.Create(new SnapshotOptions { PublicBaseUrl = "https://sospost.example", LinkKey = lines["key"] });

        Assert.Equal($"snapshot:981:{exp}", lines["signed"]);
        Assert.Equal(link, new SnapshotLinks(options, new ManualTimeProvider(expires - options.Value.LinkLifetime)).Create(981)!.Url);
        Assert.True(new SnapshotLinks(options, new ManualTimeProvider(expires)).IsValid(981, exp, sig));
    }

    private static (string Exp, string Sig) Parts(Uri url)
    {
        var query = QueryHelpers.ParseQuery(url.Query);
        return (query["exp"].ToString(), query["sig"].ToString());
    }
}
