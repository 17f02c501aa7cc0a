// nanoFramework has no local time: DateTime.UtcNow only.
using System;

namespace Samples
{
    public static class DateTimeNow
    {
        public static DateTime Read() => DateTime.Now;
    }
}
