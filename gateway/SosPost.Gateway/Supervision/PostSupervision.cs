using System.Data.Common;
using SosPost.Gateway.Maintenance;

namespace SosPost.Gateway.Supervision;

/// <summary>
/// What intake tells supervision: a fresh message from a post (it is online; an offline spell ends) and its last
/// will (offline). The silent posts are found by <see cref="SupervisionService"/>.
/// </summary>
public sealed class PostSupervision(IPostSupervisionStore store, MaintenanceMetrics metrics, ILogger<PostSupervision> logger)
{
    /// <summary>
    /// Never throws for the store: the message itself (an alarm) is already handled, and the post's next message
    /// tries again.
    /// </summary>
    public async Task HeardAsync(string postId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        OfflineSpell? spell;
        try
        {
            spell = await store.MarkHeardAsync(postId, at, cancellationToken);
        }
        catch (DbException ex)
        {
            logger.LogWarning(ex, "Could not record that post {PostId} was heard; its next message tries again", postId);
            return;
        }

        if (spell is not null)
        {
            logger.LogInformation(
                "Post {PostId} is back online after {OfflineFor} offline ({OfflineReason}); its offline alert is cleared",
                postId, at - spell.Since, spell.Reason);
        }
    }

    public async Task LastWillAsync(string postId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        if (await store.MarkOfflineAsync(postId, OfflineReason.LastWill, at, cancellationToken))
        {
            metrics.Raised(MaintenanceAlertType.Offline);
            logger.LogWarning("Post {PostId} is offline: the broker published its last will; maintenance alert raised", postId);
        }
    }
}
