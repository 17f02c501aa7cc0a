// nanoFramework 1.x has no generic collections: List<T> must not compile.
using System.Collections.Generic;

namespace Samples
{
    public static class GenericList
    {
        public static int CountOne()
        {
            var values = new List<int>();
            values.Add(1);
            return values.Count;
        }
    }
}
