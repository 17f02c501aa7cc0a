// Tuples need System.ValueTuple, which nanoFramework lacks.
namespace Samples
{
    public static class TupleValue
    {
        public static int Sum()
        {
            var (a, b) = (1, 2);
            return a + b;
        }
    }
}
