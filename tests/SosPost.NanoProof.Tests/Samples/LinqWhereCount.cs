// No System.Linq on nanoFramework.
using System.Linq;

namespace Samples
{
    public static class LinqWhereCount
    {
        public static int CountLarge(int[] values) => values.Where(v => v > 10).Count();
    }
}
