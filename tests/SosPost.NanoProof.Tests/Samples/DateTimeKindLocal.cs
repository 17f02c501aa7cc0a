// DateTimeKind.Local exists but is [Obsolete(error: true)]: nanoFramework has no local time.
using System;

namespace Samples
{
    public static class DateTimeKindLocal
    {
        public static DateTimeKind Kind() => DateTimeKind.Local;
    }
}
