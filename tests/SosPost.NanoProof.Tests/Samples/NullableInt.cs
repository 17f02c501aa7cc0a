// No Nullable<T>, so no int?.
namespace Samples
{
    public static class NullableInt
    {
        public static int OrZero(bool present)
        {
            int? value = present ? 1 : null;
            return value ?? 0;
        }
    }
}
