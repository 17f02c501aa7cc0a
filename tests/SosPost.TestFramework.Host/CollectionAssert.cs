using System.Collections;

namespace nanoFramework.TestFramework;

/// <summary>Element-by-element checks of collections (arrays, ArrayList, ...), with object.Equals per element.</summary>
public sealed class CollectionAssert
{
    public static void AreEqual(ICollection? expected, ICollection? actual, string message = "")
    {
        var difference = Difference(expected, actual);
        if (difference != null)
        {
            Assert.Fail("CollectionAssert.AreEqual", difference, message);
        }
    }

    public static void AreNotEqual(ICollection? notExpected, ICollection? actual, string message = "")
    {
        if (Difference(notExpected, actual) == null)
        {
            Assert.Fail("CollectionAssert.AreNotEqual", "Both collections contain the same elements.", message);
        }
    }

    public static void Empty(ICollection collection, string message = "")
    {
        Assert.NotNullArgument(collection, "CollectionAssert.Empty", nameof(collection));
        if (collection.Count != 0)
        {
            Assert.Fail("CollectionAssert.Empty", "Expected no elements. Actual count:<" + collection.Count + ">.", message);
        }
    }

    public static void NotEmpty(ICollection collection, string message = "")
    {
        Assert.NotNullArgument(collection, "CollectionAssert.NotEmpty", nameof(collection));
        if (collection.Count == 0)
        {
            Assert.Fail("CollectionAssert.NotEmpty", "Expected at least one element.", message);
        }
    }

    // Null when equal (same reference, or same count and equal elements in order), else what differs.
    private static string? Difference(ICollection? expected, ICollection? actual)
    {
        if (ReferenceEquals(expected, actual))
        {
            return null;
        }

        if (expected == null || actual == null)
        {
            return "Expected:<" + (expected == null ? "(null)" : "a collection") + ">. Actual:<" + (actual == null ? "(null)" : "a collection") + ">.";
        }

        if (expected.Count != actual.Count)
        {
            return "Different number of elements. Expected:<" + expected.Count + ">. Actual:<" + actual.Count + ">.";
        }

        var e = expected.GetEnumerator();
        var a = actual.GetEnumerator();
        for (var i = 0; e.MoveNext() && a.MoveNext(); i++)
        {
            if (!Equals(e.Current, a.Current))
            {
                return "Element at index " + i + " differs. Expected:<" + Assert.Show(e.Current) + ">. Actual:<" + Assert.Show(a.Current) + ">.";
            }
        }

        return null;
    }
}
