using System;
using System.Collections;
using System.Collections.Generic;
using nanoFramework.TestFramework;
using TestFrameworkShared;
using Xunit;
using NanoAssert = nanoFramework.TestFramework.Assert;
using XAssert = Xunit.Assert;

namespace SosPost.Firmware.NanoTests.Bridge.Tests;

/// <summary>The host assertions fail when the device's would, so a nano test cannot pass here by accident.</summary>
public sealed class HostAssertTests
{
    private static readonly Dictionary<string, Action> Failing = new(StringComparer.Ordinal)
    {
        ["AreEqual int"] = () => NanoAssert.AreEqual(1, 2),
        ["AreEqual long"] = () => NanoAssert.AreEqual(1L, 2L),
        ["AreEqual bool"] = () => NanoAssert.AreEqual(true, false),
        ["AreEqual string"] = () => NanoAssert.AreEqual("Sending", "sending"),
        ["AreEqual string null"] = () => NanoAssert.AreEqual("a", null),
        ["AreEqual object"] = () => NanoAssert.AreEqual(new object(), new object()),
        ["AreEqual DateTime"] = () => NanoAssert.AreEqual(DateTime.MinValue, DateTime.MaxValue),
        ["AreNotEqual int"] = () => NanoAssert.AreNotEqual(3, 3),
        ["IsTrue"] = () => NanoAssert.IsTrue(false),
        ["IsFalse"] = () => NanoAssert.IsFalse(true),
        ["IsNull"] = () => NanoAssert.IsNull("x"),
        ["IsNotNull"] = () => NanoAssert.IsNotNull(null),
        ["AreSame"] = () => NanoAssert.AreSame(new object(), new object()),
        ["AreNotSame"] = () => NanoAssert.AreNotSame(Failing, Failing),
        ["IsInstanceOfType derived"] = () => NanoAssert.IsInstanceOfType(new ArgumentNullException(), typeof(ArgumentException)),
        ["IsNotInstanceOfType"] = () => NanoAssert.IsNotInstanceOfType("x", typeof(string)),
        ["ThrowsException none"] = () => NanoAssert.ThrowsException(typeof(ArgumentException), () => { }),
        ["ThrowsException derived"] = () => NanoAssert.ThrowsException(typeof(ArgumentException), () => throw new ArgumentNullException()),
        ["Contains"] = () => NanoAssert.Contains("lamp", "beacon"),
        ["DoesNotContains"] = () => NanoAssert.DoesNotContains("ea", "beacon"),
        ["StartsWith"] = () => NanoAssert.StartsWith("sos/v2/", "sos/v1/MHC-001/alarm"),
        ["EndsWith"] = () => NanoAssert.EndsWith("/cmd", "sos/v1/MHC-001/alarm"),
        ["CollectionAssert.AreEqual element"] = () => CollectionAssert.AreEqual(new[] { 1, 2 }, new[] { 1, 3 }),
        ["CollectionAssert.AreEqual count"] = () => CollectionAssert.AreEqual(new[] { 1, 2 }, new ArrayList { 1 }),
        ["CollectionAssert.AreNotEqual"] = () => CollectionAssert.AreNotEqual(new[] { "a" }, new ArrayList { "a" }),
        ["CollectionAssert.Empty"] = () => CollectionAssert.Empty(new[] { 1 }),
        ["CollectionAssert.NotEmpty"] = () => CollectionAssert.NotEmpty(Array.Empty<int>()),
    };

    public static TheoryData<string> FailingCases() => new(Failing.Keys);

    [Theory]
    [MemberData(nameof(FailingCases))]
    public void Failed_assertion_throws_AssertFailedException(string assertion)
    {
        XAssert.Throws<AssertFailedException>(Failing[assertion]);
    }

    [Fact]
    public void Passing_assertions_do_not_throw()
    {
        NanoAssert.AreEqual(2, 2);
        NanoAssert.AreEqual(5234119L, 5234119L);
        NanoAssert.AreEqual("sos/v1", "sos/" + "v1");
        NanoAssert.AreEqual(double.NaN, double.NaN);
        NanoAssert.AreNotEqual(1, 2);
        NanoAssert.IsTrue(true);
        NanoAssert.IsNull(null);
        NanoAssert.AreSame(Failing, Failing);
        NanoAssert.IsInstanceOfType("x", typeof(string));
        NanoAssert.ThrowsException(typeof(ArgumentNullException), () => throw new ArgumentNullException());
        NanoAssert.StartsWith("sos/", "sos/v1");
        CollectionAssert.AreEqual(new[] { "a", "b" }, new ArrayList { "a", "b" });
        CollectionAssert.Empty(new ArrayList());
    }

    [Fact]
    public void Failure_message_names_the_values_and_the_checked_expression()
    {
        var presses = 2;

        var failure = XAssert.Throws<AssertFailedException>(() => NanoAssert.AreEqual(3, presses));

        XAssert.Equal("Assert.AreEqual failed. Expected:<3>. Actual:<2>. presses", failure.Message);
    }

    [Fact]
    public void SkipTest_throws_SkipTestException_with_the_reason()
    {
        var skip = XAssert.Throws<SkipTestException>(() => NanoAssert.SkipTest("no board"));

        XAssert.Equal("no board", skip.Message);
    }

    [Fact]
    public void Helper_and_SequenceEqual_behave_as_on_the_device()
    {
        var attributes = Helper.RemoveTestMethodIfDataRowExists([new TestMethodAttribute(), new DataRowAttribute(1), new DataRowAttribute(2)]);
        XAssert.All(attributes, a => XAssert.IsType<DataRowAttribute>(a));
        XAssert.Equal(2, attributes.Length);
        object[] alone = [new TestMethodAttribute()];
        XAssert.Same(alone, Helper.RemoveTestMethodIfDataRowExists(alone));

        // Called as a static method: on the host, "array.SequenceEqual(...)" binds to MemoryExtensions instead.
        XAssert.True(TestExtensions.SequenceEqual(new[] { 1, 2 }, new[] { 1, 2 }));
        XAssert.False(TestExtensions.SequenceEqual(new[] { 1, 2 }, new long[] { 1, 2 }));
        XAssert.False(TestExtensions.SequenceEqual(new[] { double.NaN }, new[] { double.NaN }));
        XAssert.False(TestExtensions.SequenceEqual(new[] { "a" }, new[] { new string('a', 1) }));
        XAssert.False(TestExtensions.SequenceEqual(new[] { 1 }, null!));
        XAssert.Throws<ArgumentException>(() => new DataRowAttribute());
    }
}
