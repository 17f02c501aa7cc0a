// Iterators need IEnumerable<T>, even when the method returns the non-generic IEnumerable.
using System.Collections;

namespace Samples
{
    public static class YieldReturn
    {
        public static IEnumerable Numbers()
        {
            yield return 1;
            yield return 2;
        }
    }
}
