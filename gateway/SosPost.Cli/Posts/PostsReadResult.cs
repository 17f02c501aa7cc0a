namespace SosPost.Cli.Posts;

/// <summary>Posts read from a file, or every problem found, each naming its line or entry and field.</summary>
internal sealed class PostsReadResult
{
    public List<PostRecord> Posts { get; } = [];

    public List<string> Errors { get; } = [];

    public bool Ok => Errors.Count == 0;

    /// <summary>Adds the post unless its id repeats an earlier one (an error naming both places).</summary>
    public void AddUnlessDuplicate(PostRecord post, string where, Dictionary<string, string> firstPlaceOfId)
    {
        if (firstPlaceOfId.TryGetValue(post.Id, out var first))
        {
            Errors.Add($"{where}: id: \"{post.Id}\" repeats the id of {first}");
            return;
        }

        firstPlaceOfId.Add(post.Id, where);
        Posts.Add(post);
    }
}
