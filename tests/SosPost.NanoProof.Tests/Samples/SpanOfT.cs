// No Span<T> in nanoFramework 1.x (only the byte-only SpanByte).
using System;

namespace Samples
{
    public static class SpanOfT
    {
        public static byte First(byte[] data)
        {
            Span<byte> span = data;
            return span[0];
        }
    }
}
