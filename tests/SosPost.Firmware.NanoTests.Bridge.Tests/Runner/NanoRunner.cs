using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Text;
using nanoFramework.TestFramework;

namespace SosPost.Firmware.NanoTests.Bridge.Tests.Runner;

/// <summary>
/// Runs nanoFramework test classes on the host the way the device's launcher (nanoFramework.UnitTestLauncher,
/// TestFramework 3.0) does: for each [TestClass], its public methods' [Setup]s first, then the [TestMethod]s,
/// then every [DataRow], then the [Cleanup]s; each call is <c>method.Invoke(null, dataRowArguments)</c>; a
/// <see cref="SkipTestException"/> (that exact type) skips the case, any other exception fails it; a skipped
/// [Setup] skips the rest of the class. Stricter than the device where the device would be lenient in a way
/// that hides bugs: an instance method or a data row whose values do not match the parameters exactly fails.
/// </summary>
internal static class NanoRunner
{
    private static readonly (Type Attribute, NanoStage Stage)[] StageOrder =
    [
        (typeof(SetupAttribute), NanoStage.Setup),
        (typeof(TestMethodAttribute), NanoStage.TestMethod),
        (typeof(DataRowAttribute), NanoStage.DataRow),
        (typeof(CleanupAttribute), NanoStage.Cleanup),
    ];

    /// <summary>The launcher's test: a class whose own attributes include exactly <see cref="TestClassAttribute"/>.</summary>
    public static bool IsTestClass(Type type) =>
        type.IsClass && type.GetCustomAttributes(true).Any(a => a.GetType() == typeof(TestClassAttribute));

    /// <summary>The class's cases in the order the launcher runs them.</summary>
    public static IReadOnlyList<NanoCase> Cases(Type testClass)
    {
        // Type.GetMethods(): the public methods, static and instance, as the launcher asks for them.
        var methods = testClass.GetMethods();
        var cases = new List<NanoCase>();
        foreach (var (attributeType, stage) in StageOrder)
        {
            foreach (var method in methods)
            {
                var attributes = Helper.RemoveTestMethodIfDataRowExists(AttributesOnTheDevice(method));
                for (var i = 0; i < attributes.Length; i++)
                {
                    if (attributes[i].GetType() == attributeType)
                    {
                        var arguments = attributes[i] is DataRowAttribute row ? row.MethodParameters : null;
                        cases.Add(new NanoCase(testClass, method, stage, i, arguments));
                    }
                }
            }
        }

        return cases;
    }

    /// <summary>
    /// The method's attributes as the device sees them. The compiler adds attributes of its own, such as
    /// NullableContextAttribute on a method with a string parameter; the MetadataProcessor leaves them out of the
    /// .pe, so on nanoCLR they neither exist nor shift the index that names a data row (NanoClrTests caught this:
    /// the host numbered the rows of BeaconTests.State_names_are_the_ones_in_the_log 1-5, nanoCLR 0-4).
    /// </summary>
    public static object[] AttributesOnTheDevice(MethodInfo method) =>
        method.GetCustomAttributes(true)
            .Where(a => a.GetType().Namespace != "System.Runtime.CompilerServices")
            .ToArray();

    /// <summary>Runs one class from [Setup] to [Cleanup]; one result per case of <see cref="Cases"/>, in that order.</summary>
    public static IReadOnlyList<NanoResult> RunClass(Type testClass)
    {
        var results = new List<NanoResult>();
        string? skippedBySetup = null;
        foreach (var testCase in Cases(testClass))
        {
            if (skippedBySetup != null)
            {
                // On the device these are never called (nor reported); here they show up as skipped.
                results.Add(new NanoResult(testCase, NanoOutcome.Skipped, skippedBySetup, null, string.Empty));
                continue;
            }

            var result = Run(testCase);
            results.Add(result);
            if (testCase.Stage == NanoStage.Setup && result.Outcome == NanoOutcome.Skipped)
            {
                skippedBySetup = "not run: [Setup] " + testCase.Method.Name + " skipped the class (" + result.Message + ")";
            }
        }

        return results;
    }

    private static NanoResult Run(NanoCase testCase)
    {
        var problem = CallProblem(testCase);
        if (problem != null)
        {
            return new NanoResult(testCase, NanoOutcome.Failed, problem, null, string.Empty);
        }

        var output = new StringBuilder();
        var previous = OutputHelper.Capture;
        OutputHelper.Capture = output;
        try
        {
            testCase.Method.Invoke(null, BindingFlags.DoNotWrapExceptions, binder: null, testCase.Arguments, culture: null);
            return new NanoResult(testCase, NanoOutcome.Passed, string.Empty, null, output.ToString());
        }
        catch (Exception ex) when (ex.GetType() == typeof(SkipTestException))
        {
            return new NanoResult(testCase, NanoOutcome.Skipped, ex.Message, ex, output.ToString());
        }
        catch (Exception ex)
        {
            return new NanoResult(testCase, NanoOutcome.Failed, ex.GetType().Name + ": " + ex.Message, ex, output.ToString());
        }
        finally
        {
            OutputHelper.Capture = previous;
        }
    }

    // Why the call could not be made the way the device makes it; null when it can.
    private static string? CallProblem(NanoCase testCase)
    {
        var method = testCase.Method;
        if (!method.IsStatic)
        {
            return method.Name + " must be static: the device's launcher calls test methods without an instance "
                + "(Invoke(null, ...)), so instance fields would never be initialised there.";
        }

        var parameters = method.GetParameters();
        var arguments = testCase.Arguments ?? [];
        if (arguments.Length != parameters.Length)
        {
            return method.Name + " takes " + parameters.Length + " argument(s) but its attribute gives " + arguments.Length
                + (testCase.Stage == NanoStage.DataRow ? " (data row " + testCase.AttributeIndex + ")." : ": only [DataRow] passes arguments.");
        }

        for (var i = 0; i < parameters.Length; i++)
        {
            var type = parameters[i].ParameterType;
            var argument = arguments[i];
            var fits = argument == null ? !type.IsValueType : argument.GetType() == type;
            if (!fits)
            {
                return "data row " + testCase.AttributeIndex + " of " + method.Name + ": argument " + (i + 1) + " ("
                    + (argument?.GetType().Name ?? "null") + ") is not a " + type.Name
                    + "; the device passes data row values as they are, without conversion.";
            }
        }

        return null;
    }
}
