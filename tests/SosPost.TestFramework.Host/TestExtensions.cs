using System;

namespace nanoFramework.TestFramework;

public static class TestExtensions
{
    /// <summary>
    /// Same length and, index by index, elements of the same runtime type that are equal. False when either
    /// array is null.
    /// </summary>
    public static bool SequenceEqual(this Array a, Array b)
    {
        if (a == null || b == null || a.Length != b.Length)
        {
            return false;
        }

        for (var i = 0; i < a.Length; i++)
        {
            if (!ElementsEqual(a.GetValue(i), b.GetValue(i)))
            {
                return false;
            }
        }

        return true;
    }

    // As on the device: primitives compare by value with ==, so NaN never equals NaN; anything else
    // (strings included) must be the same object.
    private static bool ElementsEqual(object? x, object? y)
    {
        if (x == null || y == null)
        {
            return x == y;
        }

        if (x.GetType() != y.GetType())
        {
            return false;
        }

        return x switch
        {
            double d => d == (double)y,
            float f => f == (float)y,
            _ when x.GetType().IsPrimitive => x.Equals(y),
            _ => ReferenceEquals(x, y),
        };
    }
}
