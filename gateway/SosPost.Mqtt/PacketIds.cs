namespace SosPost.Mqtt;

/// <summary>Hands out packet identifiers 1 to 65535 that are not in use, round robin so a late ack rarely meets a reused id.</summary>
internal sealed class PacketIds
{
    private readonly HashSet<ushort> _inUse = [];
    private ushort _last;

    public int InUse => _inUse.Count;

    public ushort Next()
    {
        if (_inUse.Count == ushort.MaxValue)
        {
            throw new InvalidOperationException("All 65535 MQTT packet identifiers are in use.");
        }

        do
        {
            _last = _last == ushort.MaxValue ? (ushort)1 : (ushort)(_last + 1);
        }
        while (!_inUse.Add(_last));

        return _last;
    }

    public void Free(ushort id) => _inUse.Remove(id);
}
