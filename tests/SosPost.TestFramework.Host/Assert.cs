using System;
using System.Globalization;
using System.Runtime.CompilerServices;
using TestFrameworkShared;

namespace nanoFramework.TestFramework;

/// <summary>
/// The device's assertions: each failure throws <see cref="AssertFailedException"/>. The trailing message
/// defaults to the text of the checked argument (CallerArgumentExpression), as on the device.
/// </summary>
/// <remarks>
/// No [NotNull]/[DoesNotReturn] annotations: the device's listing carries none, so a test that relied on them
/// for nullable flow analysis would compile here and warn in the device build.
/// </remarks>
public sealed partial class Assert
{
    public static void IsTrue(bool condition, [CallerArgumentExpression(nameof(condition))] string message = "")
    {
        if (!condition)
        {
            Fail("Assert.IsTrue", "Expected true.", message);
        }
    }

    public static void IsFalse(bool condition, [CallerArgumentExpression(nameof(condition))] string message = "")
    {
        if (condition)
        {
            Fail("Assert.IsFalse", "Expected false.", message);
        }
    }

    public static void IsNull(object? value, [CallerArgumentExpression(nameof(value))] string message = "")
    {
        if (value != null)
        {
            Fail("Assert.IsNull", "Expected null. Actual:<" + Show(value) + ">.", message);
        }
    }

    public static void IsNotNull(object? value, [CallerArgumentExpression(nameof(value))] string message = "")
    {
        if (value == null)
        {
            Fail("Assert.IsNotNull", "Expected a value, got null.", message);
        }
    }

    public static void AreSame(object? expected, object? actual, [CallerArgumentExpression(nameof(actual))] string message = "")
    {
        if (ReferenceEquals(expected, actual))
        {
            return;
        }

        var hint = expected is ValueType || actual is ValueType
            ? "Value types are boxed separately and are never the same object: use AreEqual."
            : "Expected the same object.";
        Fail("Assert.AreSame", hint, message);
    }

    public static void AreNotSame(object? notExpected, object? actual, [CallerArgumentExpression(nameof(actual))] string message = "")
    {
        if (ReferenceEquals(notExpected, actual))
        {
            Fail("Assert.AreNotSame", "Expected two different objects.", message);
        }
    }

    /// <summary>Passes only for exactly that type (not a derived one), as on the device.</summary>
    public static void IsInstanceOfType(object? value, Type expected, [CallerArgumentExpression(nameof(value))] string message = "")
    {
        NotNullArgument(expected, "Assert.IsInstanceOfType", nameof(expected));
        if (value == null || value.GetType() != expected)
        {
            Fail("Assert.IsInstanceOfType", "Expected type:<" + expected + ">. Actual type:<" + Show(value?.GetType()) + ">.", message);
        }
    }

    public static void IsNotInstanceOfType(object? value, Type notExpected, [CallerArgumentExpression(nameof(value))] string message = "")
    {
        NotNullArgument(notExpected, "Assert.IsNotInstanceOfType", nameof(notExpected));
        if (value != null && value.GetType() == notExpected)
        {
            Fail("Assert.IsNotInstanceOfType", "Wrong type:<" + notExpected + ">.", message);
        }
    }

    /// <summary>Passes only when the action throws exactly that type (not a derived one), as on the device.</summary>
    public static void ThrowsException(Type exception, Action action, [CallerArgumentExpression(nameof(action))] string message = "")
    {
        NotNullArgument(exception, "Assert.ThrowsException", nameof(exception));
        NotNullArgument(action, "Assert.ThrowsException", nameof(action));
        try
        {
            action();
        }
        catch (Exception ex) when (ex is not AssertFailedException || exception == typeof(AssertFailedException))
        {
            if (ex.GetType() == exception)
            {
                return;
            }

            Fail("Assert.ThrowsException", "Expected " + exception.Name + ", but " + ex.GetType().Name + " was thrown: " + ex.Message, message);
        }

        Fail("Assert.ThrowsException", "Expected " + exception.Name + ", but nothing was thrown.", message);
    }

    public static void Contains(string expected, string value, [CallerArgumentExpression(nameof(value))] string message = "")
    {
        NotNullArgument(expected, "Assert.Contains", nameof(expected));
        NotNullArgument(value, "Assert.Contains", nameof(value));
        if (!value.Contains(expected, StringComparison.Ordinal))
        {
            Fail("Assert.Contains", "'" + value + "' does not contain '" + expected + "'.", message);
        }
    }

    public static void DoesNotContains(string notExpected, string value, [CallerArgumentExpression(nameof(value))] string message = "")
    {
        NotNullArgument(notExpected, "Assert.DoesNotContains", nameof(notExpected));
        NotNullArgument(value, "Assert.DoesNotContains", nameof(value));
        if (value.Contains(notExpected, StringComparison.Ordinal))
        {
            Fail("Assert.DoesNotContains", "'" + value + "' should not contain '" + notExpected + "'.", message);
        }
    }

    public static void StartsWith(string expected, string value, [CallerArgumentExpression(nameof(value))] string message = "")
    {
        NotNullArgument(expected, "Assert.StartsWith", nameof(expected));
        NotNullArgument(value, "Assert.StartsWith", nameof(value));
        if (!value.StartsWith(expected, StringComparison.Ordinal))
        {
            Fail("Assert.StartsWith", "'" + value + "' does not start with '" + expected + "'.", message);
        }
    }

    public static void EndsWith(string expected, string value, [CallerArgumentExpression(nameof(value))] string message = "")
    {
        NotNullArgument(expected, "Assert.EndsWith", nameof(expected));
        NotNullArgument(value, "Assert.EndsWith", nameof(value));
        if (!value.EndsWith(expected, StringComparison.Ordinal))
        {
            Fail("Assert.EndsWith", "'" + value + "' does not end with '" + expected + "'.", message);
        }
    }

    /// <summary>Ends the test as skipped; in a [Setup] method it skips the whole class.</summary>
    public static void SkipTest(string? message = null) => throw new SkipTestException(message);

    /// <summary>Throws the failure: "{assertion} failed. {what}[ {message}]".</summary>
    internal static void Fail(string assertion, string what, string? message)
    {
        var text = assertion + " failed. " + what;
        if (!string.IsNullOrEmpty(message))
        {
            text += " " + message;
        }

        throw new AssertFailedException(text.Replace("\0", "\\0", StringComparison.Ordinal));
    }

    internal static void NotNullArgument(object? value, string assertion, string parameter)
    {
        if (value == null)
        {
            Fail(assertion, "The parameter '" + parameter + "' is invalid: it cannot be null.", null);
        }
    }

    internal static string Show(object? value) => value switch
    {
        null => "(null)",
        DateTime time => time.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff", CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "(null)",
    };
}
