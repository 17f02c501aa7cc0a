// nanoFramework's mscorlib has no IsVolatile modifier type, so no volatile fields.
namespace Samples
{
    public sealed class VolatileField
    {
        private volatile int _count;

        public int Next() => ++_count;
    }
}
