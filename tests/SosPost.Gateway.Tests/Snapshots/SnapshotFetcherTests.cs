using Microsoft.Extensions.Options;
using SosPost.Gateway.Snapshots;

namespace SosPost.Gateway.Tests.Snapshots;

/// <summary>One attempt against a real HTTP camera on loopback, for each way a camera answers.</summary>
public sealed class SnapshotFetcherTests : IAsyncLifetime
{
    private static readonly SnapshotCredential Login = new() { UserName = CameraServer.UserName, Password = CameraServer.Password };
    private CameraServer _camera = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _camera = await CameraServer.StartAsync();

    public async ValueTask DisposeAsync() => await _camera.DisposeAsync();

    [Theory]
    [InlineData("/basic/still.jpg")]
    [InlineData("/digest/still.jpg")]
    public async Task A_camera_behind_basic_or_digest_auth_gives_its_picture_to_the_configured_login(string path)
    {
        using var fetcher = Fetcher();

        var fetch = await fetcher.FetchAsync(_camera.Url(path), Login, Ct);

        Assert.Null(fetch.Failure);
        Assert.Equal(CameraServer.Jpeg, fetch.Image!.Bytes);
        Assert.Equal("image/jpeg", fetch.Image.ContentType);
        Assert.Equal(2, _camera.Requests(path)); // the challenge, then the answer to it
    }

    [Fact]
    public async Task A_png_is_taken_too()
    {
        using var fetcher = Fetcher();

        var fetch = await fetcher.FetchAsync(_camera.Url("/open/still.png"), null, Ct);

        Assert.Equal(("image/png", CameraServer.Png.Length), (fetch.Image!.ContentType, fetch.Image.Bytes.Length));
    }

    [Theory]
    [InlineData("/basic/still.jpg")]
    [InlineData("/digest/still.jpg")]
    public async Task A_wrong_password_is_unauthorized_and_not_worth_retrying(string path)
    {
        using var fetcher = Fetcher();

        var fetch = await fetcher.FetchAsync(_camera.Url(path), new SnapshotCredential { UserName = CameraServer.UserName, Password = "wrong" }, Ct);

        Assert.Equal((SnapshotFailure.Unauthorized, false), (fetch.Failure, fetch.Transient));
        Assert.Null(fetch.Image);
        Assert.DoesNotContain("wrong", fetch.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_camera_that_wants_a_login_when_none_is_configured_says_so()
    {
        using var fetcher = Fetcher();

        var fetch = await fetcher.FetchAsync(_camera.Url("/basic/still.jpg"), null, Ct);

        Assert.Equal(SnapshotFailure.Unauthorized, fetch.Failure);
        Assert.Contains("none is configured", fetch.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_dead_camera_is_unreachable_and_worth_retrying()
    {
        using var fetcher = Fetcher();

        var fetch = await fetcher.FetchAsync(CameraServer.DeadCamera(), Login, Ct);

        Assert.Equal((SnapshotFailure.Unreachable, true), (fetch.Failure, fetch.Transient));
    }

    [Fact]
    public async Task A_camera_that_does_not_answer_in_time_is_given_up_at_the_timeout()
    {
        using var fetcher = Fetcher(o => o.Timeout = TimeSpan.FromMilliseconds(300));
        var started = TimeProvider.System.GetTimestamp();

        var fetch = await fetcher.FetchAsync(_camera.Url("/slow/still.jpg"), null, Ct);

        Assert.Equal((SnapshotFailure.Timeout, true), (fetch.Failure, fetch.Transient));
        Assert.InRange(TimeProvider.System.GetElapsedTime(started), TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(5));
        Assert.Equal(0, _camera.SlowAnswered);
    }

    [Theory]
    [InlineData("/html")]
    [InlineData("/liar.jpg")]
    public async Task Something_that_is_not_a_picture_is_refused(string path)
    {
        using var fetcher = Fetcher();

        var fetch = await fetcher.FetchAsync(_camera.Url(path), null, Ct);

        Assert.Equal((SnapshotFailure.NotImage, false), (fetch.Failure, fetch.Transient));
    }

    [Theory]
    [InlineData("/big.jpg")]
    [InlineData("/big-chunked.jpg")]
    public async Task A_picture_over_the_size_cap_is_refused_whether_or_not_it_says_its_length(string path)
    {
        using var fetcher = Fetcher(o => o.MaxBytes = CameraServer.BigBytes / 2);

        var fetch = await fetcher.FetchAsync(_camera.Url(path), null, Ct);

        Assert.Equal((SnapshotFailure.TooLarge, false), (fetch.Failure, fetch.Transient));
    }

    [Fact]
    public async Task A_server_error_is_worth_retrying()
    {
        using var fetcher = Fetcher();

        var first = await fetcher.FetchAsync(_camera.Url("/flaky/still.jpg"), null, Ct);
        var second = await fetcher.FetchAsync(_camera.Url("/flaky/still.jpg"), null, Ct);

        Assert.Equal((SnapshotFailure.HttpStatus, true), (first.Failure, first.Transient));
        Assert.NotNull(second.Image);
    }

    private static SnapshotFetcher Fetcher(Action<SnapshotOptions>? configure = null)
    {
        var options = new SnapshotOptions { Timeout = TimeSpan.FromSeconds(5) };
        configure?.Invoke(options);
        Assert.Empty(options.Validate());
        return new SnapshotFetcher(Options.Create(options), TimeProvider.System);
    }
}
