namespace SosPost.Mqtt.Tests;

public sealed class PacketIdsTests
{
    [Fact]
    public void Ids_wrap_around_without_zero_and_skip_ids_in_use()
    {
        var ids = new PacketIds();
        var first = ids.Next();
        for (var i = 0; i < ushort.MaxValue - 2; i++)
        {
            ids.Free(ids.Next());
        }

        var last = ids.Next(); // 65535
        var wrapped = ids.Next(); // 1 is still in use, so 2

        Assert.Equal((1, 65535, 2), (first, last, wrapped));
    }

    [Fact]
    public void All_ids_in_use_is_an_error_not_a_hang()
    {
        var ids = new PacketIds();
        for (var i = 0; i < ushort.MaxValue; i++)
        {
            ids.Next();
        }

        Assert.Throws<InvalidOperationException>(() => ids.Next());
    }
}
