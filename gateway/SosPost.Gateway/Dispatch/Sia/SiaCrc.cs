namespace SosPost.Gateway.Dispatch.Sia;

/// <summary>
/// The DC-09 frame check: CRC-16/ARC (polynomial 0x8005 reflected as 0xA001, initial value 0, no final XOR).
/// Not CRC-16/CCITT (0x1021), which many snippets online use and receivers reject.
/// </summary>
public static class SiaCrc
{
    private static readonly ushort[] Table = BuildTable();

    public static ushort Compute(ReadOnlySpan<byte> data)
    {
        ushort crc = 0;
        foreach (var b in data)
        {
            crc = (ushort)((crc >> 8) ^ Table[(crc ^ b) & 0xFF]);
        }

        return crc;
    }

    private static ushort[] BuildTable()
    {
        var table = new ushort[256];
        for (var i = 0; i < table.Length; i++)
        {
            var crc = (ushort)i;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (ushort)((crc >> 1) ^ 0xA001) : (ushort)(crc >> 1);
            }

            table[i] = crc;
        }

        return table;
    }
}
