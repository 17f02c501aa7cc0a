// a[^1] needs System.Index.
namespace Samples
{
    public static class IndexFromEnd
    {
        public static int Last(int[] values) => values[^1];
    }
}
