using System;

// The device declares this one type in another namespace than the rest of the framework; so does the host.
namespace TestFrameworkShared;

/// <summary>Thrown by every failed assertion; the runner reports the test as failed with its message.</summary>
public class AssertFailedException : Exception
{
    public AssertFailedException()
    {
    }

    public AssertFailedException(string msg)
        : base(msg)
    {
    }

    public AssertFailedException(string msg, Exception ex)
        : base(msg, ex)
    {
    }
}
