using SosPost.Gateway.Console;
using SosPost.Gateway.Tests.Support;

namespace SosPost.Gateway.Tests.Storage.Contract;

/// <summary>What every <see cref="ILoginFailureStore"/> does, whatever database is under it.</summary>
public abstract class LoginFailureStoreContract : StoreContract
{
    private static readonly DateTimeOffset T0 = TestAlarms.ReceivedAt;

    private ILoginFailureStore Failures => Store.LoginFailures;

    [Fact]
    public async Task Recent_failures_of_a_key_are_listed_newest_first_up_to_the_limit_and_only_after_the_given_time()
    {
        for (var i = 0; i < 4; i++)
        {
            await Failures.RecordAsync(["user:ANNA", "address:10.0.0.7"], T0.AddMinutes(i), T0.AddHours(-1), None);
        }

        await Failures.RecordAsync(["user:BORIS"], T0.AddMinutes(5), T0.AddHours(-1), None);

        Assert.Equal([T0.AddMinutes(3), T0.AddMinutes(2)], await Failures.RecentAsync("user:ANNA", T0.AddMinutes(-1), 2, None));
        Assert.Equal([T0.AddMinutes(3), T0.AddMinutes(2)], await Failures.RecentAsync("address:10.0.0.7", T0.AddMinutes(1), 10, None));
        Assert.Equal([T0.AddMinutes(5)], await Failures.RecentAsync("user:BORIS", T0, 10, None));
        Assert.Empty(await Failures.RecentAsync("user:CARLA", T0.AddHours(-1), 10, None));
    }

    [Fact]
    public async Task Forgetting_a_key_keeps_the_failures_of_the_others()
    {
        await Failures.RecordAsync(["user:ANNA", "address:10.0.0.7"], T0, T0.AddHours(-1), None);

        await Failures.ForgetAsync("user:ANNA", None);

        Assert.Empty(await Failures.RecentAsync("user:ANNA", T0.AddHours(-1), 10, None));
        Assert.Equal([T0], await Failures.RecentAsync("address:10.0.0.7", T0.AddHours(-1), 10, None));
    }

    [Fact]
    public async Task Recording_a_failure_prunes_the_failures_older_than_asked()
    {
        await Failures.RecordAsync(["user:ANNA"], T0, T0.AddHours(-1), None);
        await Failures.RecordAsync(["user:BORIS"], T0.AddMinutes(20), T0.AddMinutes(5), None);

        Assert.Empty(await Failures.RecentAsync("user:ANNA", T0.AddHours(-1), 10, None));
        Assert.Equal([T0.AddMinutes(20)], await Failures.RecentAsync("user:BORIS", T0.AddHours(-1), 10, None));
    }
}
