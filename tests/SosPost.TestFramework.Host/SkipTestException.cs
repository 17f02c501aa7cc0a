using System;

namespace nanoFramework.TestFramework;

/// <summary>Thrown by <see cref="Assert.SkipTest"/>: the runner reports the test as skipped, not failed.</summary>
public class SkipTestException : Exception
{
    public SkipTestException(string? message = null, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
