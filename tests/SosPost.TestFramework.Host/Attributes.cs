using System;

namespace nanoFramework.TestFramework;

// The five attributes of the device's runner (UnitTestLauncher). AttributeUsage values are the device's:
// the API check compares them, because they decide what compiles (a second [DataRow] needs AllowMultiple).

/// <summary>Marks a class whose [Setup], [TestMethod], [DataRow] and [Cleanup] methods the runner calls.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public class TestClassAttribute : Attribute
{
    /// <summary>Lets a derived attribute change how the class's methods run; the default returns its argument.</summary>
    public virtual TestMethodAttribute GetTestMethodAttribute(TestMethodAttribute testMethodAttribute) => testMethodAttribute;
}

[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public class TestMethodAttribute : Attribute
{
}

/// <summary>Runs once per class, before its test methods (not before each one).</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public class SetupAttribute : Attribute
{
}

/// <summary>Runs once per class, after all its test methods.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public class CleanupAttribute : Attribute
{
}

/// <summary>One run of the method with these arguments; the method runs once per attribute.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public class DataRowAttribute : Attribute
{
    /// <exception cref="ArgumentNullException">No argument array.</exception>
    /// <exception cref="ArgumentException">An empty argument list.</exception>
    public DataRowAttribute(params object[] methodParameters)
    {
        if (methodParameters == null)
        {
            throw new ArgumentNullException(nameof(methodParameters));
        }

        if (methodParameters.Length == 0)
        {
            throw new ArgumentException("A data row needs at least one argument.", nameof(methodParameters));
        }

        MethodParameters = methodParameters;
    }

    public object[] MethodParameters { get; }
}
