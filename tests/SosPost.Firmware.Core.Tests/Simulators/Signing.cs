using System.Text;
using SosPost.Protocol.Security;

namespace SosPost.Firmware.Core.Tests.Simulators;

/// <summary>Reads what a post signed (docs/protocol.md, "Message authentication").</summary>
public static class Signing
{
    /// <summary>The payload as encoded before signing: without its ctr and mac fields.</summary>
    public static string Unsigned(byte[] signed)
    {
        var text = Encoding.UTF8.GetString(signed);
        var at = text.LastIndexOf(",\"ctr\":", StringComparison.Ordinal);
        Assert.True(at > 0 && MessageAuth.IsSigned(signed), "a signed payload: " + text);
        return text[..at] + "}";
    }

    /// <summary>The counter of a payload the bench post signed for <paramref name="topic"/>; fails when it does not verify.</summary>
    public static long CounterOf(string topic, byte[] signed)
    {
        Assert.True(new MessageAuth(PostRig.Key).Verify(topic, signed, out var counter), "signed with the post's key: " + Encoding.UTF8.GetString(signed));
        return counter;
    }
}
