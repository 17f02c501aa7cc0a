// mscorlib has no public Math: System.Math is its own package and must be referenced.
using System;

namespace Samples
{
    public static class MathMax
    {
        public static int Larger(int a, int b) => Math.Max(a, b);
    }
}
