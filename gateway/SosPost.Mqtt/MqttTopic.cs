using SosPost.Mqtt.Packets;

namespace SosPost.Mqtt;

/// <summary>Checks topic names and filters before they reach the wire, so a bad one fails the caller, not the session.</summary>
internal static class MqttTopic
{
    private const string SharePrefix = "$share/";

    public static void ValidateTopicName(string topic, string paramName)
    {
        ValidateString(topic, "topic name", paramName);
        if (topic.AsSpan().IndexOfAny('+', '#') >= 0)
        {
            throw new ArgumentException($"The topic name '{topic}' must not contain the wildcards + or #.", paramName);
        }
    }

    /// <summary>Accepts plain filters and shared subscriptions ($share/group/filter).</summary>
    public static void ValidateTopicFilter(string filter, string paramName)
    {
        ValidateString(filter, "topic filter", paramName);
        var rest = filter;
        if (filter.StartsWith(SharePrefix, StringComparison.Ordinal))
        {
            var slash = filter.IndexOf('/', SharePrefix.Length);
            var group = slash < 0 ? string.Empty : filter[SharePrefix.Length..slash];
            rest = slash < 0 ? string.Empty : filter[(slash + 1)..];
            if (group.Length == 0 || group.AsSpan().IndexOfAny('+', '#') >= 0 || rest.Length == 0)
            {
                throw new ArgumentException($"The shared subscription '{filter}' must be $share/<group>/<filter>.", paramName);
            }
        }

        var levels = rest.Split('/');
        for (var i = 0; i < levels.Length; i++)
        {
            var level = levels[i];
            var isLast = i == levels.Length - 1;
            var wildcardMisused = level.Contains('#', StringComparison.Ordinal) && (level != "#" || !isLast)
                || (level.Contains('+', StringComparison.Ordinal) && level != "+");
            if (wildcardMisused)
            {
                throw new ArgumentException(
                    $"The topic filter '{filter}' uses a wildcard wrongly: + must fill a whole level, # must be the whole last level.",
                    paramName);
            }
        }
    }

    private static void ValidateString(string value, string what, string paramName)
    {
        if (string.IsNullOrEmpty(value))
        {
            throw new ArgumentException($"A {what} must not be empty.", paramName);
        }

        if (!MqttWire.IsValidString(value))
        {
            throw new ArgumentException($"The {what} '{value}' is not a valid MQTT string (UTF-8, no U+0000, at most 65535 bytes).", paramName);
        }
    }
}
