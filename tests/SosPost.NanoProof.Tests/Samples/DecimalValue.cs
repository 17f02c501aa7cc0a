// No decimal in nanoFramework's mscorlib.
namespace Samples
{
    public static class DecimalValue
    {
        public static decimal Price() => 1.5m;
    }
}
