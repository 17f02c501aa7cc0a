using System;
using System.Linq;
using SosPost.Firmware.NanoTests.Bridge.Tests.Runner;
using SosPost.Firmware.NanoTests.Bridge.Tests.Samples;
using Xunit;

namespace SosPost.Firmware.NanoTests.Bridge.Tests;

/// <summary>The bridge's runner on deliberately broken sample classes: it can fail, skip and order like the device.</summary>
public sealed class RunnerTests
{
    [Fact]
    public void Failed_assertions_and_exceptions_are_reported_as_failures()
    {
        var results = NanoRunner.RunClass(typeof(FailingSample));

        Assert.Equal(NanoOutcome.Failed, Outcome(results, nameof(FailingSample.Wrong_value)));
        Assert.Contains("Expected:<1>. Actual:<2>.", Result(results, nameof(FailingSample.Wrong_value)).Message, StringComparison.Ordinal);
        Assert.Equal(NanoOutcome.Failed, Outcome(results, nameof(FailingSample.Unexpected_exception)));
        Assert.Contains("InvalidOperationException: the core crashed", Result(results, nameof(FailingSample.Unexpected_exception)).Message, StringComparison.Ordinal);
        Assert.Equal(NanoOutcome.Passed, Outcome(results, nameof(FailingSample.Passes)));
        Assert.Equal(
            [NanoOutcome.Passed, NanoOutcome.Failed],
            results.Where(r => r.Case.Method.Name == nameof(FailingSample.Only_the_first_row_passes)).Select(r => r.Outcome));
    }

    [Fact]
    public void A_failed_nano_case_fails_its_xunit_test_and_a_passed_one_does_not()
    {
        var results = NanoRunner.RunClass(typeof(FailingSample));

        var failure = Assert.ThrowsAny<Exception>(() => NanoReport.Report(Result(results, nameof(FailingSample.Wrong_value)), null));
        Assert.Contains("FailingSample.Wrong_value.0 failed", failure.Message, StringComparison.Ordinal);
        Assert.Contains("Expected:<1>. Actual:<2>.", failure.Message, StringComparison.Ordinal);
        Assert.Equal(failure.Message, NanoReport.FailureMessage(Result(results, nameof(FailingSample.Wrong_value))));
        Assert.Contains("Data row: 2", NanoReport.FailureMessage(results[^1])!, StringComparison.Ordinal);
        NanoReport.Report(Result(results, nameof(FailingSample.Passes)), null);
    }

    [Fact]
    public void Data_rows_are_numbered_as_on_nanoCLR_whatever_attributes_the_compiler_adds()
    {
        var method = typeof(CompilerAttributeSample).GetMethod(nameof(CompilerAttributeSample.Rows_with_a_string))!;
        Assert.Contains(method.GetCustomAttributes(true), a => a.GetType().Name == "NullableContextAttribute");

        var cases = NanoRunner.Cases(typeof(CompilerAttributeSample));

        Assert.Equal(["CompilerAttributeSample.Rows_with_a_string.0", "CompilerAttributeSample.Rows_with_a_string.1"], cases.Select(c => c.LauncherName.Split("Samples.")[1]));
    }

    [Fact]
    public void Skipped_setup_skips_the_whole_class()
    {
        var results = NanoRunner.RunClass(typeof(SkippedBySetupSample));

        Assert.All(results, r => Assert.Equal(NanoOutcome.Skipped, r.Outcome));
        Assert.Equal(3, results.Count);
        Assert.Contains("no camera on this bench", Result(results, nameof(SkippedBySetupSample.Never_runs)).Message, StringComparison.Ordinal);
        Assert.Null(NanoReport.FailureMessage(Result(results, nameof(SkippedBySetupSample.Never_runs))));
    }

    [Fact]
    public void Failed_setup_is_reported_and_the_tests_still_run_as_on_the_device()
    {
        var results = NanoRunner.RunClass(typeof(FailedSetupSample));

        Assert.Equal(NanoOutcome.Failed, Outcome(results, nameof(FailedSetupSample.Broken_setup)));
        Assert.Equal(NanoOutcome.Passed, Outcome(results, nameof(FailedSetupSample.Still_runs)));
        Assert.Equal(1, FailedSetupSample.TestRuns);
    }

    [Fact]
    public void Setup_runs_first_then_test_methods_then_data_rows_then_cleanup()
    {
        OrderSample.Calls.Clear();

        var results = NanoRunner.RunClass(typeof(OrderSample));

        Assert.Equal(["setup", "test", "row a", "row b", "cleanup"], OrderSample.Calls);
        Assert.All(results, r => Assert.Equal(NanoOutcome.Passed, r.Outcome));
        Assert.Equal(
            [NanoStage.Setup, NanoStage.TestMethod, NanoStage.DataRow, NanoStage.DataRow, NanoStage.Cleanup],
            results.Select(r => r.Case.Stage));
    }

    [Fact]
    public void Instance_test_method_fails_because_the_device_calls_it_without_an_instance()
    {
        var result = Assert.Single(NanoRunner.RunClass(typeof(InstanceMethodSample)));

        Assert.Equal(NanoOutcome.Failed, result.Outcome);
        Assert.Contains("must be static", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Data_row_values_must_match_the_parameters_exactly()
    {
        var results = NanoRunner.RunClass(typeof(DataRowMismatchSample));

        Assert.Equal(3, results.Count);
        Assert.All(results, r => Assert.Equal(NanoOutcome.Failed, r.Outcome));
        Assert.Contains("argument 1 (Int32) is not a Int64", Result(results, nameof(DataRowMismatchSample.Int_row_for_a_long)).Message, StringComparison.Ordinal);
        Assert.Contains("takes 1 argument(s) but its attribute gives 2", Result(results, nameof(DataRowMismatchSample.Two_values_for_one_parameter)).Message, StringComparison.Ordinal);
        Assert.Contains("only [DataRow] passes arguments", Result(results, nameof(DataRowMismatchSample.Parameter_without_data_row)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Skip_in_a_test_skips_that_test_only_and_output_is_kept_per_test()
    {
        var results = NanoRunner.RunClass(typeof(SkipAndOutputSample));

        Assert.Equal(NanoOutcome.Skipped, Outcome(results, nameof(SkipAndOutputSample.Skips)));
        Assert.Equal("needs a real board", Result(results, nameof(SkipAndOutputSample.Skips)).Message);
        Assert.Equal(NanoOutcome.Passed, Outcome(results, nameof(SkipAndOutputSample.Writes_output)));
        Assert.Equal("lamp on\n", Result(results, nameof(SkipAndOutputSample.Writes_output)).Output);
        Assert.Equal(NanoOutcome.Failed, Outcome(results, nameof(SkipAndOutputSample.Derived_skip_exception_is_a_failure)));
    }

    [Fact]
    public void Catalog_holds_the_nano_test_classes_and_none_of_the_samples()
    {
        Assert.Contains(typeof(AlarmTests), NanoTestCatalog.Classes);
        Assert.Contains(typeof(ProtocolTests), NanoTestCatalog.Classes);
        Assert.DoesNotContain(NanoTestCatalog.Classes, t => t.Namespace == typeof(FailingSample).Namespace);
        Assert.All(NanoTestCatalog.Classes, t => Assert.StartsWith("SosPost.Firmware.NanoTests.", t.FullName, StringComparison.Ordinal));
    }

    private static NanoResult Result(System.Collections.Generic.IReadOnlyList<NanoResult> results, string method) =>
        Assert.Single(results, r => r.Case.Method.Name == method);

    private static NanoOutcome Outcome(System.Collections.Generic.IReadOnlyList<NanoResult> results, string method) =>
        Result(results, method).Outcome;
}
