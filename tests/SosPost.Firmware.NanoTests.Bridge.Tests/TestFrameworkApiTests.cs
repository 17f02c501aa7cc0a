using System;
using System.IO;
using System.Linq;
using nanoFramework.TestFramework;
using SosPost.Firmware.NanoTests.Bridge.Tests.Runner;
using Xunit;
using NanoAssert = nanoFramework.TestFramework.Assert;
using XAssert = Xunit.Assert;

namespace SosPost.Firmware.NanoTests.Bridge.Tests;

/// <summary>
/// The host TestFramework (SosPost.TestFramework.Host) against the device's API listing: it may offer nothing
/// the device lacks, with the same signatures, parameter names, defaults and attribute usage, so a nano test
/// that compiles here compiles for the device.
/// </summary>
public sealed class TestFrameworkApiTests
{
    private static readonly string[] Listing = File.ReadAllLines(ApiListing.PathOf("nanoFramework.TestFramework"))
        .Where(l => !l.StartsWith('#'))
        .ToArray();

    [Fact]
    public void Every_public_member_of_the_host_framework_is_in_the_device_listing_with_the_same_declaration()
    {
        var host = ListingRenderer.Render(typeof(NanoAssert).Assembly);
        var device = Listing.ToHashSet(StringComparer.Ordinal);

        var notOnDevice = host.Where(line => !device.Contains(line)).ToArray();

        XAssert.True(notOnDevice.Length == 0, "Host API the device does not declare so:\n" + string.Join("\n", notOnDevice));
        XAssert.Contains("T TestFrameworkShared.AssertFailedException", host);
        XAssert.Contains(host, l => l.StartsWith("N nanoFramework.TestFramework.Assert::AreEqual(System.Int32,System.Int32,System.String)", StringComparison.Ordinal));
    }

    [Fact]
    public void Host_framework_offers_every_current_member_of_the_device_listing()
    {
        // Obsolete members (Equal, True, IsType, ...) are left out on purpose: the nano tests must not use them.
        var obsolete = Listing.Where(l => l.StartsWith("C M:", StringComparison.Ordinal) && l.Contains("|System.ObsoleteAttribute", StringComparison.Ordinal))
            .Select(l => "M " + l[4..l.IndexOf('|', StringComparison.Ordinal)])
            .ToHashSet(StringComparer.Ordinal);
        var host = ListingRenderer.Render(typeof(NanoAssert).Assembly).ToHashSet(StringComparer.Ordinal);

        var missing = Listing.Where(l => (l.StartsWith("M ", StringComparison.Ordinal) || l.StartsWith("T ", StringComparison.Ordinal))
            && !obsolete.Contains(l) && !host.Contains(l)).ToArray();

        XAssert.True(missing.Length == 0, "Device API the host lacks:\n" + string.Join("\n", missing));
        XAssert.InRange(obsolete.Count, 40, 60);
    }

    [Fact]
    public void Renderer_reproduces_known_listing_lines_and_flags_an_extra_member()
    {
        // The check above is only as good as the renderer: it must find a difference where there is one.
        var lines = ListingRenderer.Render(typeof(TestFrameworkApiTests).Assembly.GetTypes()
            .Where(t => t.Namespace?.StartsWith("SosPost.Firmware.NanoTests.Support", StringComparison.Ordinal) == true
                || t == typeof(AlarmTests)));

        XAssert.Contains("D SosPost.Firmware.NanoTests.Support.PostBench::Run(System.Int64)->System.Void|public|-", lines);
        XAssert.Contains("K SosPost.Firmware.NanoTests.AlarmTests|class|public|static|-", lines);
        XAssert.DoesNotContain(lines, Listing.Contains);
        XAssert.Equal(
            "D nanoFramework.TestFramework.TestClassAttribute::GetTestMethodAttribute(nanoFramework.TestFramework.TestMethodAttribute)->nanoFramework.TestFramework.TestMethodAttribute|public|virtual",
            ListingRenderer.Render(typeof(TestClassAttribute).Assembly).Single(l => l.StartsWith("D nanoFramework.TestFramework.TestClassAttribute::GetTestMethodAttribute", StringComparison.Ordinal)));
    }
}
